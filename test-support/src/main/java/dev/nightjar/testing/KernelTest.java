package dev.nightjar.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test class or method {@code kernel}: it needs root or the real kernel (loading eBPF
 * programs, network namespaces, /proc of other processes, starting a sensor). On a laptop,
 * {@code ./mvnw test -DexcludedGroups=kernel} leaves these out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("kernel")
public @interface KernelTest {
}

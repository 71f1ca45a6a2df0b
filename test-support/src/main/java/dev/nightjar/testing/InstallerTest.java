package dev.nightjar.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test class or method {@code installer}: it checks or installs a built package or
 * image (.deb, .rpm, the sensor's OCI archive), usually in a debootstrapped root; slow, and
 * most need root. {@code -DexcludedGroups=installer} leaves these out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("installer")
public @interface InstallerTest {
}

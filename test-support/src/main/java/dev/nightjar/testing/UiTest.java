package dev.nightjar.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tags a test class or method {@code ui}: it shows a real JavaFX scene (TestFX on Monocle's
 * headless platform, or an installed app on an Xvfb display). {@code -DexcludedGroups=ui}
 * leaves these out.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("ui")
public @interface UiTest {
}

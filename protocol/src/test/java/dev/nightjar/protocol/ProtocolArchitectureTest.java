package dev.nightjar.protocol;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.nightjar.testing.arch.PackageRules;

/**
 * The protocol module's package rules, checked on its main classes (the generated
 * {@code v1} messages included). Both the desktop and the sensor depend on this
 * module, so it uses neither JavaFX nor native memory.
 */
@AnalyzeClasses(packages = "dev.nightjar.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {

    /** Every package is a slice, the root (EventKind) included. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = PackageRules.PACKAGES_FREE_OF_CYCLES;

    @ArchTest
    static final ArchRule nothingUsesJavaFx = PackageRules.NO_JAVAFX;

    /** Wire and bundle data are plain Java values. */
    @ArchTest
    static final ArchRule nothingUsesForeignMemory = PackageRules.NO_FOREIGN_MEMORY;
}

package dev.nightjar.testing.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules every module checks on its main classes (docs/DEVELOPING.md). A module's
 * architecture test names them as its own {@code @ArchTest} fields, next to the rules only
 * it has; each rule applies to the classes that test's {@code @AnalyzeClasses} imports.
 */
public final class PackageRules {

    /** Every package is a slice (a module's root package included): no two depend on each other. */
    public static final ArchRule PACKAGES_FREE_OF_CYCLES = slices().matching("dev.nightjar.(**)").namingSlices("$1")
            .should().beFreeOfCycles();

    /** Only the desktop's ui packages may use JavaFX; the protocol and the sensor none at all. */
    public static final ArchRule NO_JAVAFX = noClasses().should().dependOnClassesThat().resideInAPackage("javafx..");

    /** FFM is the sensor's libbpf layer's; a module without native code uses none of it. */
    public static final ArchRule NO_FOREIGN_MEMORY = noClasses().should().dependOnClassesThat()
            .resideInAPackage("java.lang.foreign..")
            .because("native memory belongs to the sensor's libbpf layer; everything else works on Java values");

    private PackageRules() {
    }
}

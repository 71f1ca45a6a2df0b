package dev.nightjar.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The protocol module's package rules, checked on its main classes (the generated
 * {@code v1} messages included). Both the desktop and the sensor depend on this
 * module, so it uses neither JavaFX nor native memory.
 */
@AnalyzeClasses(packages = "dev.nightjar.protocol", importOptions = ImportOption.DoNotIncludeTests.class)
class ProtocolArchitectureTest {

    /** Every package is a slice, the root (EventKind) included. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.nightjar.(**)").namingSlices("$1")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule nothingUsesJavaFx = noClasses().should().dependOnClassesThat().resideInAPackage("javafx..");

    @ArchTest
    static final ArchRule nothingUsesForeignMemory = noClasses().should().dependOnClassesThat()
            .resideInAPackage("java.lang.foreign..")
            .because("wire and bundle data are plain Java values; native memory belongs to the sensor's libbpf layer");
}

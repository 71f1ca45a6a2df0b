package dev.nightjar.desktop;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.nightjar.testing.arch.PackageRules;

/**
 * The package rules of docs/DEVELOPING.md ("Desktop packages"), checked on the main classes.
 * A rule that fails names the classes and the dependency that broke it; the fix is to move
 * the class or turn the dependency around, not to widen the rule.
 */
@AnalyzeClasses(packages = "dev.nightjar.desktop", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** Feature packages (drops with drops.policy, ui with all its pages) depend one way. */
    @ArchTest
    static final ArchRule featurePackagesAreFreeOfCycles = slices()
            .matching("dev.nightjar.desktop.(*)..").namingSlices("$1")
            .should().beFreeOfCycles();

    /** And so does every single package, so ui.workbench → ui.flows never points back. */
    @ArchTest
    static final ArchRule everyPackageIsFreeOfCycles = PackageRules.PACKAGES_FREE_OF_CYCLES;

    /** Models, the store and the cluster code run in tests and the CLI without a toolkit. */
    @ArchTest
    static final ArchRule uiToolkitsOnlyInUi = noClasses()
            .that().resideOutsideOfPackage("dev.nightjar.desktop.ui..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "javafx..", "org.controlsfx..", "org.kordamp.ikonli..", "com.sun.javafx..")
            .because("only ..ui.. packages import javafx; view models there hold the properties");

    /** Nothing below the UI reaches up into it; the CLI may start the window. */
    @ArchTest
    static final ArchRule onlyTheCliReachesTheUi = noClasses()
            .that().resideOutsideOfPackages("dev.nightjar.desktop.ui..", "dev.nightjar.desktop.cli..")
            .and().resideOutsideOfPackage("dev.nightjar.desktop")
            .should().dependOnClassesThat().resideInAPackage("dev.nightjar.desktop.ui..");

    /** The store is the leaf everything reads from: live streams and bundles fill it the same way. */
    @ArchTest
    static final ArchRule theStoreIsALeaf = classes()
            .that().resideInAPackage("dev.nightjar.desktop.capture..")
            .should().onlyDependOnClassesThat().resideInAnyPackage(
                    "dev.nightjar.desktop.capture..", "dev.nightjar.protocol..", "java..", "com.google.protobuf..");

    /** Endpoint naming is shared by the cluster (which fills it) and every page (which reads it). */
    @ArchTest
    static final ArchRule namingIsALeaf = classes()
            .that().resideInAPackage("dev.nightjar.desktop.naming..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.nightjar.desktop.naming..", "java..");

    /**
     * fabric8 is used where the cluster is talked to (connecting, naming, sessions), and in one
     * more place for its model classes only: the drop explainer evaluates NetworkPolicies, which
     * the cluster snapshot carries as fabric8 objects, with the API's own types rather than a
     * copy of them. The bundle writes the snapshot through cluster.ClusterSnapshotJson, so it
     * needs no fabric8 of its own.
     */
    @ArchTest
    static final ArchRule fabric8OnlyInClusterSessionAndPolicyModel = noClasses()
            .that().resideOutsideOfPackages("dev.nightjar.desktop.cluster..", "dev.nightjar.desktop.session..",
                    "dev.nightjar.desktop.drops.policy..")
            .should().dependOnClassesThat().resideInAPackage("io.fabric8..");

    @ArchTest
    static final ArchRule policyEvaluatorUsesTheModelOnly = noClasses()
            .that().resideInAPackage("dev.nightjar.desktop.drops.policy..")
            .should().dependOnClassesThat(resideInAPackage("io.fabric8..")
                    .and(not(resideInAPackage("io.fabric8.kubernetes.api.model.."))));

    /**
     * The HTTP client under fabric8 is a choice made in one place (cluster.KubeHttpClientFactory,
     * which adds tls-server-name to it); nothing else may come to depend on OkHttp.
     */
    @ArchTest
    static final ArchRule okHttpOnlyInCluster = noClasses()
            .that().resideOutsideOfPackage("dev.nightjar.desktop.cluster..")
            .should().dependOnClassesThat().resideInAPackage("okhttp3..");

    /** The desktop has no native code; FFM belongs to the sensor's libbpf binding. */
    @ArchTest
    static final ArchRule noForeignMemory = PackageRules.NO_FOREIGN_MEMORY;
}

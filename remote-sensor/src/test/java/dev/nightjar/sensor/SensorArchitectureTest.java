package dev.nightjar.sensor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.nightjar.testing.arch.PackageRules;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;

/**
 * The sensor's package rules, checked on its main classes.
 *
 * <p>Where FFM may be used, decided by what each package needs:
 * <ul>
 *   <li>The restricted part (native calls through {@link Linker} and {@link SymbolLookup},
 *       {@link MemorySegment#reinterpret} and {@link AddressLayout#withTargetLayout}, which turn a
 *       raw address into memory the JVM trusts and can crash it when wrong) only in
 *       {@code sensor.libbpf}: it owns every native object and mapping.</li>
 *   <li>The memory-safe part ({@link MemorySegment}, value layouts, confined arenas) also where kernel
 *       data is read: {@code collect}, {@code drops}, {@code flows}, {@code syscalls}, {@code profile},
 *       {@code security}
 *       decode ring-buffer records and map entries that libbpf hands over as segments (bounds- and
 *       scope-checked, so a mistake throws instead of crashing).</li>
 *   <li>Nowhere else. In particular not in {@code symbols}: its ELF, perf-map and /proc/maps readers
 *       read untrusted files into the heap on purpose (BoundedFile), so a binary truncated while being
 *       read gives a short read rather than a SIGBUS from a mapping; they need no FFM.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "dev.nightjar.sensor", importOptions = ImportOption.DoNotIncludeTests.class)
class SensorArchitectureTest {

    private static final String LIBBPF = "dev.nightjar.sensor.libbpf";

    private static final DescribedPredicate<JavaMethodCall> RESTRICTED_FFM_METHOD = DescribedPredicate.describe(
            "the target is a restricted FFM method (MemorySegment.reinterpret, AddressLayout.withTargetLayout)",
            call -> call.getTargetOwner().isAssignableTo(MemorySegment.class) && call.getName().equals("reinterpret")
                    || call.getTargetOwner().isAssignableTo(AddressLayout.class)
                    && call.getName().equals("withTargetLayout"));

    /** Every package is a slice, the root (SensorMain) included. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = PackageRules.PACKAGES_FREE_OF_CYCLES;

    @ArchTest
    static final ArchRule nothingUsesJavaFx = PackageRules.NO_JAVAFX;

    @ArchTest
    static final ArchRule nativeAccessOnlyInLibbpf = noClasses().that().resideOutsideOfPackage(LIBBPF)
            .should().dependOnClassesThat().belongToAnyOf(Linker.class, SymbolLookup.class, FunctionDescriptor.class)
            .orShould().callMethodWhere(RESTRICTED_FFM_METHOD)
            .because("only sensor.libbpf turns native addresses into memory the JVM trusts");

    @ArchTest
    static final ArchRule foreignMemoryOnlyWhereKernelDataIsRead = noClasses()
            .that().resideOutsideOfPackages(LIBBPF, "dev.nightjar.sensor.collect", "dev.nightjar.sensor.drops",
                    "dev.nightjar.sensor.flows", "dev.nightjar.sensor.syscalls", "dev.nightjar.sensor.profile",
                    "dev.nightjar.sensor.requests",
                    "dev.nightjar.sensor.security")
            .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
            .because("segments are how libbpf hands over kernel data; everything else works on Java values");
}

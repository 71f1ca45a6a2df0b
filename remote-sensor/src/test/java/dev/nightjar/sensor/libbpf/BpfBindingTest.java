package dev.nightjar.sensor.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nightjar.sensor.lab.KernelTestSupport;
import dev.nightjar.testing.KernelTest;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binding against the real libbpf and kernel, with the test-only object bpf/test/binding_test.bpf.c. */
@KernelTest
class BpfBindingTest {

    private LibBpf lib;
    private BpfObject object;
    private Arena arena;

    @BeforeEach
    void loadTestObject() {
        lib = KernelTestSupport.requireBpf();
        object = BpfObject.openEmbedded(lib, "binding_test");
        object.load();
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        if (object != null) {
            object.close();
        }
        if (arena != null) {
            arena.close();
        }
    }

    private MemorySegment u32(int value) {
        MemorySegment s = arena.allocate(JAVA_INT);
        s.set(JAVA_INT, 0, value);
        return s;
    }

    private MemorySegment u64(long value) {
        MemorySegment s = arena.allocate(JAVA_LONG);
        s.set(JAVA_LONG, 0, value);
        return s;
    }

    private void fill(BpfMap map, int count) {
        for (int k = 1; k <= count; k++) {
            map.update(u32(k), u64(k * 100L), BpfMap.UpdateMode.ANY);
        }
    }

    private static Map<Integer, Long> collect(BpfMap map, boolean drain, boolean viaIteration) {
        Map<Integer, Long> seen = new HashMap<>();
        BpfMap.EntryVisitor visitor = (k, v) -> seen.put(k.get(JAVA_INT, 0), v.get(JAVA_LONG, 0));
        int visited = viaIteration ? map.iterate(drain, visitor) : drain ? map.drain(visitor) : map.forEach(visitor);
        assertThat(visited).isEqualTo(seen.size());
        return seen;
    }

    @Test
    void mapUpdateLookupDeleteAndIterate() {
        BpfMap map = object.map("test_hash");
        assertThat(map.type()).isEqualTo(BpfMap.TYPE_HASH);
        assertThat(map.keySize()).isEqualTo(4);
        assertThat(map.valueSize()).isEqualTo(8);
        assertThat(map.maxEntries()).isEqualTo(256);
        fill(map, 10);

        MemorySegment value = arena.allocate(JAVA_LONG);
        assertThat(map.lookup(u32(5), value)).isTrue();
        assertThat(value.get(JAVA_LONG, 0)).isEqualTo(500);
        assertThatThrownBy(() -> map.update(u32(5), u64(1), BpfMap.UpdateMode.NO_EXIST))
                .isInstanceOfSatisfying(BpfMapException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.operation()).isEqualTo("bpf_map_update_elem");
                    assertThat(e.mapName()).isEqualTo("test_hash");
                });
        assertThat(map.delete(u32(5))).isTrue();
        assertThat(map.delete(u32(5))).as("second delete of the same key").isFalse();
        assertThat(map.lookup(u32(5), value)).isFalse();

        TreeSet<Integer> keys = new TreeSet<>();
        MemorySegment previous = MemorySegment.NULL;
        MemorySegment next = arena.allocate(JAVA_INT);
        while (map.nextKey(previous, next)) {
            keys.add(next.get(JAVA_INT, 0));
            previous = u32(next.get(JAVA_INT, 0));
        }
        assertThat(keys).containsExactly(1, 2, 3, 4, 6, 7, 8, 9, 10);

        Map<Integer, Long> all = collect(map, false, false);
        assertThat(all).hasSize(9).containsEntry(7, 700L).doesNotContainKey(5);
        assertThat(collect(map, false, false)).as("forEach leaves the map as it was").isEqualTo(all);
    }

    @Test
    void batchLookupAndDeleteDrainsEveryEntryOnce() {
        BpfMap map = object.map("test_hash");
        fill(map, 200);
        Map<Integer, Long> drained = collect(map, true, false);
        assertThat(map.batchSupported()).as("kernel 6.x has lookup-and-delete batches for hash maps").isTrue();
        assertThat(drained).hasSize(200).containsEntry(1, 100L).containsEntry(200, 20_000L);
        assertThat(collect(map, false, false)).as("map empty after drain").isEmpty();
    }

    @Test
    void iterateAndDeleteFallbackDrainsEveryEntryOnce() {
        BpfMap map = object.map("test_hash");
        fill(map, 200);
        Map<Integer, Long> seen = collect(map, false, true);
        assertThat(seen).hasSize(200);
        Map<Integer, Long> drained = collect(map, true, true);
        assertThat(drained).isEqualTo(seen);
        assertThat(collect(map, false, true)).isEmpty();
    }

    @Test
    void ringBufferDeliversEveryRecordTheKernelProduced() {
        object.map("test_config").update(u32(0), u64(ProcessHandle.current().pid()), BpfMap.UpdateMode.ANY);
        RingBuffer ring = object.ringBuffer("test_ring");
        object.program("test_getppid_producer").attach();

        int calls = 5_000;
        int tid = TestSyscalls.gettid();
        for (int i = 0; i < calls; i++) {
            TestSyscalls.getppid();
        }

        List<Long> sequences = new ArrayList<>();
        List<Integer> tids = new ArrayList<>();
        int total = 0;
        for (int round = 0; round < 100 && total < calls; round++) {
            total += ring.drain(r -> {
                sequences.add(r.get(JAVA_LONG, 0));
                tids.add(r.get(JAVA_INT, 8));
            }, 1_000);
        }
        // Other threads of this JVM may call getppid too; ours are the ones with our tid.
        assertThat(tids.stream().filter(t -> t == tid).count()).isEqualTo(calls);
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("records in production order").isEqualTo(sequences.get(i - 1) + 1);
        }
        assertThat(ring.pendingBytes()).isZero();
        assertThat(ring.drain(r -> { }, 10)).isZero();
    }

    @Test
    void aRejectedProgramSurfacesTheVerifierLog() {
        try (BpfObject bad = BpfObject.openEmbedded(lib, "verifier_reject")) {
            assertThatThrownBy(bad::load).isInstanceOfSatisfying(BpfLoadException.class, e -> {
                assertThat(e.operation()).isEqualTo("bpf_object__load");
                assertThat(e.errno()).isEqualTo(Errno.EACCES);
                assertThat(e.objectName()).isEqualTo("verifier_reject");
                assertThat(e.verifierLog()).contains("invalid mem access");
                assertThat(e.getMessage()).contains("verifier_reject").contains("invalid mem access");
            });
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedObjectSaysSo() {
        BpfLink link = object.program("test_getppid_producer").attach();
        RingBuffer ring = object.ringBuffer("test_ring");
        link.close();
        link.close();
        assertThat(link.isClosed()).isTrue();
        object.close();
        object.close();
        ring.close();
        assertThatThrownBy(() -> object.map("test_hash"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> ring.drain(r -> { }, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void anUnknownProgramOrMapNamesTheOnesThatExist() {
        assertThatThrownBy(() -> object.program("no_such_program"))
                .isInstanceOf(BpfObjectException.class)
                .hasMessageContaining("no_such_program").hasMessageContaining("test_getppid_producer");
        assertThatThrownBy(() -> object.map("no_such_map"))
                .isInstanceOf(BpfObjectException.class).hasMessageContaining("test_ring");
    }

    @Test
    void anAttachTargetTheKernelLacksIsRefusedWithItsName() {
        try (BpfObject other = BpfObject.openEmbedded(lib, "binding_test")) {
            // libbpf resolves the target in the kernel's BTF right away.
            assertThatThrownBy(() -> other.program("test_getppid_producer").setAttachTarget("nj_no_such_tracepoint"))
                    .isInstanceOfSatisfying(BpfObjectException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ESRCH);
                        assertThat(e.operation()).isEqualTo("bpf_program__set_attach_target");
                        assertThat(e.getMessage()).contains("nj_no_such_tracepoint");
                    });
        }
    }
}

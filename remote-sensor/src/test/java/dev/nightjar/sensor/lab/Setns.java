package dev.nightjar.sensor.lab;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.nightjar.sensor.libbpf.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * setns(2) for the calling thread: a network namespace is per thread, so a
 * platform thread that entered one creates every socket there. Used by the lab
 * to run "pod" code inside its namespace without a second process.
 */
final class Setns {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SETNS = LINKER.downcallHandle(
            LINKER.defaultLookup().find("setns").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));

    private Setns() {
    }

    static void enterNetworkNamespace(String namespace) {
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("setns needs a platform thread; a virtual thread moves between carriers");
        }
        int fd = Libc.open("/run/netns/" + namespace, Libc.O_RDONLY | Libc.O_CLOEXEC);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = arena.allocate(CAPTURE);
            int rc = (int) SETNS.invokeExact(cs, fd, CLONE_NEWNET);
            if (rc != 0) {
                int errno = (int) ERRNO.get(cs, 0L);
                throw new IllegalStateException("setns into " + namespace + " failed: " + Libc.strerror(errno));
            }
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("setns", t);
        } finally {
            Libc.close(fd);
        }
    }
}

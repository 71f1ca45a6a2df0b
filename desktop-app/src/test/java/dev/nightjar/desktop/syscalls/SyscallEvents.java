package dev.nightjar.desktop.syscalls;

import dev.nightjar.protocol.v1.ProcessInfo;
import dev.nightjar.protocol.v1.SensorEvent;
import dev.nightjar.protocol.v1.SyscallHistogram;
import dev.nightjar.protocol.v1.SyscallSpan;
import java.util.Collections;
import java.util.List;

/** Hand-built sensor events for the syscall tests, shaped as the sensor sends them. */
public final class SyscallEvents {

    private SyscallEvents() {
    }

    /** A span event stamped at its end, as the sensor's collector stamps it. */
    public static SensorEvent span(String node, int pid, String comm, String syscall, long startNs, long durationNs,
                                   int errno, String fdTarget) {
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(startNs + durationNs)
                .setSyscallSpan(SyscallSpan.newBuilder().setPid(pid).setTid(pid).setComm(comm).setSyscallName(syscall)
                        .setStartNs(startNs).setDurationNs(durationNs).setErrno(errno)
                        .setReturnValue(errno == 0 ? 0 : -errno).setFd(fdTarget.isEmpty() ? -1 : 3)
                        .setFdTarget(fdTarget))
                .build();
    }

    public static SensorEvent process(String node, int pid, String comm, String containerId) {
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(1)
                .setProcess(ProcessInfo.newBuilder().setPid(pid).setComm(comm).setContainerId(containerId)).build();
    }

    /** A histogram with {@code count} calls all in one log2 bucket. */
    public static SensorEvent histogram(String node, int pid, String syscall, int bucket, long count, long errors,
                                        long totalNs, long intervalStart, long intervalEnd) {
        List<Long> buckets = new java.util.ArrayList<>(Collections.nCopies(bucket + 1, 0L));
        buckets.set(bucket, count);
        return SensorEvent.newBuilder().setNode(node).setTimestampNs(intervalEnd)
                .setSyscallHistogram(SyscallHistogram.newBuilder().setPid(pid).setSyscallName(syscall).setCount(count)
                        .setErrors(errors).setTotalLatencyNs(totalNs).addAllLog2Buckets(buckets)
                        .setIntervalStartNs(intervalStart).setIntervalEndNs(intervalEnd))
                .build();
    }
}

package dev.nightjar.sensor.proc;

import dev.nightjar.protocol.v1.ProcessInfo;
import java.util.List;

/**
 * What the sensor knows about one process. Fields the sensor could not read
 * (permissions, a process exiting between two reads) are empty or 0.
 *
 * @param startTicks the kernel's start time in clock ticks since boot: with the
 *                   pid it names the process uniquely, across pid reuse
 */
public record ProcessDetails(int pid, int ppid, String comm, List<String> cmdline,
                             String cgroupPath, long cgroupId, String containerId, String podUid,
                             long netnsInode, long startTicks, long startTimeNs, boolean exited) {

    public ProcessDetails {
        cmdline = List.copyOf(cmdline);
    }

    public ProcessDetails asExited() {
        return exited ? this : new ProcessDetails(pid, ppid, comm, cmdline, cgroupPath, cgroupId, containerId,
                podUid, netnsInode, startTicks, startTimeNs, true);
    }

    public ProcessInfo toProto() {
        return ProcessInfo.newBuilder()
                .setPid(pid).setPpid(ppid).setComm(comm).addAllCmdline(cmdline)
                .setCgroupPath(cgroupPath).setCgroupId(cgroupId).setContainerId(containerId)
                .setNetnsInode(netnsInode).setStartTimeNs(startTimeNs).setExited(exited)
                .build();
    }
}

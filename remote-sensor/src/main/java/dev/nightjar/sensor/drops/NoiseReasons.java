package dev.nightjar.sensor.drops;

import dev.nightjar.sensor.btf.DropReasons;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * Drop reasons left out unless a subscription sets include_noise_drops, by
 * name (their values differ between kernels). Chosen from what fired on an
 * idle host and under the lab's normal traffic; the evidence is in
 * bpf/README.md:
 * <ul>
 * <li>NOT_SPECIFIED: freed without a reason. Fires once for every accepted
 *     TCP connection (tcp_rcv_state_process, the SYN on the listener) and for
 *     IPv6 multicast nobody joined (ip6_mc_input: MLD, neighbour discovery).
 * <li>QUEUE_PURGE: packets already delivered to a socket, thrown away when
 *     its owner closed it without reading them (sk_stream_kill_queues). An
 *     application's choice, not a network drop, and the most frequent reason
 *     on a busy host (47 a minute on the "idle" test machine).
 * <li>CONSUMED, NOT_DROPPED_YET: not drops at all. Kernels from 6.3 report
 *     consumed packets on skb:consume_skb instead; older ones may pass them here.
 * </ul>
 */
public final class NoiseReasons {

    public static final List<String> NAMES = List.of("NOT_SPECIFIED", "QUEUE_PURGE", "CONSUMED", "NOT_DROPPED_YET");

    private NoiseReasons() {
    }

    /** The values of the noise reasons on this kernel (names it does not have are skipped). */
    public static IntStream codes(DropReasons reasons) {
        return NAMES.stream().map(reasons::code).filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt);
    }
}

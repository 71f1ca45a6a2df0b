package dev.nightjar.sensor.server;

import dev.nightjar.protocol.v1.EventKind;
import dev.nightjar.protocol.v1.Filter;
import dev.nightjar.sensor.requests.RequestCollector;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The one filter the kernel applies for a kind when several streams ask for it
 * with different filters: the smallest filter the kernel can hold that lets
 * through everything any of them asked for. Each stream is then narrowed back to
 * its own filter in user space ({@link StreamFilter}), so no stream receives what
 * another asked for.
 *
 * <ul>
 * <li>flows, drops: fields AND-ed, values OR-ed. Per field, a stream that leaves
 *     the field open opens it for the union; otherwise the values add up.
 *     Noise drops are in when any stream wants them.</li>
 * <li>syscalls, profile: the selected tasks add up (pids, cgroups; the whole
 *     node wins). A syscalls filter that selects no task contributes nothing;
 *     a profile filter that selects none means the whole node. The latency
 *     threshold is the lowest asked for, the sampling frequency the highest, the
 *     syscall set the union (an empty set, every syscall, wins).</li>
 * <li>requests: the selected tasks add up as for syscalls ({@code requests_whole_node}
 *     wins); the slow threshold is the lowest asked for, the sample rate and the bytes
 *     copied per call the highest, the protocols the union (an empty set, every protocol,
 *     wins), and literals are unmasked when any stream unmasks them. A filter that selects
 *     no task contributes nothing.</li>
 * <li>processes: nothing to filter.</li>
 * <li>security: the policies of every stream, each document once.</li>
 * </ul>
 */
final class FilterUnion {

    static final long DEFAULT_THRESHOLD_NS = 1_000_000;
    static final int DEFAULT_FREQUENCY_HZ = 99;
    static final long DEFAULT_SLOW_THRESHOLD_NS = 100_000_000;

    private FilterUnion() {
    }

    /** The kernel filter for {@code kind}; the empty filter when no stream asks for it (for syscalls: off). */
    static Filter of(EventKind kind, Collection<Filter> filters) {
        if (filters.isEmpty()) {
            return Filter.getDefaultInstance();
        }
        return switch (kind) {
            case EVENT_KIND_FLOWS, EVENT_KIND_DROPS -> network(filters);
            case EVENT_KIND_SYSCALLS -> syscalls(filters);
            case EVENT_KIND_PROFILE -> profile(filters);
            case EVENT_KIND_REQUESTS -> requests(filters);
            case EVENT_KIND_SECURITY -> security(filters);
            default -> Filter.getDefaultInstance();
        };
    }

    private static Filter network(Collection<Filter> filters) {
        return Filter.newBuilder()
                .addAllPorts(openOrUnion(filters, Filter::getPortsList))
                .addAllCgroupIds(openOrUnion(filters, Filter::getCgroupIdsList))
                .addAllPids(openOrUnion(filters, Filter::getPidsList))
                .setIncludeNoiseDrops(filters.stream().anyMatch(Filter::getIncludeNoiseDrops))
                .build();
    }

    private static Filter syscalls(Collection<Filter> filters) {
        List<Filter> selecting = filters.stream().filter(FilterUnion::selectsSyscallTasks).toList();
        if (selecting.isEmpty()) {
            return Filter.getDefaultInstance();
        }
        Filter.Builder union = tasks(selecting, Filter::getSyscallsWholeNode, b -> b.setSyscallsWholeNode(true));
        return union.addAllSyscalls(openOrUnion(selecting, Filter::getSyscallsList))
                .setSyscallLatencyThresholdNs(selecting.stream().mapToLong(FilterUnion::thresholdNs).min().orElseThrow())
                .build();
    }

    private static Filter profile(Collection<Filter> filters) {
        Filter.Builder union = Filter.newBuilder()
                .setProfileFrequencyHz(filters.stream().mapToInt(FilterUnion::frequencyHz).max().orElseThrow());
        boolean wholeNode = filters.stream().anyMatch(f -> f.getPidsCount() == 0 && f.getCgroupIdsCount() == 0);
        if (!wholeNode) {
            union.addAllPids(values(filters, Filter::getPidsList)).addAllCgroupIds(values(filters, Filter::getCgroupIdsList));
        }
        return union.build();
    }

    private static Filter requests(Collection<Filter> filters) {
        List<Filter> selecting = filters.stream().filter(RequestCollector::selectsTasks).toList();
        if (selecting.isEmpty()) {
            return Filter.getDefaultInstance();
        }
        Filter.Builder union = tasks(selecting, Filter::getRequestsWholeNode, b -> b.setRequestsWholeNode(true));
        return union.addAllRequestProtocols(openOrUnion(selecting, Filter::getRequestProtocolsList))
                .setRequestSlowThresholdNs(selecting.stream().mapToLong(FilterUnion::slowThresholdNs).min().orElseThrow())
                .setRequestSampleRate(selecting.stream().mapToDouble(Filter::getRequestSampleRate).max().orElseThrow())
                .setRequestMaxCaptureBytes(selecting.stream().mapToInt(RequestCollector::captureBytes).max().orElseThrow())
                .setRequestUnmaskLiterals(selecting.stream().anyMatch(Filter::getRequestUnmaskLiterals))
                .build();
    }

    /** The tasks of the selecting filters: the whole node when one asks for it, else their pids and cgroups. */
    private static Filter.Builder tasks(List<Filter> selecting, Predicate<Filter> wholeNode,
                                        Consumer<Filter.Builder> setWholeNode) {
        Filter.Builder union = Filter.newBuilder();
        if (selecting.stream().anyMatch(wholeNode)) {
            setWholeNode.accept(union);
        } else {
            union.addAllPids(values(selecting, Filter::getPidsList)).addAllCgroupIds(values(selecting, Filter::getCgroupIdsList));
        }
        return union;
    }

    static long slowThresholdNs(Filter filter) {
        return filter.getRequestSlowThresholdNs() == 0 ? DEFAULT_SLOW_THRESHOLD_NS : filter.getRequestSlowThresholdNs();
    }

    /** Security: every stream's policies, each document once (the collector refuses two different ones of one name). */
    private static Filter security(Collection<Filter> filters) {
        return Filter.newBuilder().addAllSecurityPolicies(values(filters, Filter::getSecurityPoliciesList)).build();
    }

    /** Syscalls are traced for a filter only when it names tasks or the whole node (never by accident). */
    static boolean selectsSyscallTasks(Filter filter) {
        return filter.getSyscallsWholeNode() || filter.getPidsCount() > 0 || filter.getCgroupIdsCount() > 0;
    }

    static long thresholdNs(Filter filter) {
        return filter.getSyscallLatencyThresholdNs() == 0 ? DEFAULT_THRESHOLD_NS : filter.getSyscallLatencyThresholdNs();
    }

    static int frequencyHz(Filter filter) {
        return filter.getProfileFrequencyHz() == 0 ? DEFAULT_FREQUENCY_HZ : filter.getProfileFrequencyHz();
    }

    /** Empty (open) when any filter leaves the field open; otherwise every value, once, in first-seen order. */
    private static <T> Set<T> openOrUnion(Collection<Filter> filters, Function<Filter, List<T>> field) {
        if (filters.stream().anyMatch(f -> field.apply(f).isEmpty())) {
            return Set.of();
        }
        return values(filters, field);
    }

    private static <T> Set<T> values(Collection<Filter> filters, Function<Filter, List<T>> field) {
        Set<T> all = new LinkedHashSet<>();
        filters.forEach(f -> all.addAll(field.apply(f)));
        return all;
    }
}

package dev.nightjar.sensor.security.policy;

import java.util.List;

/**
 * One entry of a kprobe's {@code selectors}: every part must match (AND), and a rule matches
 * when any of its selectors does (OR), as in Tetragon.
 *
 * @param args         matchArgs on the hook's path (or binary, for exec) argument
 * @param binaries     matchBinaries: the process's binary In / NotIn the values
 * @param namespaces   matchNamespaces
 * @param capabilities matchCapabilities
 * @param kernelStack  matchActions Post with kernelStackTrace
 * @param userStack    matchActions Post with userStackTrace
 */
public record Selector(List<ArgMatch> args, List<SetMatch> binaries, List<NamespaceMatch> namespaces,
                       List<CapabilityMatch> capabilities, boolean kernelStack, boolean userStack) {

    public Selector {
        args = List.copyOf(args);
        binaries = List.copyOf(binaries);
        namespaces = List.copyOf(namespaces);
        capabilities = List.copyOf(capabilities);
    }

    /** A matchArgs entry. */
    public record ArgMatch(int index, ArgOperator operator, List<String> values) {
        public ArgMatch {
            values = List.copyOf(values);
        }

        public boolean test(String actual) {
            return operator.test(actual, values);
        }
    }

    /** A matchBinaries entry: In or NotIn a list of paths. */
    public record SetMatch(boolean in, List<String> values) {
        public SetMatch {
            values = List.copyOf(values);
        }

        public boolean test(String actual) {
            return values.contains(actual) == in;
        }
    }

    /**
     * A matchNamespaces entry: the process's namespace of {@code type} In / NotIn the inodes;
     * {@code hostNs} stands for the sensor's own (host) namespace of that type.
     */
    public record NamespaceMatch(NamespaceType type, boolean in, List<Long> inodes, boolean hostNs) {
        public NamespaceMatch {
            inodes = List.copyOf(inodes);
        }
    }

    /** A matchCapabilities entry: any of the capabilities (bit mask) present In / NotIn the set of {@code type}. */
    public record CapabilityMatch(boolean effective, boolean in, long mask) {
    }
}

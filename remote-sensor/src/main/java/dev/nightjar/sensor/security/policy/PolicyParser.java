package dev.nightjar.sensor.security.policy;

import static dev.nightjar.sensor.security.policy.YamlNodes.bool;
import static dev.nightjar.sensor.security.policy.YamlNodes.integer;
import static dev.nightjar.sensor.security.policy.YamlNodes.mapping;
import static dev.nightjar.sensor.security.policy.YamlNodes.refuse;
import static dev.nightjar.sensor.security.policy.YamlNodes.scalar;
import static dev.nightjar.sensor.security.policy.YamlNodes.scalars;
import static dev.nightjar.sensor.security.policy.YamlNodes.sequence;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the subset of Tetragon's TracingPolicy this sensor runs (docs/SECURITY-EVENTS.md):
 * {@code spec.kprobes} entries whose {@code call} maps onto a sensor hook ({@link Hook}), their
 * {@code args} (index, type), and {@code selectors} with matchArgs (Prefix, Postfix, Equal,
 * NotEqual), matchBinaries (In, NotIn), matchNamespaces, matchCapabilities and matchActions
 * (Post, with kernelStackTrace / userStackTrace). Anything else is refused with its line and
 * field, never ignored: a policy that silently watched less than it says is worse than none.
 */
public final class PolicyParser {

    /** Larger documents are refused before they are parsed. */
    public static final int MAX_BYTES = 256 * 1024;
    /** Severity annotation (Tetragon has none). */
    public static final String SEVERITY_ANNOTATION = "nightjar.dev/severity";
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    private PolicyParser() {
    }

    public static SecurityPolicy parse(String yaml) {
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new PolicyException("the policy is " + bytes + " bytes; at most " + MAX_BYTES
                    + " are accepted (a TracingPolicy is a few kilobytes)");
        }
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new PolicyException("line " + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new PolicyException("not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new PolicyException("the policy is empty");
        }
        return policy(root, yaml);
    }

    private static SecurityPolicy policy(Node root, String yaml) {
        Map<String, Node> top = mapping(root, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        require(top, root, "", "apiVersion", "kind", "metadata", "spec");
        String api = scalar(top.get("apiVersion"), "apiVersion");
        if (!api.equals("cilium.io/v1alpha1")) {
            throw refuse(top.get("apiVersion"), "apiVersion", "'" + api + "' is not cilium.io/v1alpha1");
        }
        String kind = scalar(top.get("kind"), "kind");
        if (!kind.equals("TracingPolicy") && !kind.equals("TracingPolicyNamespaced")) {
            throw refuse(top.get("kind"), "kind", "'" + kind + "' is not TracingPolicy");
        }
        Map<String, Node> metadata = mapping(top.get("metadata"), "metadata",
                Set.of("name", "namespace", "labels", "annotations"));
        require(metadata, top.get("metadata"), "metadata", "name");
        String name = scalar(metadata.get("name"), "metadata.name");
        if (!name.matches("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?")) {
            throw refuse(metadata.get("name"), "metadata.name", "'" + name + "' is not a Kubernetes object name"
                    + " (lower-case letters, digits, '-' and '.', at most 63)");
        }
        String severity = severity(metadata.get("annotations"));
        Map<String, Node> spec = mapping(top.get("spec"), "spec", Set.of("kprobes"));
        require(spec, top.get("spec"), "spec", "kprobes");
        List<PolicyRule> rules = new ArrayList<>();
        List<Node> kprobes = sequence(spec.get("kprobes"), "spec.kprobes");
        if (kprobes.isEmpty()) {
            throw refuse(spec.get("kprobes"), "spec.kprobes", "no kprobe: the policy would watch nothing");
        }
        for (int i = 0; i < kprobes.size(); i++) {
            rules.add(kprobe(name, severity, kprobes.get(i), "spec.kprobes[" + i + "]"));
        }
        return new SecurityPolicy(name, rules, yaml);
    }

    private static String severity(Node annotations) {
        if (annotations == null) {
            return "warning";
        }
        for (var tuple : ((org.yaml.snakeyaml.nodes.MappingNode) annotationsMapping(annotations)).getValue()) {
            if (scalar(tuple.getKeyNode(), "metadata.annotations").equals(SEVERITY_ANNOTATION)) {
                String value = scalar(tuple.getValueNode(), "metadata.annotations." + SEVERITY_ANNOTATION);
                if (!SEVERITIES.contains(value)) {
                    throw refuse(tuple.getValueNode(), "metadata.annotations." + SEVERITY_ANNOTATION,
                            "'" + value + "' is not info, warning or critical");
                }
                return value;
            }
        }
        return "warning";
    }

    private static Node annotationsMapping(Node node) {
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            throw refuse(node, "metadata.annotations", "expected a mapping");
        }
        return node;
    }

    private static PolicyRule kprobe(String policy, String severity, Node node, String path) {
        Map<String, Node> kprobe = mapping(node, path, Set.of("call", "syscall", "return", "args", "selectors", "message", "tags"));
        require(kprobe, node, path, "call");
        String call = scalar(kprobe.get("call"), path + ".call");
        Optional<Hook> hook = Hook.ofCall(call);
        if (hook.isEmpty()) {
            throw refuse(kprobe.get("call"), path + ".call", "call '" + call + "' cannot be mapped onto a hook of this"
                    + " sensor (it has no kprobes); accepted: " + Hook.acceptedCalls());
        }
        if (kprobe.containsKey("return") && bool(kprobe.get("return"), path + ".return")) {
            throw refuse(kprobe.get("return"), path + ".return", "return probes are not in the subset");
        }
        if (kprobe.containsKey("syscall")) {
            bool(kprobe.get("syscall"), path + ".syscall"); // informative only: the hook decides
        }
        if (kprobe.containsKey("tags")) {
            scalars(kprobe.get("tags"), path + ".tags");
        }
        List<Integer> declared = kprobe.containsKey("args") ? args(kprobe.get("args"), path + ".args") : List.of();
        List<Selector> selectors = new ArrayList<>();
        if (kprobe.containsKey("selectors")) {
            List<Node> items = sequence(kprobe.get("selectors"), path + ".selectors");
            for (int i = 0; i < items.size(); i++) {
                selectors.add(selector(hook.get(), declared, items.get(i), path + ".selectors[" + i + "]"));
            }
        }
        if (hook.get() == Hook.CONNECT) {
            selectors = withClusterRanges(selectors);
        }
        return new PolicyRule(policy, severity, call, hook.get(), selectors);
    }

    /**
     * A connect rule reports connects out of the cluster: a selector that names no destination
     * range (DAddr, NotDAddr) gets NotDAddr of the default cluster ranges, and a rule without
     * selectors one selector of just that.
     */
    private static List<Selector> withClusterRanges(List<Selector> selectors) {
        Selector.ArgMatch outside = new Selector.ArgMatch(0, ArgOperator.NOT_DADDR, Cidr.DEFAULT_CLUSTER_RANGES);
        if (selectors.isEmpty()) {
            return List.of(new Selector(List.of(outside), List.of(), List.of(), List.of(), false, false));
        }
        List<Selector> ranged = new ArrayList<>();
        for (Selector s : selectors) {
            if (s.args().stream().anyMatch(a -> a.operator().onAddresses())) {
                ranged.add(s);
            } else {
                List<Selector.ArgMatch> args = new ArrayList<>(s.args());
                args.add(outside);
                ranged.add(new Selector(args, s.binaries(), s.namespaces(), s.capabilities(), s.kernelStack(),
                        s.userStack()));
            }
        }
        return ranged;
    }

    /** The declared argument indexes; their types are checked against what the hooks can read. */
    private static List<Integer> args(Node node, String path) {
        List<Integer> indexes = new ArrayList<>();
        List<Node> items = sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String at = path + "[" + i + "]";
            Map<String, Node> arg = mapping(items.get(i), at, Set.of("index", "type", "label", "sizeArgIndex", "maxData"));
            require(arg, items.get(i), at, "index", "type");
            if (arg.containsKey("sizeArgIndex") || arg.containsKey("maxData")) {
                Node bad = arg.containsKey("sizeArgIndex") ? arg.get("sizeArgIndex") : arg.get("maxData");
                throw refuse(bad, at, "sizeArgIndex and maxData are not in the subset");
            }
            indexes.add(integer(arg.get("index"), at + ".index"));
            String type = scalar(arg.get("type"), at + ".type");
            if (!Set.of("file", "path", "string", "char_buf", "linux_binprm", "int", "uint32", "uint64", "int64",
                    "fd", "cred", "sock").contains(type)) {
                throw refuse(arg.get("type"), at + ".type", "type '" + type + "' is not in the subset (file, path,"
                        + " string, linux_binprm, int, fd, cred, ...)");
            }
        }
        return indexes;
    }

    private static Selector selector(Hook hook, List<Integer> declared, Node node, String path) {
        Map<String, Node> s = mapping(node, path, Set.of("matchArgs", "matchBinaries", "matchNamespaces",
                "matchCapabilities", "matchActions"));
        List<Selector.ArgMatch> args = new ArrayList<>();
        List<Selector.SetMatch> binaries = new ArrayList<>();
        List<Selector.NamespaceMatch> namespaces = new ArrayList<>();
        List<Selector.CapabilityMatch> capabilities = new ArrayList<>();
        boolean[] stacks = new boolean[2];
        if (s.containsKey("matchArgs")) {
            List<Node> items = sequence(s.get("matchArgs"), path + ".matchArgs");
            for (int i = 0; i < items.size(); i++) {
                args.add(matchArg(hook, declared, items.get(i), path + ".matchArgs[" + i + "]"));
            }
        }
        if (s.containsKey("matchBinaries")) {
            List<Node> items = sequence(s.get("matchBinaries"), path + ".matchBinaries");
            for (int i = 0; i < items.size(); i++) {
                binaries.add(matchBinary(items.get(i), path + ".matchBinaries[" + i + "]"));
            }
        }
        if (s.containsKey("matchNamespaces")) {
            List<Node> items = sequence(s.get("matchNamespaces"), path + ".matchNamespaces");
            for (int i = 0; i < items.size(); i++) {
                namespaces.add(SelectorParts.namespace(items.get(i), path + ".matchNamespaces[" + i + "]"));
            }
        }
        if (s.containsKey("matchCapabilities")) {
            List<Node> items = sequence(s.get("matchCapabilities"), path + ".matchCapabilities");
            for (int i = 0; i < items.size(); i++) {
                capabilities.add(SelectorParts.capability(items.get(i), path + ".matchCapabilities[" + i + "]"));
            }
        }
        if (s.containsKey("matchActions")) {
            List<Node> items = sequence(s.get("matchActions"), path + ".matchActions");
            for (int i = 0; i < items.size(); i++) {
                SelectorParts.action(items.get(i), path + ".matchActions[" + i + "]", stacks);
            }
        }
        return new Selector(args, binaries, namespaces, capabilities, stacks[0], stacks[1]);
    }

    private static Selector.ArgMatch matchArg(Hook hook, List<Integer> declared, Node node, String path) {
        Map<String, Node> m = mapping(node, path, Set.of("index", "operator", "values"));
        require(m, node, path, "index", "operator", "values");
        int index = integer(m.get("index"), path + ".index");
        if (!declared.contains(index)) {
            throw refuse(m.get("index"), path + ".index", "argument " + index + " is not declared in args");
        }
        boolean connect = hook == Hook.CONNECT;
        if (index != 0 || (hook != Hook.FILE_OPEN && hook != Hook.EXEC && !connect)) {
            throw refuse(m.get("index"), path + ".index", "this sensor matches only argument 0 of a file-open or"
                    + " exec call (the path) or of a connect (the destination); " + hook.name().toLowerCase(Locale.ROOT)
                    + " calls take no matchArgs");
        }
        String op = scalar(m.get("operator"), path + ".operator");
        ArgOperator operator = null;
        for (ArgOperator candidate : ArgOperator.values()) {
            if (candidate.yamlName.equals(op)) {
                operator = candidate;
            }
        }
        if (operator == null || operator.onAddresses() != connect) {
            throw refuse(m.get("operator"), path + ".operator", "operator '" + op + "' is not in the subset"
                    + (connect ? " for a connect (DAddr, NotDAddr)" : " (Prefix, Postfix, Equal, NotEqual)"));
        }
        List<String> values = scalars(m.get("values"), path + ".values");
        if (values.isEmpty()) {
            throw refuse(m.get("values"), path + ".values", "no values");
        }
        if (connect) {
            for (String value : values) {
                try {
                    Cidr.parse(value);
                } catch (IllegalArgumentException e) {
                    throw refuse(m.get("values"), path + ".values", e.getMessage());
                }
            }
            return new Selector.ArgMatch(index, operator, values);
        }
        for (String value : values) {
            if (value.isEmpty() || value.length() > 255) {
                throw refuse(m.get("values"), path + ".values", "a value must have 1 to 255 characters (the kernel"
                        + " reads 255 of a path)");
            }
        }
        return new Selector.ArgMatch(index, operator, values);
    }

    private static Selector.SetMatch matchBinary(Node node, String path) {
        Map<String, Node> m = mapping(node, path, Set.of("operator", "values"));
        require(m, node, path, "operator", "values");
        return new Selector.SetMatch(SelectorParts.inOrNotIn(m.get("operator"), path + ".operator"),
                scalars(m.get("values"), path + ".values"));
    }

    static void require(Map<String, Node> fields, Node node, String path, String... names) {
        for (String name : names) {
            if (!fields.containsKey(name)) {
                throw refuse(node, path.isEmpty() ? name : path + "." + name, "required field '" + name + "' is missing");
            }
        }
    }
}

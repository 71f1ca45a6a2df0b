package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ClusterRoles and Roles of a directory of YAML files, and the RBAC authorizer's
 * rule matching: a request is allowed if one rule of a ClusterRole (any scope), or of a
 * Role in the request's namespace (namespaced requests only), matches its verb, API
 * group, resource[/subresource] and, when the rule names resources, its name.
 */
final class RbacRules {

    /** Paths every authenticated user may GET through the built-in system:discovery role. */
    private static final Set<String> DISCOVERY_PATHS = Set.of("/version", "/version/", "/api", "/api/", "/apis", "/apis/");
    private static final Set<String> CLUSTER_SCOPED = Set.of("namespaces", "nodes", "persistentvolumes",
            "clusterroles", "clusterrolebindings", "customresourcedefinitions", "storageclasses");

    private record NamespacedRule(String namespace, PolicyRule rule) {
    }

    /** What every authenticated user may create through the built-in system:basic-user role. */
    private static final Set<String> SELF_REVIEWS = Set.of("selfsubjectaccessreviews", "selfsubjectrulesreviews");

    private final List<PolicyRule> clusterRules = new ArrayList<>();
    private final List<NamespacedRule> roleRules = new ArrayList<>();

    /** The roles of one YAML file (attach mode's, say). */
    static RbacRules loadFile(Path file) throws IOException {
        RbacRules rules = new RbacRules();
        rules.read(file);
        return rules;
    }

    static RbacRules load(Path dir) throws IOException {
        RbacRules rules = new RbacRules();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                rules.read(f);
            }
        }
        return rules;
    }

    private void read(Path f) throws IOException {
        for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            HasMetadata object = new KubernetesSerialization().unmarshal(doc);
            if (object instanceof ClusterRole cr) {
                clusterRules.addAll(cr.getRules());
            } else if (object instanceof Role r) {
                r.getRules().forEach(rule -> roleRules.add(new NamespacedRule(r.getMetadata().getNamespace(), rule)));
            }
        }
    }

    int ruleCount() {
        return clusterRules.size() + roleRules.size();
    }

    /** Every authorization check of the request is allowed (see {@link ApiRequestAttributes#checks()}). */
    boolean allowsAll(ApiRequestAttributes request) {
        return request.checks().stream().allMatch(this::allows);
    }

    boolean allows(ApiRequestAttributes request) {
        if (!request.resourceRequest()) {
            return request.verb().equals("get") && DISCOVERY_PATHS.contains(request.path())
                    || clusterRules.stream().anyMatch(r -> matchesNonResource(r, request));
        }
        if ("create".equals(request.verb()) && "authorization.k8s.io".equals(request.apiGroup())
                && SELF_REVIEWS.contains(request.resource())) {
            return true; // system:basic-user: a user may always ask what they may do
        }
        if (clusterRules.stream().anyMatch(r -> matches(r, request))) {
            return true;
        }
        boolean namespaced = request.namespace() != null && !CLUSTER_SCOPED.contains(request.resource());
        return namespaced && roleRules.stream()
                .anyMatch(nr -> nr.namespace().equals(request.namespace()) && matches(nr.rule(), request));
    }

    /**
     * Every (verb, resource) a rule grants that no request used: a rule is needed only if some
     * request of the recorded life needs it. Namespaced rules count only requests in their
     * namespace; rules with resourceNames only requests for those names.
     *
     * @return "verb group/resource[/sub] [names] (where)" for each unused grant
     */
    List<String> unusedBy(List<ApiRequestAttributes> made) {
        List<String> unused = new ArrayList<>();
        for (PolicyRule r : clusterRules) {
            unusedGrants(r, null, made, unused);
        }
        for (NamespacedRule nr : roleRules) {
            unusedGrants(nr.rule(), nr.namespace(), made, unused);
        }
        return unused;
    }

    private static void unusedGrants(PolicyRule rule, String namespace, List<ApiRequestAttributes> made,
                                     List<String> unused) {
        if (rule.getResources() == null) {
            return; // non-resource rules are not used by the desktop
        }
        for (String verb : rule.getVerbs()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    PolicyRule one = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder(rule)
                            .withVerbs(verb).withApiGroups(group).withResources(resource).build();
                    boolean used = made.stream().anyMatch(q -> (namespace == null || namespace.equals(q.namespace()))
                            && matches(one, q));
                    if (!used) {
                        unused.add(verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                                + (rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? ""
                                        : " " + rule.getResourceNames())
                                + (namespace == null ? " (ClusterRole)" : " (Role in " + namespace + ")"));
                    }
                }
            }
        }
    }

    private static boolean matches(PolicyRule rule, ApiRequestAttributes q) {
        return anyOf(rule.getVerbs(), q.verb())
                && anyOf(rule.getApiGroups(), q.apiGroup())
                && resourceMatches(rule.getResources(), q.resource(), q.subresource())
                && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                        || (q.name() != null && rule.getResourceNames().contains(q.name())));
    }

    private static boolean resourceMatches(List<String> resources, String resource, String subresource) {
        if (resources == null) {
            return false;
        }
        String combined = subresource == null ? resource : resource + "/" + subresource;
        for (String r : resources) {
            if (r.equals("*") || r.equals(combined)) {
                return true;
            }
            if (subresource != null && (r.equals(resource + "/*") || r.equals("*/" + subresource))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesNonResource(PolicyRule rule, ApiRequestAttributes q) {
        if (rule.getNonResourceURLs() == null || !anyOf(rule.getVerbs(), q.verb())) {
            return false;
        }
        return rule.getNonResourceURLs().stream().anyMatch(u -> u.equals(q.path())
                || (u.endsWith("*") && q.path().startsWith(u.substring(0, u.length() - 1))));
    }

    private static boolean anyOf(List<String> allowed, String value) {
        return allowed != null && (allowed.contains("*") || allowed.contains(value));
    }
}

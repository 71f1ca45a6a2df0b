package dev.nightjar.sensor.security;

import dev.nightjar.sensor.security.policy.ArgOperator;
import dev.nightjar.sensor.security.policy.Hook;
import dev.nightjar.sensor.security.policy.PolicyException;
import dev.nightjar.sensor.security.policy.PolicyRule;
import dev.nightjar.sensor.security.policy.SecurityPolicy;
import dev.nightjar.sensor.security.policy.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The policies in force, compiled for the kernel: each (file-open rule, selector) gets a bit;
 * the kernel's LPM trie maps path prefixes to the bits whose Prefix or Equal values they are
 * ({@link #prefixEntries()}); bits without either need every open ({@link #allOpensMask()}).
 * User space then checks every part of each candidate bit's selector ({@link #fileBit(int)}).
 */
final class RuleTable {

    /** The kernel's masks are 64 bits. */
    static final int MAX_FILE_SELECTORS = 64;

    /** One file-open bit: its rule and its selector (null: a rule without selectors, matching every open). */
    record FileBit(PolicyRule rule, Selector selector) {
    }

    /** One entry of the kernel trie. */
    record PrefixEntry(String key, long prefixMask, long equalMask) {
    }

    private final List<SecurityPolicy> policies;
    private final List<FileBit> fileBits = new ArrayList<>();
    private final List<PolicyRule> otherRules = new ArrayList<>();
    private long allOpensMask;
    private long kernelStackMask;
    private long userStackMask;
    private int callMask;
    private final Map<String, long[]> prefixes = new LinkedHashMap<>(); // key -> {prefix bits, equal bits}

    RuleTable(List<SecurityPolicy> policies) {
        this.policies = List.copyOf(policies);
        for (SecurityPolicy policy : policies) {
            for (PolicyRule rule : policy.rules()) {
                if (rule.hook() != Hook.FILE_OPEN) {
                    otherRules.add(rule);
                    callMask |= callBits(rule);
                } else if (rule.selectors().isEmpty()) {
                    addBit(rule, null);
                } else {
                    rule.selectors().forEach(s -> addBit(rule, s));
                }
            }
        }
    }

    /** The syscalls whose records a rule needs from the kernel (none for exec and file opens). */
    private static int callBits(PolicyRule rule) {
        return switch (rule.hook()) {
            case PRIVILEGE -> SecurityRecords.callBit("setuid") | SecurityRecords.callBit("setreuid")
                    | SecurityRecords.callBit("setresuid") | SecurityRecords.callBit("capset");
            case NAMESPACE, SENSITIVE_SYSCALL -> SecurityRecords.callBit(Hook.syscallOf(rule.call()));
            case CONNECT -> SecurityRecords.callBit("connect");
            case FILE_OPEN, EXEC, EXIT -> 0; // exec and exit records always come: the process tree needs them
        };
    }

    private void addBit(PolicyRule rule, Selector selector) {
        int bit = fileBits.size();
        if (bit >= MAX_FILE_SELECTORS) {
            throw new PolicyException("policy " + rule.policy() + ": the policies in force have more than "
                    + MAX_FILE_SELECTORS + " file-open selectors together; the kernel's masks hold " + MAX_FILE_SELECTORS);
        }
        fileBits.add(new FileBit(rule, selector));
        long mask = 1L << bit;
        if (selector != null && selector.kernelStack()) {
            kernelStackMask |= mask;
        }
        if (selector != null && selector.userStack()) {
            userStackMask |= mask;
        }
        Optional<Selector.ArgMatch> kernelSide = selector == null ? Optional.empty() : selector.args().stream()
                .filter(a -> a.operator() == ArgOperator.PREFIX).findFirst()
                .or(() -> selector.args().stream().filter(a -> a.operator() == ArgOperator.EQUAL).findFirst());
        if (kernelSide.isEmpty()) {
            allOpensMask |= mask;
            return;
        }
        int slot = kernelSide.get().operator() == ArgOperator.PREFIX ? 0 : 1;
        for (String value : kernelSide.get().values()) {
            prefixes.computeIfAbsent(value, k -> new long[2])[slot] |= mask;
        }
    }

    List<SecurityPolicy> policies() {
        return policies;
    }

    List<FileBit> fileBits() {
        return fileBits;
    }

    FileBit fileBit(int bit) {
        return fileBits.get(bit);
    }

    List<PolicyRule> otherRules() {
        return otherRules;
    }

    long allOpensMask() {
        return allOpensMask;
    }

    long kernelStackMask() {
        return kernelStackMask;
    }

    long userStackMask() {
        return userStackMask;
    }

    /**
     * The kernel's nj_sec_config.call_mask: the credential and sensitive syscalls some rule
     * watches. The kernel sends no record of the others (a tracer's ptrace calls, a loader's bpf
     * calls), so they cannot crowd the ring.
     */
    int callMask() {
        return callMask;
    }

    boolean hasFileRules() {
        return !fileBits.isEmpty();
    }

    /**
     * The trie's entries: each key carries the Prefix bits of every key that is a prefix of it
     * (the trie returns only the longest match) and its own Equal bits.
     */
    List<PrefixEntry> prefixEntries() {
        List<PrefixEntry> entries = new ArrayList<>();
        for (Map.Entry<String, long[]> e : prefixes.entrySet()) {
            long prefixMask = 0;
            for (Map.Entry<String, long[]> other : prefixes.entrySet()) {
                if (e.getKey().startsWith(other.getKey())) {
                    prefixMask |= other.getValue()[0];
                }
            }
            entries.add(new PrefixEntry(e.getKey(), prefixMask, e.getValue()[1]));
        }
        return entries;
    }
}

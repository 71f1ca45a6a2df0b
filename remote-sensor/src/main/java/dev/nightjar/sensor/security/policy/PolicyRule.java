package dev.nightjar.sensor.security.policy;

import java.util.List;

/**
 * One kprobe entry of a policy, mapped onto a sensor hook.
 *
 * @param policy    the policy's metadata.name
 * @param severity  from the annotation nightjar.dev/severity (info, warning, critical; default warning)
 * @param call      the call as written
 * @param hook      what it maps onto
 * @param selectors none means every event of the hook matches (Tetragon: no selector, no filter)
 */
public record PolicyRule(String policy, String severity, String call, Hook hook, List<Selector> selectors) {
    public PolicyRule {
        selectors = List.copyOf(selectors);
    }
}

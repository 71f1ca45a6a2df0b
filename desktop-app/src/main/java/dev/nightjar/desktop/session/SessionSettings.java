package dev.nightjar.desktop.session;

import java.util.Objects;

/**
 * What a person chose for captures in one kubeconfig context, remembered between runs by
 * {@link SessionSettingsStore}: deploy or attach, the privilege mode, the sensor pod's
 * settings, where attach mode finds its sensors, and the security policies captures start with.
 */
public record SessionSettings(LaunchMode mode, PrivilegeMode privilege, SensorSettings sensor, AttachSettings attach,
                              SecurityPolicySetting security) {

    public SessionSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(attach, "attach");
        Objects.requireNonNull(security, "security");
    }

    /** Without security policies. */
    public SessionSettings(LaunchMode mode, PrivilegeMode privilege, SensorSettings sensor, AttachSettings attach) {
        this(mode, privilege, sensor, attach, SecurityPolicySetting.OFF);
    }

    public static SessionSettings defaults() {
        return new SessionSettings(LaunchMode.DEPLOY, PrivilegeMode.PRIVILEGED, SensorSettings.defaults(),
                AttachSettings.defaults());
    }

    public SessionSettings withSensor(SensorSettings newSensor) {
        return new SessionSettings(mode, privilege, newSensor, attach, security);
    }

    public SessionSettings withPrivilege(PrivilegeMode newPrivilege) {
        return new SessionSettings(mode, newPrivilege, sensor, attach, security);
    }

    public SessionSettings withMode(LaunchMode newMode) {
        return new SessionSettings(newMode, privilege, sensor, attach, security);
    }

    public SessionSettings withAttach(AttachSettings newAttach) {
        return new SessionSettings(mode, privilege, sensor, newAttach, security);
    }

    public SessionSettings withSecurity(SecurityPolicySetting newSecurity) {
        return new SessionSettings(mode, privilege, sensor, attach, newSecurity);
    }
}

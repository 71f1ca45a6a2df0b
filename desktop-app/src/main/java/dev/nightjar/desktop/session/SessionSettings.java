package dev.nightjar.desktop.session;

import java.util.Objects;

/**
 * What a person chose for captures in one kubeconfig context, remembered between runs by
 * {@link SessionSettingsStore}: deploy or attach, the privilege mode, the sensor pod's
 * settings, and where attach mode finds its sensors.
 */
public record SessionSettings(LaunchMode mode, PrivilegeMode privilege, SensorSettings sensor, AttachSettings attach) {

    public SessionSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(privilege, "privilege");
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(attach, "attach");
    }

    public static SessionSettings defaults() {
        return new SessionSettings(LaunchMode.DEPLOY, PrivilegeMode.PRIVILEGED, SensorSettings.defaults(),
                AttachSettings.defaults());
    }

    public SessionSettings withSensor(SensorSettings newSensor) {
        return new SessionSettings(mode, privilege, newSensor, attach);
    }

    public SessionSettings withPrivilege(PrivilegeMode newPrivilege) {
        return new SessionSettings(mode, newPrivilege, sensor, attach);
    }

    public SessionSettings withMode(LaunchMode newMode) {
        return new SessionSettings(newMode, privilege, sensor, attach);
    }

    public SessionSettings withAttach(AttachSettings newAttach) {
        return new SessionSettings(mode, privilege, sensor, newAttach);
    }
}

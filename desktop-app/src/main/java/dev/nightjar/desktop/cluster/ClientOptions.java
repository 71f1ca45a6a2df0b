package dev.nightjar.desktop.cluster;

import java.time.Clock;
import java.util.Map;

/**
 * What building a client for a context depends on besides the kubeconfig: the environment
 * (proxy variables), who watches a credential plugin's prompts, how long a plugin may run,
 * how commands are found, and the clock token expiry is judged by. Tests pass their own.
 */
public record ClientOptions(Map<String, String> environment, PluginPrompts prompts, ExecPluginTimeouts pluginTimeouts,
                            ExecutableLookup executables, Clock clock) {

    public ClientOptions {
        environment = Map.copyOf(environment);
    }

    /** This process's environment and PATH, the default plugin timeouts, the system clock. */
    public static ClientOptions forThisProcess(PluginPrompts prompts) {
        return new ClientOptions(System.getenv(), prompts, ExecPluginTimeouts.DEFAULT, ExecutableLookup.ofThisProcess(),
                Clock.systemUTC());
    }
}

package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The second layer of cleanup: a JVM shutdown hook that stops a deployment if the
 * desktop exits without the user's Stop (window closed, Ctrl-C, SIGTERM). Runs at most
 * once; after a normal Stop, {@link #unregister()} removes the hook.
 */
public final class ShutdownTeardown implements Runnable {

    private final SensorDeployment deployment;
    private final Duration timeout;
    private final AtomicBoolean ran = new AtomicBoolean();
    private final Thread thread;

    public ShutdownTeardown(SensorDeployment deployment, Duration timeout) {
        this.deployment = deployment;
        this.timeout = timeout;
        this.thread = new Thread(this, "nightjar-teardown-" + deployment.plan().id());
    }

    /** Creates the hook and registers it with the JVM. */
    public static ShutdownTeardown register(SensorDeployment deployment, Duration timeout) {
        ShutdownTeardown hook = new ShutdownTeardown(deployment, timeout);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /** Stops the deployment, once; later calls do nothing. */
    @Override
    public void run() {
        if (ran.compareAndSet(false, true)) {
            deployment.stop(timeout);
        }
    }

    public boolean hasRun() {
        return ran.get();
    }

    /** Removes the hook (after a normal Stop); safe to call during shutdown. */
    public void unregister() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting: the hook runs or has run, and run() is idempotent.
        }
    }
}

package dev.nightjar.desktop.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The second layer of cleanup: a JVM shutdown hook that stops a deployment if the
 * desktop exits without the user's Stop (window closed, Ctrl-C, SIGTERM). Runs at most
 * once; after a normal Stop, {@link #unregister()} removes the hook.
 */
public final class ShutdownTeardown implements Runnable {

    private static final System.Logger LOG = System.getLogger(ShutdownTeardown.class.getName());

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

    /**
     * Stops the deployment, once; later calls do nothing. What it could not remove before its
     * deadline goes to the log and to stderr with the kubectl commands that finish the job, so
     * the person who closed the window (or the terminal that started Nightjar) has them.
     */
    @Override
    public void run() {
        if (ran.compareAndSet(false, true)) {
            TeardownReport report = deployment.stop(timeout);
            if (!report.complete()) {
                String text = leftoverText(deployment.plan().id(), report);
                LOG.log(System.Logger.Level.WARNING, text);
                System.err.println(text);
                System.err.flush();
            }
        }
    }

    /** The shutdown log's lines for what is left: what, why, and the commands. */
    static String leftoverText(SessionId session, TeardownReport report) {
        StringBuilder sb = new StringBuilder("nightjar: session ").append(session)
                .append(" could not remove everything before exiting:");
        report.leftovers().forEach(l -> sb.append("\n  ").append(l.describe()));
        sb.append("\nRun these to remove it:");
        report.commands().forEach(c -> sb.append("\n  ").append(c));
        return sb.toString();
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

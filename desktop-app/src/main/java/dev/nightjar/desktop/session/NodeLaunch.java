package dev.nightjar.desktop.session;

import java.time.Instant;

/**
 * One row of the launch table.
 *
 * @param pod          the node's current pod (empty before it has one)
 * @param reason       why the node is at this step, in words (the scheduler's message, the pull error,
 *                     "the sensor on worker-3 is gone (pod Completed: idle exit)")
 * @param since        when it reached this step
 * @param redeployable a Redeploy would help: its sensor ended or its pod failed or was refused
 */
public record NodeLaunch(String node, String pod, LaunchStep step, String reason, Instant since,
                         boolean redeployable) {
}

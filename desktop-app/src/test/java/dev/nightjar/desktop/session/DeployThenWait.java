package dev.nightjar.desktop.session;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A desktop in its own JVM, for {@link ShutdownTeardownProcessTest}: deploys a session
 * to the API server named by args[0], registers the shutdown teardown, says "deployed",
 * and waits to be killed.
 */
public final class DeployThenWait {

    private DeployThenWait() {
    }

    public static void main(String[] args) throws Exception {
        KubernetesClient client = new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
                .withConfig(new ConfigBuilder().withMasterUrl(args[0]).withTrustCerts(true).build()).build();
        SensorDeployment deployment = new SensorDeployment(client, new SessionPlan(new SessionId(args[1]),
                List.of("node-a"), PrivilegeMode.PRIVILEGED, SensorSettings.defaults()), Clock.systemUTC(),
                DeploymentListener.NONE);
        deployment.deploy();
        ShutdownTeardown.register(deployment, Duration.ofSeconds(20));
        System.out.println("deployed");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(2)); // bounded: the test kills us long before
    }
}

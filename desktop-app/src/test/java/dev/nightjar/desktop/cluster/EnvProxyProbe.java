package dev.nightjar.desktop.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * Not a test: connects to a kubeconfig context with this process's own environment (HTTPS_PROXY,
 * NO_PROXY, …) as the app does, lists the nodes and prints them, or prints the problem.
 * {@link ProxyAndTlsTest} runs it as a process of its own with the variables it means to test.
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.cluster.EnvProxyProbe KUBECONFIG CONTEXT</pre>
 */
public final class EnvProxyProbe {

    private EnvProxyProbe() {
    }

    public static void main(String[] args) {
        Kubeconfigs kubeconfigs = Kubeconfigs.load(args[0], Path.of(args[0]).getParent());
        try (KubernetesClient client = kubeconfigs.clientFor(args[1])) {
            System.out.println("nodes: " + String.join(",", client.nodes().list().getItems().stream()
                    .map(n -> n.getMetadata().getName()).toList()));
        } catch (RuntimeException e) {
            System.out.println("problem: " + ConnectionProblems.forThisProcess().explain(e, kubeconfigs.context(args[1])).message());
        }
        System.exit(0);
    }
}

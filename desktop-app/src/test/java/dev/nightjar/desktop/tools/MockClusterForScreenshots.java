package dev.nightjar.desktop.tools;

import dev.nightjar.desktop.cluster.MockApiServer;
import dev.nightjar.desktop.cluster.PluginScripts;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: starts fabric8's mock API server with a small made-up cluster and
 * writes a kubeconfig for it, so the real app can be started against it under
 * Xvfb for screenshots. Stops after ten minutes at the latest. The context
 * aks-device-login runs a device-code credential plugin (its prompt window).
 *
 * <pre>java -cp TEST_CLASSPATH dev.nightjar.desktop.tools.MockClusterForScreenshots /tmp/kubeconfig</pre>
 */
public final class MockClusterForScreenshots {

    private MockClusterForScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            node(api, "ip-10-0-1-17.eu-west-1.compute.internal", true, "6.8.0-1015-aws", "amd64", "worker", null);
            node(api, "ip-10-0-2-41.eu-west-1.compute.internal", true, "6.8.0-1015-aws", "amd64", "worker", null);
            node(api, "ip-10-0-3-9.eu-west-1.compute.internal", true, "6.8.0-1015-aws", "arm64", "worker", null);
            node(api, "ip-10-0-0-5.eu-west-1.compute.internal", true, "6.8.0-1015-aws", "amd64", "control-plane",
                    "node-role.kubernetes.io/control-plane");
            node(api, "legacy-batch-01", true, "4.19.0-26-amd64", "amd64", "batch", null);
            node(api, "ip-10-0-4-88.eu-west-1.compute.internal", false, "6.8.0-1015-aws", "amd64", "worker", null);
            // What an EKS cluster also has: a Windows node group, Fargate, a RHEL 8 node group.
            api.simulator().nodes().resource(new NodeBuilder().withNewMetadata()
                    .withName("ip-10-0-5-20.eu-west-1.compute.internal").addToLabels("kubernetes.io/os", "windows")
                    .addToLabels("node-role.kubernetes.io/worker", "").endMetadata()
                    .withNewSpec().addNewTaint().withKey("os").withValue("windows").withEffect("NoSchedule").endTaint().endSpec()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .withNewNodeInfo().withKernelVersion("10.0.20348.2340").withArchitecture("amd64")
                    .withOperatingSystem("windows").withOsImage("Windows Server 2022 Datacenter")
                    .withContainerRuntimeVersion("containerd://1.7.12").endNodeInfo().endStatus().build()).create();
            api.simulator().nodes().resource(new NodeBuilder().withNewMetadata()
                    .withName("fargate-ip-10-0-9-14.eu-west-1.compute.internal")
                    .addToLabels("eks.amazonaws.com/compute-type", "fargate").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                    .withNewNodeInfo().withKernelVersion("5.10.215-203.850.amzn2.x86_64").withArchitecture("amd64")
                    .withOperatingSystem("linux").withOsImage("Amazon Linux 2")
                    .withContainerRuntimeVersion("containerd://1.7.11").endNodeInfo().endStatus().build()).create();
            node(api, "rhel8-db-01", true, "4.18.0-513.24.1.el8_9.x86_64", "amd64", "database", null);
            for (int i = 0; i < 23; i++) {
                api.simulator().pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata()
                        .withName("frontend-" + i).withNamespace("shop").endMetadata().withNewSpec()
                        .withNodeName(i % 2 == 0 ? "ip-10-0-1-17.eu-west-1.compute.internal" : "ip-10-0-2-41.eu-west-1.compute.internal")
                        .addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
            }
            Path kubeconfig = Path.of(args[0]);
            // A stand-in for kubelogin's device-code login: the token comes once "signed-in" exists next to it.
            Path plugin = PluginScripts.deviceCode(kubeconfig.toAbsolutePath().getParent(), "QX7T-PL2M", "screenshot", 300);
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    current-context: prod-eu
                    contexts:
                    - name: prod-eu
                      context: {cluster: prod-eu, user: oncall}
                    - name: staging
                      context: {cluster: prod-eu, user: oncall}
                    - name: aks-device-login
                      context: {cluster: prod-eu, user: azure}
                    clusters:
                    - name: prod-eu
                      cluster: {server: "%s"}
                    users:
                    - name: oncall
                      user: {token: screenshot}
                    - name: azure
                      user:
                        exec:
                          apiVersion: client.authentication.k8s.io/v1
                          command: %s
                          args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]
                    """.formatted(api.server().url("/"), plugin));
            System.out.println("mock cluster at " + api.server().url("/") + ", kubeconfig " + kubeconfig);
            Thread.sleep(600_000);
        }
    }

    private static void node(MockApiServer api, String name, boolean ready, String kernel, String arch, String role,
                             String taint) {
        NodeBuilder b = new NodeBuilder();
        b.withNewMetadata().withName(name).addToLabels("node-role.kubernetes.io/" + role, "").endMetadata();
        if (taint != null) {
            b.withNewSpec().addNewTaint().withKey(taint).withEffect("NoSchedule").endTaint().endSpec();
        }
        b.withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .withNewNodeInfo().withKernelVersion(kernel).withArchitecture(arch)
                .withOsImage(kernel.contains(".el8") ? "Red Hat Enterprise Linux 8.9 (Ootpa)" : "Ubuntu 22.04.4 LTS")
                .withContainerRuntimeVersion("containerd://1.7.12").endNodeInfo()
                .endStatus();
        api.simulator().nodes().resource(b.build()).create();
    }
}

package dev.flotilla.agent.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.agent.ClusterFacts;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@EnableKubernetesMockClient(crud = true)
class ClusterFactsIT {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private void node(String name, String zone, String kubelet) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("topology.kubernetes.io/zone", zone)
                .addToLabels("topology.kubernetes.io/region", zone.startsWith("zone") ? "region-1" : "region-2")
                .endMetadata()
                .withNewStatus().withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus().build())
                .create();
    }

    @Test
    void discoversVersionsNodesZonesRegionsAndKubelets() {
        server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.4")
                .build());
        node("n1", "zone-b", "v1.30.4");
        node("n2", "zone-a", "v1.29.9");
        node("n3", "zone-a", "v1.30.4");
        assertThat(new ClusterFactsReader(client).read().kruiseVersion()).isEqualTo("absent");
        client.apps().deployments().inNamespace("kruise-system").resource(new DeploymentBuilder()
                .withNewMetadata().withName("kruise-controller-manager").withNamespace("kruise-system").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("manager")
                .withImage("openkruise/kruise-manager:v1.8.0").endContainer().endSpec().endTemplate().endSpec()
                .build()).create();

        ClusterFacts facts = new ClusterFactsReader(client).read();

        assertThat(facts.kubernetesVersion()).isEqualTo("v1.30.4");
        assertThat(facts.kruiseVersion()).isEqualTo("v1.8.0");
        assertThat(facts.nodes()).isEqualTo(3);
        assertThat(facts.zones()).containsExactly("zone-a", "zone-b");
        assertThat(facts.regions()).as("topology.kubernetes.io/region, distinct").containsExactly("region-1");
        assertThat(facts.kubeletVersions()).containsExactly("v1.29.9", "v1.30.4");
    }

    @Test
    void reportsTheRequestedApisALaterReleaseRemovesFromTheApiServersMetrics() {
        assertThat(new ClusterFactsReader(client).read().removedApisInUse()).as("no /metrics: nothing").isEmpty();
        server.expect().get().withPath("/metrics").andReturn(200, """
                # TYPE apiserver_requested_deprecated_apis gauge
                apiserver_requested_deprecated_apis{group="flowcontrol.apiserver.k8s.io",removed_release="1.32",\
                resource="flowschemas",subresource="",version="v1beta3"} 1
                apiserver_request_total{code="200"} 42
                """).once();

        assertThat(new ClusterFactsReader(client).read().removedApisInUse())
                .containsExactly("flowcontrol.apiserver.k8s.io/v1beta3/flowschemas");
    }

    @ParameterizedTest
    @CsvSource({"openkruise/kruise-manager:v1.8.0, v1.8.0", "registry:5000/kruise/kruise-manager:v1.9.0, v1.9.0",
        "kruise-manager:v1.7.2@sha256:abcd, v1.7.2", "registry:5000/kruise-manager, latest"})
    void takesTheKruiseVersionFromTheImageTag(String image, String version) {
        assertThat(ClusterFactsReader.tag(image)).isEqualTo(version);
    }
}

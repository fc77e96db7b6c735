package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.api.agent.EtcdRoles;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.testsupport.RefusedPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The etcd role label seams on the mock API server: an etcd Advanced StatefulSet whose member pods point their
 * {@code metrics} port at local HTTP servers answering etcd's metrics text, one leader, two followers, one down.
 */
@EnableKubernetesMockClient(crud = true)
class EtcdRolesIT {

    private static final String NAME = "etcd";
    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "etcd",
            "app.kubernetes.io/instance", "tenant-a");

    private static final AtomicInteger TENANTS = new AtomicInteger();

    static KubernetesClient client;
    /**
     * One backend for the class, its watches closed once at the end: the mock server deadlocks when a watch closes
     * while it is still sending an event (its sender waits on the event loop, which waits for the sender).
     */
    private static KubernetesBackend backend;

    /** A namespace per test instead of deleting between tests: the pods of one test never meet another's. */
    private final String namespace = "tenant-" + TENANTS.incrementAndGet();
    private final List<HttpServer> members = new ArrayList<>();
    private final List<RefusedPort> downMembers = new ArrayList<>();
    private final WorkloadRef etcd = new WorkloadRef(WorkloadKind.StatefulSet, "apps.kruise.io/v1beta1",
            namespace, NAME);

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @BeforeEach
    void givenAnEtcdStatefulSetWithFourMembersAndAnotherPod() throws IOException {
        // Watch the empty namespace first, so the watch opens with nothing to send and the one event it sends,
        // the StatefulSet's ADDED, has arrived once the backend reads the StatefulSet.
        assertThat(backend.podLabels(etcd)).isEmpty();
        client.genericKubernetesResources(KruiseResources.context(etcd.kind(), etcd.apiVersion()))
                .inNamespace(namespace).resource(statefulSet()).create();
        await().until(() -> backend.read(etcd).isPresent());
        createPod("etcd-0", SELECTOR, memberPort("etcd_server_is_leader 1\n"), "Running");
        createPod("etcd-1", SELECTOR, memberPort("etcd_server_is_leader{instance=\"etcd-1\"} 0 1716200000000\n"),
                "Running");
        createPod("etcd-2", SELECTOR, memberPort("etcd_server_is_leader 0\n"), "Running");
        createPod("etcd-3", SELECTOR, downMemberPort(), "Running");
        createPod("web-0", Map.of("app.kubernetes.io/name", "web"), memberPort("etcd_server_is_leader 1\n"),
                "Running");
    }

    @AfterEach
    void stopMembers() throws IOException {
        members.forEach(server -> server.stop(0));
        for (RefusedPort port : downMembers) {
            port.close();
        }
    }

    @Test
    void listsTheLabelsOfThePodsTheWorkloadsSelectorMatches() {
        Map<String, Map<String, String>> labels = backend.podLabels(etcd);

        assertThat(labels).containsOnlyKeys("etcd-0", "etcd-1", "etcd-2", "etcd-3");
        assertThat(labels.get("etcd-1")).containsAllEntriesOf(SELECTOR).containsEntry("team", "storage");
    }

    @Test
    void asksEachRunningMemberWhetherItLeadsAndLeavesOutTheOneThatDoesNotAnswer() {
        Map<String, Boolean> leadership = backend.etcdLeadership(etcd);

        assertThat(leadership).containsExactlyInAnyOrderEntriesOf(
                Map.of("etcd-0", true, "etcd-1", false, "etcd-2", false));
    }

    @Test
    void leavesOutAMemberThatIsNotRunningOrWhoseMetricsLackTheGauge() throws IOException {
        createPod("etcd-4", SELECTOR, memberPort("# HELP etcd_server_has_leader\netcd_server_has_leader 1\n"),
                "Running");
        createPod("etcd-5", SELECTOR, memberPort("etcd_server_is_leader 1\n"), "Pending");

        assertThat(backend.etcdLeadership(etcd)).containsOnlyKeys("etcd-0", "etcd-1", "etcd-2");
    }

    @Test
    void mergesRoleLabelsIntoThePodsKeepingTheirOtherLabelsAndSkipsAVanishedPod() {
        backend.labelPods(etcd, Map.of(
                "etcd-0", Map.of(EtcdRoles.LABEL, EtcdRoles.FOLLOWER),
                "etcd-1", Map.of(EtcdRoles.LABEL, EtcdRoles.LEADER),
                "etcd-9", Map.of(EtcdRoles.LABEL, EtcdRoles.FOLLOWER)));

        assertThat(pod("etcd-0").getMetadata().getLabels()).containsAllEntriesOf(SELECTOR)
                .containsEntry("team", "storage").containsEntry(EtcdRoles.LABEL, EtcdRoles.FOLLOWER);
        assertThat(pod("etcd-1").getMetadata().getLabels()).containsAllEntriesOf(SELECTOR)
                .containsEntry("team", "storage").containsEntry(EtcdRoles.LABEL, EtcdRoles.LEADER);
        assertThat(pod("etcd-2").getMetadata().getLabels()).doesNotContainKey(EtcdRoles.LABEL);
        assertThat(pod("etcd-9")).isNull();
    }

    @Test
    void findsNoPodsForAWorkloadThatIsNotThere() {
        WorkloadRef missing = new WorkloadRef(WorkloadKind.StatefulSet, "apps.kruise.io/v1beta1", namespace,
                "absent");

        assertThat(backend.podLabels(missing)).isEmpty();
        assertThat(backend.etcdLeadership(missing)).isEmpty();
    }

    private GenericKubernetesResource statefulSet() {
        Map<String, Object> manifest = map("apiVersion", "apps.kruise.io/v1beta1", "kind", "StatefulSet",
                "metadata", map("name", NAME, "namespace", namespace,
                        "labels", map(ClusterBackend.MANAGED_BY, ClusterBackend.FIELD_MANAGER)),
                "spec", map("replicas", 3, "serviceName", NAME,
                        "selector", map("matchLabels", SELECTOR),
                        "template", map("metadata", map("labels", SELECTOR),
                                "spec", map("containers", List.of(map("name", "etcd", "image", "etcd:3.5.17",
                                        "ports", List.of(map("name", "metrics", "containerPort", 2381))))))));
        return client.getKubernetesSerialization().convertValue(manifest, GenericKubernetesResource.class);
    }

    private void createPod(String name, Map<String, String> labels, int metricsPort, String phase) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                .addToLabels("team", "storage").endMetadata()
                .withNewSpec().addNewContainer().withName("etcd").withImage("etcd:3.5.17")
                .addNewPort().withName("client").withContainerPort(2379).endPort()
                .addNewPort().withName("metrics").withContainerPort(metricsPort).endPort()
                .endContainer().endSpec()
                .withNewStatus().withPhase(phase).withPodIP("Running".equals(phase) ? "127.0.0.1" : null)
                .endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    /** A member's metrics listener on a free local port, answering etcd's exposition with this gauge line. */
    private int memberPort(String leaderLine) throws IOException {
        String body = "# HELP etcd_server_has_leader Whether or not a leader exists. 1 is existence, 0 is not.\n"
                + "# TYPE etcd_server_has_leader gauge\netcd_server_has_leader 1\n"
                + "# HELP etcd_server_is_leader Whether or not this member is a leader. 1 if is, 0 otherwise.\n"
                + "# TYPE etcd_server_is_leader gauge\n" + leaderLine
                + "# TYPE etcd_server_leader_changes_seen_total counter\netcd_server_leader_changes_seen_total 2\n";
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        members.add(server);
        return server.getAddress().getPort();
    }

    /** A port that refuses connections until the test ends, so no member the test starts later gets it. */
    private int downMemberPort() throws IOException {
        RefusedPort port = RefusedPort.open();
        downMembers.add(port);
        return port.port();
    }
}

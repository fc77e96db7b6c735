package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.PodState;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.reconcile.PodHealthCheck;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.api.agent.PodHealth;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pod facts behind the agent's early failures, read from the mock API server as a kubelet and OpenKruise write
 * them: a container waiting in {@code CrashLoopBackOff} or {@code ImagePullBackOff}, restart counts, and
 * OpenKruise's {@code InPlaceUpdateReady} pod condition (the readiness gate its in-place update sets False while it
 * updates), each pod labelled with its {@code controller-revision-hash}.
 */
@EnableKubernetesMockClient(crud = true)
class PodStatesIT {

    private static final String NAMESPACE = "shop";
    private static final Map<String, String> SELECTOR = Map.of("app", "web");

    static KubernetesClient client;
    private static KubernetesBackend backend;
    private final WorkloadRef web = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", NAMESPACE,
            "web");

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    @Test
    void readsWaitingReasonsRestartsRevisionsAndTheInPlaceUpdateConditionOfTheWorkloadsPods() {
        assertThat(backend.podStates(web)).isEmpty();
        client.genericKubernetesResources(KruiseResources.context(web.kind(), web.apiVersion())).inNamespace(NAMESPACE)
                .resource(cloneSet()).create();
        await().until(() -> backend.read(web).isPresent());
        create("web-0", "7d9f8c6b5", waiting("app", "CrashLoopBackOff", "back-off 40s", 4), null);
        create("web-1", "7d9f8c6b5", waiting("app", "ImagePullBackOff", "pull access denied", 0), null);
        create("web-2", "7d9f8c6b5", running("app", 7), null);
        create("web-3", "5c4b3a291", running("app", 0), new PodConditionBuilder().withType("InPlaceUpdateReady")
                .withStatus("False").withLastTransitionTime("2026-11-30T11:58:00Z").build());
        client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName("other")
                .withLabels(Map.of("app", "other")).endMetadata().build()).create();

        Map<String, PodState> pods = backend.podStates(web).stream()
                .collect(Collectors.toMap(PodState::name, Function.identity()));

        assertThat(pods).containsOnlyKeys("web-0", "web-1", "web-2", "web-3");
        assertThat(pods.get("web-0").revision()).isEqualTo("7d9f8c6b5");
        assertThat(pods.get("web-0").containers()).containsExactly(
                new PodState.Container("app", "CrashLoopBackOff", "back-off 40s", 4));
        assertThat(pods.get("web-1").containers().get(0).waitingReason()).isEqualTo("ImagePullBackOff");
        assertThat(pods.get("web-2").containers().get(0).restartCount()).isEqualTo(7);
        assertThat(pods.get("web-2").inPlaceUpdateNotReadySince()).isNull();
        assertThat(pods.get("web-3").inPlaceUpdateNotReadySince()).hasToString("2026-11-30T11:58:00Z");
    }

    @Test
    void everyEarlyFailureReasonIsFoundInThePodsAsTheApiServerServesThem() {
        WorkloadRef api = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1", NAMESPACE, "api");
        client.genericKubernetesResources(KruiseResources.context(api.kind(), api.apiVersion())).inNamespace(NAMESPACE)
                .resource(cloneSet("api", Map.of("app", "api"))).create();
        await().until(() -> backend.read(api).isPresent());
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        String revision = "api-6f7e8d9c0";

        Map<String, String> failures = new LinkedHashMap<>();
        for (var reason : List.of(
                Map.entry("crash", waiting("app", "CrashLoopBackOff", "back-off 20s", 2)),
                Map.entry("pull", waiting("app", "ErrImagePull", "manifest unknown", 0)),
                Map.entry("restarts", running("app", 6)))) {
            client.pods().inNamespace(NAMESPACE).withLabels(Map.of("app", "api")).delete();
            await().until(() -> backend.podStates(api).isEmpty());
            create("api-" + reason.getKey(), "6f7e8d9c0", reason.getValue(), null, Map.of("app", "api"));
            await().until(() -> backend.podStates(api).size() == 1);
            failures.put(reason.getKey(), PodHealthCheck.failure(backend.podStates(api), revision,
                    PodHealth.defaults(), now).orElse("healthy"));
        }
        client.pods().inNamespace(NAMESPACE).withLabels(Map.of("app", "api")).delete();
        await().until(() -> backend.podStates(api).isEmpty());
        create("api-stuck", "6f7e8d9c0", running("app", 0), new PodConditionBuilder().withType("InPlaceUpdateReady")
                .withStatus("False").withLastTransitionTime("2026-11-30T11:58:00Z").build(), Map.of("app", "api"));
        await().until(() -> backend.podStates(api).size() == 1);
        failures.put("in-place", PodHealthCheck.failure(backend.podStates(api), revision, PodHealth.defaults(), now)
                .orElse("healthy"));

        assertThat(failures.get("crash")).contains("api-crash", "CrashLoopBackOff after 2 restarts");
        assertThat(failures.get("pull")).contains("api-pull", "ErrImagePull", "manifest unknown");
        assertThat(failures.get("restarts")).contains("api-restarts", "6 restarts (more than 5)");
        assertThat(failures.get("in-place")).contains("api-stuck", "in-place update not done after 60s");
    }

    private void create(String name, String revision, ContainerStatus status, PodCondition condition) {
        create(name, revision, status, condition, SELECTOR);
    }

    private void create(String name, String revision, ContainerStatus status, PodCondition condition,
            Map<String, String> labels) {
        var builder = new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(labels).addToLabels("controller-revision-hash", revision).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("web:2").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withContainerStatuses(status);
        if (condition != null) {
            builder = builder.withConditions(condition);
        }
        Pod pod = builder.endStatus().build();
        client.pods().inNamespace(NAMESPACE).resource(pod).create();
    }

    private static ContainerStatus waiting(String name, String reason, String message, int restarts) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restarts).withNewState().withNewWaiting()
                .withReason(reason).withMessage(message).endWaiting().endState().build();
    }

    private static ContainerStatus running(String name, int restarts) {
        return new ContainerStatusBuilder().withName(name).withRestartCount(restarts).withNewState().withNewRunning()
                .endRunning().endState().build();
    }

    private GenericKubernetesResource cloneSet() {
        return cloneSet("web", SELECTOR);
    }

    private GenericKubernetesResource cloneSet(String name, Map<String, String> selector) {
        Map<String, Object> manifest = map("apiVersion", "apps.kruise.io/v1alpha1", "kind", "CloneSet",
                "metadata", map("name", name, "namespace", NAMESPACE,
                        "labels", map(ClusterBackend.MANAGED_BY, ClusterBackend.FIELD_MANAGER)),
                "spec", map("replicas", 4, "selector", map("matchLabels", selector),
                        "template", map("metadata", map("labels", selector),
                                "spec", map("containers", List.of(map("name", "app", "image", "web:2"))))));
        return client.getKubernetesSerialization().convertValue(manifest, GenericKubernetesResource.class);
    }
}

package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.PatchResult;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.KruiseCrds;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.testsupport.SettableClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Events the agent writes on the workloads it drives, read back from the fabric8 mock API server. */
@EnableKubernetesMockClient(crud = true)
class WorkloadEventsIT {

    private static final AtomicInteger NAMES = new AtomicInteger();

    static KubernetesMockServer server;
    static KubernetesClient client;
    /** One backend for the class: the mock server can deadlock when a watch closes mid-event (see EtcdRolesIT). */
    private static KubernetesBackend backend;

    private final String name = "web-" + NAMES.incrementAndGet();
    private final WorkloadRef web = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1",
            Manifests.NAMESPACE, name);

    @BeforeAll
    static void startBackend() {
        KruiseCrds.install(client);
        backend = new KubernetesBackend(client, ApplyStrategy.createOrReplace());
    }

    @AfterAll
    static void closeBackend() {
        backend.close();
    }

    private Map<String, Object> manifest(String image) {
        Map<String, Object> manifest = Manifests.cloneSet(name, 4, image);
        ((Map<String, Object>) manifest.get("metadata")).put("annotations",
                map("flotilla.dev/work-id", "w-7", "flotilla.dev/revision", "3"));
        return manifest;
    }

    @Test
    void recordsANormalEventOnTheWorkloadItApplies() {
        ApplyResult result = backend.apply(web, manifest("web:v2"));

        assertThat(result).isInstanceOf(ApplyResult.Applied.class);
        Event event = onlyEvent("Applied");
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getMessage()).isEqualTo("Flotilla applied revision 3 (work w-7)");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("CloneSet");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("apps.kruise.io/v1alpha1");
        assertThat(event.getInvolvedObject().getUid()).isNotBlank();
        assertThat(event.getSource().getComponent()).isEqualTo("flotilla-agent");
        assertThat(event.getCount()).isEqualTo(1);
    }

    @Test
    void recordsEachBatchStepAsThePartitionItSets() {
        backend.apply(web, manifest("web:v2"));

        PatchResult result = backend.patch(web, map("spec", map("updateStrategy", map("partition", 2))));

        assertThat(result).isInstanceOf(PatchResult.Patched.class);
        Event event = onlyEvent("PartitionSet");
        assertThat(event.getMessage()).isEqualTo("Flotilla set spec.updateStrategy.partition=2");
        backend.patch(web, map("spec", map("updateStrategy", map("paused", true))));
        assertThat(onlyEvent("Paused").getMessage()).isEqualTo("Flotilla set spec.updateStrategy.paused=true");
    }

    @Test
    void aggregatesARepeatedRejectionIntoOneWarning() {
        String path = "/apis/apps.kruise.io/v1alpha1/namespaces/shop/clonesets";
        server.expect().post().withPath(path).andReturn(422, new StatusBuilder().withCode(422)
                .withStatus("Failure").withReason("Invalid")
                .withMessage("CloneSet.apps.kruise.io \"" + name + "\" is invalid: spec.replicas: Invalid value: -1")
                .build()).times(2);

        ApplyResult first = backend.apply(web, manifest("web:v2"));
        ApplyResult second = backend.apply(web, manifest("web:v2"));

        assertThat(first).isInstanceOf(ApplyResult.Rejected.class);
        assertThat(second).isInstanceOf(ApplyResult.Rejected.class);
        Event warning = onlyEvent("ApplyRejected");
        assertThat(warning.getType()).isEqualTo("Warning");
        assertThat(warning.getMessage()).startsWith("Flotilla applied revision 3 (work w-7) refused: 422 ")
                .contains("spec.replicas: Invalid value: -1");
    }

    @Test
    void countsARepeatOnTheFirstEventOnceAMinuteHasPassed() {
        SettableClock clock = new SettableClock(Instant.parse("2026-06-01T10:00:00Z"));
        WorkloadEvents events = new WorkloadEvents(client, clock);

        events.warning(web, null, "ApplyRejected", "422 spec.replicas: Invalid value: -1");
        clock.advance(Duration.ofSeconds(10));
        events.warning(web, null, "ApplyRejected", "422 spec.replicas: Invalid value: -1");
        assertThat(onlyEvent("ApplyRejected").getCount()).isEqualTo(1);
        clock.advance(WorkloadEvents.REPEAT_WRITE);
        events.warning(web, null, "ApplyRejected", "422 spec.replicas: Invalid value: -1");

        Event event = onlyEvent("ApplyRejected");
        assertThat(event.getCount()).isEqualTo(3);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-06-01T10:01:10Z");
    }

    private Event onlyEvent(String reason) {
        List<Event> events = client.v1().events().inNamespace(Manifests.NAMESPACE).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .sorted(Comparator.comparing(e -> e.getMetadata().getName())).toList();
        assertThat(events).as(reason + " events on " + name).hasSize(1);
        return events.get(0);
    }
}

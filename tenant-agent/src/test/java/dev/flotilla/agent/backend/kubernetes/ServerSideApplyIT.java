package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server-side apply request itself, checked with the mock server's expectation mode (CRUD mode lacks SSA). */
@EnableKubernetesMockClient
class ServerSideApplyIT {

    private static final String PATH = "/apis/apps.kruise.io/v1alpha1/namespaces/shop/clonesets/web";

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final KubernetesBackend backend = new KubernetesBackend(client, ApplyStrategy.serverSide());
    private final WorkloadRef web = new WorkloadRef(WorkloadKind.CloneSet, "apps.kruise.io/v1alpha1",
            Manifests.NAMESPACE, "web");

    @AfterEach
    void close() {
        backend.close();
    }

    private Map<String, Object> manifest() {
        Map<String, Object> manifest = Manifests.cloneSet("web", 4, "web:v2");
        ((Map<String, Object>) manifest.get("spec")).put("updateStrategy", map("partition", 4));
        return manifest;
    }

    @Test
    void appliesWithAServerSideApplyPatchAsFlotillaAgentForcingConflicts() throws Exception {
        GenericKubernetesResource answer = client.getKubernetesSerialization()
                .convertValue(manifest(), GenericKubernetesResource.class);
        answer.getMetadata().setResourceVersion("7");
        server.expect().patch().withPath(PATH + "?fieldManager=flotilla-agent&force=true").andReturn(200, answer)
                .once();

        ApplyResult result = backend.apply(web, manifest());

        assertThat(result).isInstanceOf(ApplyResult.Applied.class);
        RecordedRequest request = lastApplyRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(request.getPath()).contains("fieldManager=flotilla-agent", "force=true");
        String body = request.getBody().readUtf8();
        assertThat(body).contains("\"kind\":\"CloneSet\"", "\"partition\":4", "web:v2");
    }

    @Test
    void aConflictOnApplyIsAConflictToRetryNotAFailure() {
        server.expect().patch().withPath(PATH + "?fieldManager=flotilla-agent&force=true")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified").build()).once();

        assertThat(backend.apply(web, manifest())).isInstanceOf(ApplyResult.Conflict.class);
    }

    @Test
    void anInvalidManifestIsRejectedWithTheServersReason() {
        server.expect().patch().withPath(PATH + "?fieldManager=flotilla-agent&force=true")
                .andReturn(422, new StatusBuilder().withCode(422).withReason("Invalid")
                        .withMessage("spec.updateStrategy.maxSurge: Forbidden: InPlaceOnly").build()).once();

        ApplyResult result = backend.apply(web, manifest());

        assertThat(result).isInstanceOfSatisfying(ApplyResult.Rejected.class,
                rejected -> assertThat(rejected.message()).contains("422", "maxSurge"));
    }

    /** The latest PATCH to the CloneSet (an Event about the apply is written after it). */
    private static RecordedRequest lastApplyRequest() throws InterruptedException {
        RecordedRequest found = null;
        for (RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS); r != null;
                r = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
            if ("PATCH".equals(r.getMethod()) && r.getPath().startsWith(PATH)) {
                found = r;
            }
        }
        assertThat(found).as("a PATCH to " + PATH).isNotNull();
        return found;
    }
}

package dev.flotilla.agent.backend.kubernetes;

import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.ObjectRef;
import dev.flotilla.agent.backend.ObjectRefused;
import dev.flotilla.agent.backend.Scope;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.WorkloadKind;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
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

/**
 * The server-side apply request itself, checked with the mock server's expectation mode (CRUD mode lacks SSA): for
 * the Kruise workloads and for a bundle's other resources, at the paths their kinds' REST storage serves.
 */
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

    @Test
    void aBundlesConfigMapAndNamespaceAreAppliedServerSideAtTheirBuiltInPaths() throws Exception {
        String config = "/api/v1/namespaces/shop/configmaps/cfg";
        String namespace = "/api/v1/namespaces/shop";
        server.expect().patch().withPath(config + "?fieldManager=flotilla-agent&force=true")
                .andReturn(200, Manifests.configMap("shop", "cfg", "k", "v")).once();
        server.expect().patch().withPath(namespace + "?fieldManager=flotilla-agent&force=true")
                .andReturn(200, Manifests.namespace("shop")).once();

        ApplyResult configApplied = backend.applyObject(new ObjectRef("v1", "ConfigMap", "shop", "cfg"),
                Manifests.configMap("shop", "cfg", "k", "v"));
        ApplyResult namespaceApplied = backend.applyObject(new ObjectRef("v1", "Namespace", null, "shop"),
                Manifests.namespace("shop"));

        assertThat(configApplied).isInstanceOf(ApplyResult.Applied.class);
        assertThat(namespaceApplied).isInstanceOf(ApplyResult.Applied.class);
        String query = "?fieldManager=flotilla-agent&force=true application/apply-patch+yaml";
        assertThat(requests()).contains("PATCH " + config + query, "PATCH " + namespace + query);
    }

    @Test
    void anUnknownKindIsFoundThroughDiscoveryOfItsGroupVersionOnce() throws Exception {
        server.expect().get().withPath("/apis/example.com/v1").andReturn(200, new APIResourceListBuilder()
                .withGroupVersion("example.com/v1")
                .addNewResource().withName("widgets/status").withKind("Widget").withNamespaced(false)
                .withSingularName("").withVerbs("get").endResource()
                .addNewResource().withName("widgets").withKind("Widget").withNamespaced(false)
                .withSingularName("widget").withVerbs("get", "patch").endResource().build()).once();
        String path = "/apis/example.com/v1/widgets/w1?fieldManager=flotilla-agent&force=true";
        Map<String, Object> widget = map("apiVersion", "example.com/v1", "kind", "Widget", "metadata",
                map("name", "w1"));
        server.expect().patch().withPath(path).andReturn(200, widget).times(2);

        assertThat(backend.scope("example.com/v1", "Widget")).isEqualTo(Scope.CLUSTER);
        ApplyResult first = backend.applyObject(new ObjectRef("example.com/v1", "Widget", null, "w1"), widget);
        ApplyResult second = backend.applyObject(new ObjectRef("example.com/v1", "Widget", null, "w1"), widget);

        assertThat(first).isInstanceOf(ApplyResult.Applied.class);
        assertThat(second).isInstanceOf(ApplyResult.Applied.class);
        assertThat(requests()).filteredOn(r -> r.startsWith("GET /apis/example.com/v1 ")).hasSize(1);
    }

    @Test
    void aDeleteTheServerForbidsIsRefusedWithItsMessage() {
        server.expect().delete().withPath("/api/v1/namespaces/shop/secrets/db")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"db\" is forbidden: cannot delete").build()).once();

        DeleteResult result = backend.deleteObject(new ObjectRef("v1", "Secret", "shop", "db"));

        assertThat(result).isInstanceOfSatisfying(DeleteResult.Refused.class,
                refused -> assertThat(refused.message()).contains("403", "forbidden"));
    }

    @Test
    void aReadTheServerForbidsIsARefusalNotAnErrorToRetry() {
        server.expect().get().withPath("/api/v1/namespaces/shop/secrets/db")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"db\" is forbidden: cannot get").build()).once();

        assertThatThrownBy(() -> backend.readObject(new ObjectRef("v1", "Secret", "shop", "db")))
                .isInstanceOf(ObjectRefused.class).hasMessageContaining("403").hasMessageContaining("cannot get");
    }

    /** Every request the server received since the last call: method, path and content type. */
    private static java.util.List<String> requests() throws InterruptedException {
        java.util.List<String> all = new java.util.ArrayList<>();
        for (RecordedRequest r = server.takeRequest(200, TimeUnit.MILLISECONDS); r != null;
                r = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
            all.add(r.getMethod() + " " + r.getPath() + " " + r.getHeader("Content-Type"));
        }
        return all;
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

package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ApplyResult;
import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.DeleteResult;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.ObjectRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the agent applied for one application in its cluster, kept in the cluster so that pruning and uninstall find
 * every object after a restart, whatever kinds the current bundle holds. It follows Kubernetes ApplySets (KEP-3659,
 * kubectl's {@code applyset.go}): the parent is a ConfigMap {@code flotilla-app-<application>} in the agent's
 * namespace, labelled {@code applyset.kubernetes.io/id} with the ID kubectl would compute for it
 * ({@code applyset-<base64url(sha256(name.namespace.kind.group))>-v1}), annotated with its tooling
 * ({@code flotilla-agent/v1.2.0}: kubectl refuses to prune an ApplySet of another tool), the group-kinds it contains
 * and the namespaces of its members; every member carries {@code applyset.kubernetes.io/part-of=<id>}. Beyond the
 * KEP, the parent lists its members by name ({@code data.members}), each with whether the agent created it: a
 * member that existed before the agent first applied it (a Namespace the platform team made) is never deleted, and
 * no list of a whole kind is needed to find the members.
 *
 * <p>Like kubectl's ApplySet, the parent is widened to the union of old and new members before anything is applied,
 * and narrowed only once the objects it drops are gone.
 */
final class Inventory {

    static final String APPLICATION = "flotilla.dev/application";
    static final String ID = "applyset.kubernetes.io/id";
    static final String PART_OF = "applyset.kubernetes.io/part-of";
    static final String TOOLING = "applyset.kubernetes.io/tooling";
    static final String GROUP_KINDS = "applyset.kubernetes.io/contains-group-kinds";
    static final String NAMESPACES = "applyset.kubernetes.io/additional-namespaces";
    static final String TOOLING_VALUE = "flotilla-agent/v1.2.0";
    static final String MEMBERS = "members";
    /** On an object the agent applies but did not create, so that a later inventory knows it too. */
    static final String ADOPTED = "flotilla.dev/adopted";

    /** One object the agent applied for the application; {@code created} when it was not there before. */
    record Member(ObjectRef ref, boolean created) {
    }

    private final String application;
    private final ObjectRef parent;
    private final List<Member> members;
    private boolean changed;

    private Inventory(String application, ObjectRef parent, List<Member> members) {
        this.application = application;
        this.parent = parent;
        this.members = members;
    }

    /** The application's inventory as the cluster holds it (empty when there is none yet). */
    static Inventory read(ClusterBackend backend, String application) {
        ObjectRef parent = parent(backend, application);
        Optional<Map<String, Object>> live = backend.readObject(parent);
        List<Member> members = new ArrayList<>();
        if (live.isPresent()) {
            String tooling = string(FieldPaths.map(live.get(), "metadata.annotations").get(TOOLING));
            if (tooling != null && !tooling.startsWith("flotilla-agent/")) {
                throw new ForeignInventory(parent + " is an ApplySet of " + tooling + ", not of the agent");
            }
            members.addAll(parse(string(FieldPaths.map(live.get(), "data").get(MEMBERS))));
        }
        return new Inventory(application, parent, members);
    }

    /** The parent object of an application's inventory. */
    static ObjectRef parent(ClusterBackend backend, String application) {
        return new ObjectRef("v1", "ConfigMap", backend.inventoryNamespace(), "flotilla-app-" + application);
    }

    /** The ApplySet ID of the parent: {@code applyset-<base64url(sha256(<name>.<namespace>.<kind>.<group>))>-v1}. */
    static String id(ObjectRef parent) {
        String unencoded = String.join(".", parent.name(), parent.namespace() == null ? "" : parent.namespace(),
                parent.kind(), parent.group());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(unencoded.getBytes(StandardCharsets.UTF_8));
            return "applyset-" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "-v1";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String id() {
        return id(parent);
    }

    ObjectRef parent() {
        return parent;
    }

    List<Member> members() {
        return List.copyOf(members);
    }

    Optional<Member> member(ObjectRef ref) {
        return members.stream().filter(m -> m.ref().key().equals(ref.key())).findFirst();
    }

    /** Adds an object about to be applied (the parent must be written before the object is). */
    void add(ObjectRef ref, boolean created) {
        if (member(ref).isEmpty()) {
            members.add(new Member(ref, created));
            changed = true;
        }
    }

    /** Drops an object that is gone, or that the agent leaves in place. */
    void remove(ObjectRef ref) {
        changed |= members.removeIf(m -> m.ref().key().equals(ref.key()));
    }

    boolean changed() {
        return changed;
    }

    /**
     * Writes the parent when it changed; an inventory left empty is deleted. Answers null when written, else why
     * not (a conflict to retry, or the API server's refusal).
     */
    ApplyResult write(ClusterBackend backend) {
        if (!changed) {
            return null;
        }
        if (members.isEmpty()) {
            DeleteResult deleted = backend.deleteObject(parent);
            changed = !(deleted instanceof DeleteResult.Requested);
            return deleted instanceof DeleteResult.Refused refused ? new ApplyResult.Rejected(refused.message()) : null;
        }
        ApplyResult result = backend.applyObject(parent, manifest());
        if (result instanceof ApplyResult.Applied) {
            changed = false;
            return null;
        }
        return result;
    }

    Map<String, Object> manifest() {
        String id = id();
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put(ClusterBackend.MANAGED_BY, ClusterBackend.FIELD_MANAGER);
        labels.put(APPLICATION, application);
        labels.put(ID, id);
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put(TOOLING, TOOLING_VALUE);
        annotations.put(GROUP_KINDS, members.stream().map(m -> m.ref().groupKind())
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(",")));
        annotations.put(NAMESPACES, members.stream().map(m -> m.ref().namespace())
                .filter(ns -> ns != null && !ns.equals(parent.namespace()))
                .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(",")));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", parent.name());
        metadata.put("namespace", parent.namespace());
        metadata.put("labels", labels);
        metadata.put("annotations", annotations);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", "v1");
        manifest.put("kind", "ConfigMap");
        manifest.put("metadata", metadata);
        manifest.put("data", Map.of(MEMBERS, format(members)));
        return manifest;
    }

    /** One member a line: {@code apiVersion kind namespace|- name created|adopted}, in apply order. */
    static String format(List<Member> members) {
        StringBuilder text = new StringBuilder();
        for (Member m : members) {
            ObjectRef r = m.ref();
            text.append(r.apiVersion()).append(' ').append(r.kind()).append(' ')
                    .append(r.namespace() == null ? "-" : r.namespace()).append(' ').append(r.name()).append(' ')
                    .append(m.created() ? "created" : "adopted").append('\n');
        }
        return text.toString();
    }

    static List<Member> parse(String text) {
        List<Member> members = new ArrayList<>();
        if (text == null) {
            return members;
        }
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length == 5) {
                members.add(new Member(new ObjectRef(parts[0], parts[1], "-".equals(parts[2]) ? null : parts[2],
                        parts[3]), "created".equals(parts[4])));
            }
        }
        return members;
    }

    /**
     * Whether the agent created a live object it is about to enlist: one it has labelled {@code managed-by} (a
     * workload a single-workload item applied before bundles, an inventory lost), unless an earlier application
     * adopted it.
     */
    static boolean createdByAgent(Map<String, Object> live) {
        return ClusterBackend.FIELD_MANAGER.equals(string(FieldPaths.map(live, "metadata.labels")
                .get(ClusterBackend.MANAGED_BY))) && !"true".equals(string(FieldPaths.map(live,
                "metadata.annotations").get(ADOPTED)));
    }

    /** Whether a live object is a member of this inventory (it carries the part-of label with this ID). */
    boolean labels(Map<String, Object> live) {
        return Objects.equals(id(), string(FieldPaths.map(live, "metadata.labels").get(PART_OF)));
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }

    /** The parent ConfigMap belongs to another ApplySet tool: the agent leaves it alone. */
    static final class ForeignInventory extends RuntimeException {
        ForeignInventory(String message) {
            super(message);
        }
    }
}

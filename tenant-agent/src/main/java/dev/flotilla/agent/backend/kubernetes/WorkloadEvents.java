package dev.flotilla.agent.backend.kubernetes;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.WorkloadRef;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events (core/v1) on the workloads the agent drives, so {@code kubectl describe} shows what Flotilla did
 * beside what the Kruise controller did. Repeats are aggregated the way client-go's recorder does it: the same
 * reason and message on the same object bump {@code count} and {@code lastTimestamp} of the first Event (at most
 * once per {@link #REPEAT_WRITE}) instead of adding Events. An Event that cannot be written (RBAC, API down) is
 * logged and dropped: the reconcile never waits on it.
 */
final class WorkloadEvents {

    private static final Logger log = LoggerFactory.getLogger(WorkloadEvents.class);
    static final String COMPONENT = ClusterBackend.FIELD_MANAGER;
    /** An Event's message is at most 1 KiB in events.k8s.io; core/v1 takes more, kubectl shows less. */
    static final int MAX_MESSAGE = 1024;
    static final Duration REPEAT_WRITE = Duration.ofMinutes(1);
    private static final int REMEMBERED = 512;

    private record Sent(String namespace, String name, int count, Instant firstSeen, Instant written) {
    }

    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Map<String, Sent> sent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
            return size() > REMEMBERED;
        }
    };

    WorkloadEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void normal(WorkloadRef ref, String uid, String reason, String message) {
        record(ref, uid, "Normal", reason, message);
    }

    void warning(WorkloadRef ref, String uid, String reason, String message) {
        record(ref, uid, "Warning", reason, message);
    }

    private synchronized void record(WorkloadRef ref, String uid, String type, String reason, String message) {
        String note = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        String key = ref + "|" + type + "|" + reason + "|" + note;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try {
            Sent before = sent.get(key);
            if (before == null) {
                sent.put(key, create(ref, uid, type, reason, note, now));
            } else if (Duration.between(before.written(), now).compareTo(REPEAT_WRITE) >= 0) {
                sent.put(key, repeat(before, now));
            } else {
                sent.put(key, new Sent(before.namespace(), before.name(), before.count() + 1, before.firstSeen(),
                        before.written()));
            }
        } catch (KubernetesClientException e) {
            sent.remove(key);
            if (warned.compareAndSet(false, true)) {
                log.warn("cannot write Events on workloads (RBAC: events create, patch?): {} {} {}: {}",
                        ref.kind(), ref.name(), reason, e.getMessage());
            } else {
                log.debug("Event {} on {} {} not written: {}", reason, ref.kind(), ref.name(), e.getMessage());
            }
        }
    }

    private Sent create(WorkloadRef ref, String uid, String type, String reason, String note, Instant now) {
        // a cluster-scoped object's Events go to "default", as client-go's recorder does
        String namespace = ref.namespace() == null ? "default" : ref.namespace();
        String name = ref.name() + "." + Long.toHexString(now.toEpochMilli()) + Integer.toHexString(
                ThreadLocalRandom.current().nextInt(0x1000));
        Event event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(involved(ref, uid))
                .withType(type).withReason(reason).withMessage(note)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                .build();
        client.v1().events().inNamespace(namespace).resource(event).create();
        return new Sent(namespace, name, 1, now, now);
    }

    private Sent repeat(Sent before, Instant now) {
        int count = before.count() + 1;
        // a merge patch, no read first: the agent may create and patch Events, not read them
        client.v1().events().inNamespace(before.namespace()).withName(before.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
        return new Sent(before.namespace(), before.name(), count, before.firstSeen(), now);
    }

    private static ObjectReference involved(WorkloadRef ref, String uid) {
        return new ObjectReferenceBuilder().withApiVersion(ref.apiVersion()).withKind(ref.kind().name())
                .withNamespace(ref.namespace()).withName(ref.name()).withUid(uid).build();
    }
}

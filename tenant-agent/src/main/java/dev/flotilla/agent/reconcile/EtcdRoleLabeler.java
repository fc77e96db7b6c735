package dev.flotilla.agent.reconcile;

import dev.flotilla.agent.backend.ClusterBackend;
import dev.flotilla.agent.backend.FieldPaths;
import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.api.agent.EtcdRoles;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link EtcdRoles#LABEL} of a hosted control plane's etcd members true, so that the workload's priority
 * strategy updates the followers first and the leader last. Runs right before the apply that brings an etcd work
 * item's new template, and every {@link #RECHECK_MILLIS} while the item converges: the members are asked who
 * leads, and only labels that are wrong are written. A member that does not answer keeps its label; once another member leads,
 * a stale {@code leader} label on it becomes {@code follower}. A pod never labelled weighs as much as the leader, so
 * an unknown member is never updated first.
 */
final class EtcdRoleLabeler {

    /** How often the members are asked again while an etcd item converges (besides right before each apply). */
    static final long RECHECK_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(EtcdRoleLabeler.class);

    private final ClusterBackend backend;

    EtcdRoleLabeler(ClusterBackend backend) {
        this.backend = backend;
    }

    /** Whether the item's workload orders its updates by the etcd role label. */
    static boolean ordersByRole(WorkItem item) {
        if (item.kind() != WorkloadKind.StatefulSet || item.manifest() == null) {
            return false;
        }
        Object priority = FieldPaths.get(item.manifest(),
                "spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy.weightPriority");
        return priority instanceof Iterable<?> terms && containsRoleKey(terms);
    }

    private static boolean containsRoleKey(Iterable<?> terms) {
        for (Object term : terms) {
            if (term instanceof Map<?, ?> t && t.get("matchSelector") instanceof Map<?, ?> selector
                    && selector.get("matchLabels") instanceof Map<?, ?> labels && labels.containsKey(EtcdRoles.LABEL)) {
                return true;
            }
        }
        return false;
    }

    /** Relabels the members of the item's workload; answers how many pods were relabelled. */
    int refresh(WorkItem item) {
        WorkloadRef ref = WorkloadRef.of(item);
        Map<String, Boolean> leadership = backend.etcdLeadership(ref);
        if (leadership.isEmpty()) {
            return 0;
        }
        boolean someoneLeads = leadership.containsValue(true);
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        backend.podLabels(ref).forEach((pod, labels) -> {
            String current = labels.get(EtcdRoles.LABEL);
            Boolean leads = leadership.get(pod);
            String wanted = leads != null ? (leads ? EtcdRoles.LEADER : EtcdRoles.FOLLOWER)
                    : someoneLeads && EtcdRoles.LEADER.equals(current) ? EtcdRoles.FOLLOWER : current;
            if (wanted != null && !wanted.equals(current)) {
                changes.put(pod, Map.of(EtcdRoles.LABEL, wanted));
            }
        });
        if (!changes.isEmpty()) {
            backend.labelPods(ref, changes);
            log.info("{}: etcd roles relabelled {}", ref, changes);
        }
        return changes.size();
    }
}

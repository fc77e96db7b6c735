package dev.flotilla.agent.reconcile;

import static dev.flotilla.agent.support.Manifests.item;
import static dev.flotilla.agent.support.Manifests.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.backend.WorkloadRef;
import dev.flotilla.agent.support.Manifests;
import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.EtcdRoles;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkPhase;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.sim.backend.PodChange;
import dev.flotilla.sim.backend.SimulatedCluster;
import dev.flotilla.sim.backend.SimulationSettings;
import dev.flotilla.testsupport.SettableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A hosted control plane's etcd on a simulated cluster, driven by the reconciler: the role labeler marks the members
 * from the simulated raft group, and the priority strategy then updates the followers first and the leader last.
 */
class EtcdLeaderLastTest {

    private final SettableClock clock = new SettableClock();
    private final SimulatedCluster cluster = SimulatedCluster.of(3, List.of("zone-a"),
            new SimulationSettings(5, 20, 10, 0.2, 1, Set.of(), 3), clock);
    private final List<StatusReport> reports = new ArrayList<>();
    private final WorkReconciler reconciler = new WorkReconciler("host", cluster, reports::add, clock);
    private final Set<String> leaders = new HashSet<>();

    private static Map<String, Object> etcd(String image, boolean leaderLast) {
        Map<String, Object> rolling = map("partition", 0, "maxUnavailable", 1, "podUpdatePolicy", "InPlaceIfPossible");
        if (leaderLast) {
            rolling.put("unorderedUpdate", map("priorityStrategy", map("weightPriority", List.of(
                    map("weight", 100, "matchSelector", map("matchLabels", map(EtcdRoles.LABEL, EtcdRoles.FOLLOWER)))))));
        }
        return map("apiVersion", "apps.kruise.io/v1beta1", "kind", "StatefulSet",
                "metadata", map("name", "etcd", "namespace", Manifests.NAMESPACE),
                "spec", map("replicas", 3, "serviceName", "etcd", "podManagementPolicy", "Parallel",
                        "selector", map("matchLabels", map("app", "etcd")),
                        "template", map("metadata", map("labels", map("app", "etcd")),
                                "spec", map("readinessGates", List.of(map("conditionType", "InPlaceUpdateReady")),
                                        "containers", List.of(map("name", "etcd", "image", image)))),
                        "updateStrategy", map("type", "RollingUpdate", "rollingUpdate", rolling)));
    }

    private StatusReport run(WorkItem item) {
        reconciler.accept(List.of(item));
        for (int s = 0; s < 2000; s++) {
            reconciler.reconcile();
            cluster.etcdLeader(WorkloadRef.of(item)).ifPresent(leaders::add);
            clock.advance(Duration.ofMillis(500));
            StatusReport last = reports.get(reports.size() - 1);
            if (last.generation() == item.generation() && last.phase().terminal()) {
                return last;
            }
        }
        throw new AssertionError("no end: " + reports.get(reports.size() - 1));
    }

    private WorkItem step(String image, boolean leaderLast, int generation) {
        return item("cp-etcd", WorkloadKind.StatefulSet, etcd(image, leaderLast), generation,
                ClusterStrategy.oneBatch(), false, false, generation);
    }

    /** The pods updated to {@code image}, in the order the controller updated them, with their role then. */
    private List<String> updates(String image) {
        return cluster.podChanges(WorkloadRef.of(step(image, true, 1))).stream()
                .filter(c -> image.equals(c.image()) && !c.created())
                .map(c -> c.pod() + "=" + c.labels().get(EtcdRoles.LABEL)).toList();
    }

    @Test
    void theLabelerMarksTheElectedLeaderAndItsFollowersBeforeTheNewTemplateIsApplied() {
        run(step("etcd:3.5.12", true, 1));
        WorkloadRef ref = WorkloadRef.of(step("etcd:3.5.12", true, 1));
        reconciler.accept(List.of(step("etcd:3.5.15", true, 2)));

        reconciler.reconcile();

        String leader = cluster.etcdLeader(ref).orElseThrow();
        Map<String, Map<String, String>> labels = cluster.podLabels(ref);
        assertThat(labels).hasSize(3);
        labels.forEach((pod, podLabels) -> assertThat(podLabels).as(pod)
                .containsEntry(EtcdRoles.LABEL, pod.equals(leader) ? EtcdRoles.LEADER : EtcdRoles.FOLLOWER));
    }

    @Test
    void followersAreUpdatedFirstAndTheLeaderLastWithOneElection() {
        run(step("etcd:3.5.12", true, 1));
        String leader = cluster.etcdLeader(WorkloadRef.of(step("etcd:3.5.12", true, 1))).orElseThrow();
        leaders.clear();

        StatusReport done = run(step("etcd:3.5.15", true, 2));

        assertThat(done.phase()).isEqualTo(WorkPhase.SUCCEEDED);
        List<String> order = updates("etcd:3.5.15");
        assertThat(order).hasSize(3).endsWith(leader + "=leader");
        assertThat(order.subList(0, 2)).allSatisfy(u -> assertThat(u).endsWith("=follower"));
        assertThat(leaders).as("one election: from the old leader to a member already updated").hasSize(2)
                .contains(leader);
        String newLeader = cluster.etcdLeader(WorkloadRef.of(step("etcd:3.5.15", true, 2))).orElseThrow();
        assertThat(newLeader).isNotEqualTo(leader);

        run(step("etcd:3.5.16", true, 3));

        assertThat(updates("etcd:3.5.16")).as("the next upgrade relabels first: the new leader goes last")
                .hasSize(3).endsWith(newLeader + "=leader");
    }

    @Test
    void withoutThePriorityStrategyTheMembersGoByOrdinalWhoeverLeads() {
        run(step("etcd:3.5.12", false, 1));
        String leader = cluster.etcdLeader(WorkloadRef.of(step("etcd:3.5.12", false, 1))).orElseThrow();

        run(step("etcd:3.5.15", false, 2));

        assertThat(leader).as("this seed elects a member that is not the lowest ordinal").isNotEqualTo("etcd-0");
        assertThat(cluster.podChanges(WorkloadRef.of(step("etcd:3.5.15", false, 2))).stream()
                .filter(c -> "etcd:3.5.15".equals(c.image())).map(PodChange::pod).toList())
                .as("highest ordinal first, so the leader is not the last one restarted")
                .containsExactly("etcd-2", "etcd-1", "etcd-0").last().isNotEqualTo(leader);
    }
}

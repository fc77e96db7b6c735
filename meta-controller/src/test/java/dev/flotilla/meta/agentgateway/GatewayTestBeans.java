package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.StatusReport;
import dev.flotilla.api.agent.WorkItem;
import dev.flotilla.api.agent.WorkloadKind;
import dev.flotilla.meta.web.FlotillaException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Stand-ins for the features that own work (rollouts, upgrades): a work source and a status receiver. */
@TestConfiguration(proxyBeanMethods = false)
class GatewayTestBeans {

    /** Work items the tests hand out, by cluster id. */
    static final class TestWorkSource implements ClusterWorkSource {
        final Map<Long, WorkItem> items = new ConcurrentHashMap<>();

        @Override
        public List<WorkItem> workFor(long clusterId) {
            WorkItem item = items.get(clusterId);
            return item == null ? List.of() : List.of(item);
        }

        static WorkItem item(String workId, long generation) {
            return new WorkItem(workId, "shop", WorkloadKind.CloneSet, "shop", "shop", 3,
                    Map.of("kind", "CloneSet"), ClusterStrategy.oneBatch(), false, false, generation);
        }
    }

    /** Owns workIds {@code test:<cluster>:<item>} and refuses reports on another cluster's items. */
    static final class TestStatusReceiver implements StatusReceiver {
        record Received(String cluster, StatusReport report) {
        }

        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

        @Override
        public boolean owns(String workId) {
            return workId.startsWith("test:");
        }

        @Override
        public void receive(AgentCaller agent, List<StatusReport> reports) {
            for (StatusReport report : reports) {
                if (!report.workId().startsWith("test:" + agent.cluster() + ":")) {
                    throw FlotillaException.forbidden("work item '" + report.workId()
                            + "' does not belong to cluster '" + agent.cluster() + "'");
                }
            }
            reports.forEach(report -> received.add(new Received(agent.cluster(), report)));
        }

        List<StatusReport> of(String cluster) {
            return received.stream().filter(r -> r.cluster().equals(cluster)).map(Received::report).toList();
        }
    }

    @Bean
    TestWorkSource testWorkSource() {
        return new TestWorkSource();
    }

    @Bean
    TestStatusReceiver testStatusReceiver() {
        return new TestStatusReceiver();
    }
}

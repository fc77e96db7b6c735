package dev.flotilla.meta.agentgateway;

import dev.flotilla.api.agent.ClusterStrategy;
import dev.flotilla.api.agent.WorkloadKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A stand-in campaign kind (like rollouts and upgrades): it puts test items on lists and records what it is told. */
@TestConfiguration(proxyBeanMethods = false)
class GatewayTestBeans {

    static final String KIND = "TEST";

    /** Puts items {@code test:<cluster>:<item>} straight into the store: no generation bump, no signal. */
    static final class TestWork {
        private final WorkItemStore store;

        TestWork(WorkItemStore store) {
            this.store = store;
        }

        void put(long clusterId, String workId) {
            store.put(spec(workId), List.of(WorkPlacement.own(clusterId)));
        }

        static WorkSpec spec(String workId) {
            return new WorkSpec(KIND, 1, "test/" + workId, workId, Map.of("item", workId), "shop",
                    WorkloadKind.CloneSet, "shop", "shop", 3, Map.of("kind", "CloneSet"), ClusterStrategy.oneBatch(),
                    false);
        }
    }

    /** Owns workIds {@code test:<cluster>:<item>}; a cluster carried only its own. */
    static final class TestWorkOwner implements WorkOwner {
        record Received(long carrierId, ItemReport report) {
        }

        final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
        private final JdbcClient jdbc;

        TestWorkOwner(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String kind() {
            return KIND;
        }

        @Override
        public String workIdPrefix() {
            return "test:";
        }

        @Override
        public boolean carried(long carrierId, String workId) {
            String name = jdbc.sql("SELECT name FROM cluster WHERE id = ?").param(carrierId).query(String.class).single();
            return workId.startsWith("test:" + name + ":");
        }

        @Override
        public void reported(List<ItemReport> reports) {
            reports.forEach(r -> received.add(new Received(r.carrierId(), r)));
        }

        List<ItemReport> of(long clusterId) {
            return received.stream().filter(r -> r.carrierId() == clusterId).map(Received::report).toList();
        }
    }

    @Bean
    TestWork testWork(WorkItemStore store) {
        return new TestWork(store);
    }

    @Bean
    TestWorkOwner testWorkOwner(JdbcClient jdbc) {
        return new TestWorkOwner(jdbc);
    }
}

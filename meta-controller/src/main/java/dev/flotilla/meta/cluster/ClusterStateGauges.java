package dev.flotilla.meta.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The gauge {@code flotilla.clusters{state}}: clusters per state, counted by one query every 15 seconds
 * rather than on every scrape, so a scrape never touches the database.
 */
@Component
class ClusterStateGauges {

    static final String METRIC = "flotilla.clusters";

    private final JdbcClient jdbc;
    private final Map<ClusterState, AtomicLong> counts = new EnumMap<>(ClusterState.class);

    ClusterStateGauges(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        for (ClusterState state : ClusterState.values()) {
            AtomicLong count = new AtomicLong();
            counts.put(state, count);
            Gauge.builder(METRIC, count, AtomicLong::get)
                    .description("Clusters in the inventory by state")
                    .tag("state", state.name())
                    .register(registry);
        }
    }

    @Scheduled(initialDelay = 0, fixedDelay = 15, timeUnit = TimeUnit.SECONDS)
    void refresh() {
        Map<ClusterState, Long> fresh = new EnumMap<>(ClusterState.class);
        jdbc.sql("SELECT state, count(*) FROM cluster GROUP BY state")
                .query(rs -> {
                    fresh.put(ClusterState.valueOf(rs.getString(1)), rs.getLong(2));
                });
        counts.forEach((state, count) -> count.set(fresh.getOrDefault(state, 0L)));
    }
}

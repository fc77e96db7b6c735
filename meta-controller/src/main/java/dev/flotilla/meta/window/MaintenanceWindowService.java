package dev.flotilla.meta.window;

import dev.flotilla.meta.cluster.ClusterRecords;
import dev.flotilla.meta.token.ApiCaller;
import dev.flotilla.meta.web.FlotillaException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Stores each cluster's maintenance window; a cluster without one may be upgraded at any time. */
@Service
public class MaintenanceWindowService {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceWindowService.class);

    private final JdbcClient jdbc;
    private final ClusterRecords clusters;

    MaintenanceWindowService(JdbcClient jdbc, ClusterRecords clusters) {
        this.jdbc = jdbc;
        this.clusters = clusters;
    }

    @Transactional
    public MaintenanceWindow put(ApiCaller caller, String cluster, MaintenanceWindow window) {
        long id = clusters.visible(caller, cluster).id();
        String[] days = dayNames(window).toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO maintenance_window (cluster_id, days, start_time, duration_seconds, time_zone)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (cluster_id) DO UPDATE SET days = EXCLUDED.days, start_time = EXCLUDED.start_time,
                            duration_seconds = EXCLUDED.duration_seconds, time_zone = EXCLUDED.time_zone,
                            updated_at = now(), row_version = maintenance_window.row_version + 1""")
                .params(id, days, Time.valueOf(window.start()), window.duration().toSeconds(),
                        window.timeZone().getId())
                .update();
        log.info("Maintenance window of cluster {} set to {} {} for {} ({})", cluster, String.join(",", days),
                window.start(), window.duration(), window.timeZone());
        return window;
    }

    @Transactional(readOnly = true)
    public MaintenanceWindow get(ApiCaller caller, String cluster) {
        return find(clusters.visible(caller, cluster).id())
                .orElseThrow(() -> FlotillaException.notFound("maintenance window", cluster).with("cluster", cluster));
    }

    @Transactional
    public void delete(ApiCaller caller, String cluster) {
        long id = clusters.visible(caller, cluster).id();
        if (jdbc.sql("DELETE FROM maintenance_window WHERE cluster_id = ?").param(id).update() == 0) {
            throw FlotillaException.notFound("maintenance window", cluster).with("cluster", cluster);
        }
        log.info("Maintenance window of cluster {} removed", cluster);
    }

    /** A cluster's window by id, if it has one (for the upgrade executor). */
    @Transactional(readOnly = true)
    public Optional<MaintenanceWindow> find(long clusterId) {
        return jdbc.sql("SELECT days, start_time, duration_seconds, time_zone FROM maintenance_window WHERE cluster_id = ?")
                .param(clusterId)
                .query((rs, i) -> window(rs))
                .optional();
    }

    /** The windows of these clusters by id, in one query; clusters without one are absent. */
    @Transactional(readOnly = true)
    public Map<Long, MaintenanceWindow> findAll(Collection<Long> clusterIds) {
        Map<Long, MaintenanceWindow> windows = new HashMap<>();
        jdbc.sql("""
                        SELECT cluster_id, days, start_time, duration_seconds, time_zone FROM maintenance_window
                        WHERE cluster_id = ANY(?)""")
                .param(clusterIds.toArray(Long[]::new))
                .query(rs -> {
                    windows.put(rs.getLong("cluster_id"), window(rs));
                });
        return windows;
    }

    private static MaintenanceWindow window(ResultSet rs) throws SQLException {
        return new MaintenanceWindow(
                ClusterRecords.strings(rs, "days").stream()
                        .map(d -> DayOfWeek.of(MaintenanceWindowInput.DAY_NAMES.indexOf(d) + 1))
                        .collect(Collectors.toSet()),
                rs.getTime("start_time").toLocalTime(), Duration.ofSeconds(rs.getLong("duration_seconds")),
                ZoneId.of(rs.getString("time_zone")));
    }

    static List<String> dayNames(MaintenanceWindow window) {
        return window.days().stream().sorted().map(d -> MaintenanceWindowInput.DAY_NAMES.get(d.getValue() - 1))
                .toList();
    }
}

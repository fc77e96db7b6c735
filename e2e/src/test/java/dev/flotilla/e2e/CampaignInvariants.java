package dev.flotilla.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must hold for a campaign after any fault, read from the database itself (not through the API that the faults
 * hit): it reached its terminal state; its events are numbered without a gap; every wave started and completed
 * exactly once; every target was dispatched exactly once and moved to each state exactly once (a report applied
 * twice would move it twice, or be refused by the state machine and leave it short); every rollout work item was
 * reported on at its last generation and ended as its target did. Violations are collected, not thrown, so one run
 * shows them all.
 */
final class CampaignInvariants {

    private static final Pattern WAVE = Pattern.compile("^wave (\\d+) ");

    private final StoppableDatabase database;

    CampaignInvariants(StoppableDatabase database) {
        this.database = database;
    }

    /** The violations of campaign {@code id}, which should have ended {@code expectedState} with every target so. */
    List<String> check(long id, String expectedState, String expectedTargetState) throws SQLException {
        List<String> violations = new ArrayList<>();
        try (Connection c = database.connect()) {
            String state = single(c, "SELECT state FROM wave_campaign WHERE id = ?", id);
            if (!expectedState.equals(state)) {
                violations.add("campaign " + id + " is " + state + ", not " + expectedState);
            }
            checkEventNumbers(c, id, violations);
            checkWaves(c, id, violations);
            checkTargets(c, id, expectedTargetState, violations);
            checkWorkItems(c, id, expectedTargetState, violations);
        }
        return violations;
    }

    private void checkEventNumbers(Connection c, long id, List<String> violations) throws SQLException {
        long count = Long.parseLong(single(c, "SELECT count(*) FROM wave_event WHERE campaign_id = ?", id));
        long last = Long.parseLong(single(c, "SELECT coalesce(max(seq), 0) FROM wave_event WHERE campaign_id = ?", id));
        long counter = Long.parseLong(single(c,
                "SELECT coalesce((SELECT last_seq FROM wave_event_counter WHERE campaign_id = ?), 0)", id));
        if (count != last || last != counter) {
            violations.add("campaign " + id + ": " + count + " events numbered up to " + last + ", counter at "
                    + counter + " (a gap or a lost event)");
        }
    }

    private void checkWaves(Connection c, long id, List<String> violations) throws SQLException {
        int waves = Integer.parseInt(single(c, "SELECT jsonb_array_length(waves) FROM wave_campaign WHERE id = ?", id));
        for (String type : List.of("WAVE_STARTED", "WAVE_COMPLETED")) {
            Map<Integer, Integer> perWave = new HashMap<>();
            for (String message : column(c, "SELECT message FROM wave_event WHERE campaign_id = ? AND type = '"
                    + type + "' ORDER BY seq", id)) {
                Matcher m = WAVE.matcher(message);
                perWave.merge(m.find() ? Integer.parseInt(m.group(1)) : -1, 1, Integer::sum);
            }
            for (int wave = 0; wave < waves; wave++) {
                int times = perWave.getOrDefault(wave, 0);
                if (times != 1) {
                    violations.add("campaign " + id + ": " + type + " of wave " + wave + " " + times + " times");
                }
            }
            if (perWave.keySet().stream().anyMatch(w -> w < 0 || w >= waves)) {
                violations.add("campaign " + id + ": " + type + " of unknown waves " + perWave.keySet());
            }
        }
    }

    private void checkTargets(Connection c, long id, String expected, List<String> violations) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT t.cluster_name, t.state,
                       (SELECT count(*) FROM wave_event e WHERE e.campaign_id = t.campaign_id
                            AND e.cluster_name = t.cluster_name AND e.type = 'TARGET_DISPATCHED') AS dispatched,
                       (SELECT count(*) FROM wave_event e WHERE e.campaign_id = t.campaign_id
                            AND e.cluster_name = t.cluster_name AND e.type = 'TARGET_' || t.state) AS reached
                FROM wave_target t WHERE t.campaign_id = ? ORDER BY t.cluster_name""")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                int targets = 0;
                while (r.next()) {
                    targets++;
                    String cluster = r.getString(1);
                    if (!expected.equals(r.getString(2))) {
                        violations.add("campaign " + id + " target " + cluster + " is " + r.getString(2));
                    }
                    if (r.getLong(3) != 1) {
                        violations.add("campaign " + id + " target " + cluster + " dispatched " + r.getLong(3)
                                + " times");
                    }
                    if (r.getLong(4) != 1) {
                        violations.add("campaign " + id + " target " + cluster + " reached " + r.getString(2) + " "
                                + r.getLong(4) + " times");
                    }
                }
                if (targets == 0) {
                    violations.add("campaign " + id + " has no targets");
                }
            }
        }
    }

    /** Rollout items (one per target): reported at their last generation, with the target's final phase. */
    private void checkWorkItems(Connection c, long id, String expected, List<String> violations) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT w.work_id, w.generation, w.reported_generation, w.phase
                FROM work_item w WHERE w.campaign_id = ? AND w.kind = 'ROLLOUT'""")) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getLong(2) != r.getLong(3)) {
                        violations.add("work " + r.getString(1) + " at generation " + r.getLong(2)
                                + " was last reported at " + r.getLong(3) + " (a lost report)");
                    }
                    if (!expected.equals(r.getString(4))) {
                        violations.add("work " + r.getString(1) + " last reported " + r.getString(4));
                    }
                }
            }
        }
    }

    private static String single(Connection c, String sql, long id) throws SQLException {
        List<String> values = column(c, sql, id);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> column(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            try (ResultSet r = s.executeQuery()) {
                List<String> values = new ArrayList<>();
                while (r.next()) {
                    values.add(r.getString(1));
                }
                return values;
            }
        }
    }
}

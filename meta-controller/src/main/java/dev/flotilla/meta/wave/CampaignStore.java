package dev.flotilla.meta.wave;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** The campaign rows: insert, lock, and the state and wave changes the engine and the controls make. */
@Component
class CampaignStore implements CampaignRows {

    private static final String COLUMNS = """
            id, kind, subject, state, current_wave, waves, target_count, max_concurrency, max_failures,
            failure_base, on_failure, unreachable, soak_seconds, approval_waves, approved_through, soak_until,
            message, created_at, started_at, finished_at""";
    private static final TypeReference<List<CampaignRow.WaveInfo>> WAVES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    CampaignStore(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    long insert(NewCampaign c, WavePlan plan, CampaignSettings s) {
        List<CampaignRow.WaveInfo> waves = plan.waves().stream()
                .map(w -> new CampaignRow.WaveInfo(w.index(), w.name(), w.units().size())).toList();
        Timestamp now = now();
        return jdbc.sql("""
                        INSERT INTO wave_campaign (kind, subject, tenant, created_by, state, waves, target_count,
                            max_concurrency, max_failures, on_failure, unreachable, soak_seconds, approval_waves,
                            analysis, created_at, started_at, updated_at)
                        VALUES (?, ?, ?, ?, 'RUNNING', ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
                        RETURNING id""")
                .params(c.kind(), c.subject(), c.tenant(), c.createdBy(), json.writeValueAsString(waves),
                        plan.targetCount(), s.maxConcurrency(),
                        s.maxFailures(), s.onFailure().name(), s.unreachable().name(), s.soakSeconds(),
                        s.approvalWaves().stream().sorted().toArray(Integer[]::new),
                        s.analysis() == null ? null : json.writeValueAsString(s.analysis()), now, now, now)
                .query(Long.class).single();
    }

    Optional<CampaignRow> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wave_campaign WHERE id = ?").param(id).query(this::row).optional();
    }

    /** The campaign with the tenant that may see it and who created it: what its status shows, in one statement. */
    Optional<Owned> findOwned(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", tenant, created_by FROM wave_campaign WHERE id = ?").param(id)
                .query((rs, i) -> new Owned(row(rs, i), rs.getString("tenant"), rs.getString("created_by")))
                .optional();
    }

    /** A campaign's row and its owner ({@link #findOwned}). */
    record Owned(CampaignRow row, String tenant, String createdBy) {
    }

    /**
     * Locks a moving campaign for one engine pass; empty when another pass (or replica) holds it. NO KEY UPDATE,
     * like every lock taken on campaigns: it excludes other passes and controls but not the key-share locks of
     * foreign-key checks (a report inserting events), which would otherwise wait for the pass in a cycle.
     */
    @Override
    public Optional<CampaignRow> claim(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wave_campaign WHERE id = ? AND state IN ('RUNNING', "
                        + "'ROLLING_BACK') FOR NO KEY UPDATE SKIP LOCKED")
                .param(id).query(this::row).optional();
    }

    /** Locks a campaign of this kind, waiting for a running engine pass to finish. */
    @Override
    public Optional<CampaignRow> lock(String kind, long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wave_campaign WHERE id = ? AND kind = ? FOR NO KEY UPDATE")
                .params(id, kind).query(this::row).optional();
    }

    @Override
    public List<Long> moving() {
        return jdbc.sql("SELECT id FROM wave_campaign WHERE state IN ('RUNNING', 'ROLLING_BACK') ORDER BY id")
                .query(Long.class).list();
    }

    @Override
    public void moveTo(long id, CampaignState state, String message) {
        jdbc.sql("""
                        UPDATE wave_campaign SET state = ?, message = ?, updated_at = ?,
                            finished_at = CASE WHEN ? THEN ? ELSE finished_at END
                        WHERE id = ?""")
                .params(state.name(), message, now(), !state.active(), now(), id)
                .update();
    }

    @Override
    public void startWave(long id, int wave) {
        jdbc.sql("UPDATE wave_campaign SET current_wave = ?, soak_until = NULL, updated_at = ? WHERE id = ?")
                .params(wave, now(), id).update();
    }

    @Override
    public void soakUntil(long id, Instant until) {
        jdbc.sql("UPDATE wave_campaign SET soak_until = ?, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(until), now(), id).update();
    }

    @Override
    public void approveThrough(long id, int wave) {
        jdbc.sql("UPDATE wave_campaign SET approved_through = ?, updated_at = ? WHERE id = ?")
                .params(wave, now(), id).update();
    }

    @Override
    public void failureBase(long id, int base) {
        jdbc.sql("UPDATE wave_campaign SET failure_base = ?, updated_at = ? WHERE id = ?")
                .params(base, now(), id).update();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private CampaignRow row(ResultSet rs, int i) throws SQLException {
        return new CampaignRow(rs.getLong("id"), rs.getString("kind"), rs.getString("subject"),
                CampaignState.valueOf(rs.getString("state")), rs.getInt("current_wave"),
                json.readValue(rs.getString("waves"), WAVES), rs.getInt("target_count"),
                (Integer) rs.getObject("max_concurrency"), rs.getInt("max_failures"), rs.getInt("failure_base"),
                FailurePolicy.valueOf(rs.getString("on_failure")),
                UnreachablePolicy.valueOf(rs.getString("unreachable")), rs.getInt("soak_seconds"),
                ints(rs.getArray("approval_waves")), rs.getInt("approved_through"), instant(rs, "soak_until"),
                rs.getString("message"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static List<Integer> ints(Array array) throws SQLException {
        return array == null ? List.of() : new ArrayList<>(Arrays.asList((Integer[]) array.getArray()));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

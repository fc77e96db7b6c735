#!/usr/bin/env bash
# What a rollout's frequent writes cost PostgreSQL with the schema before V17/V18 and with the current one, measured on
# the same server one after the other: bench/pg-writes.sh (about a minute). Starts a PostgreSQL 15 of its own (Debian's
# packages, as bench/run.sh), makes two databases from db/src/main/resources/db/migration (one up to V16, one with every
# migration), fills each with 10,000 clusters labelled as the simulated fleet's and a campaign over all of them, then
# times, on each:
#  - heartbeats: the heartbeat flush's statement (ClusterAgentRecords.FLUSH) over every cluster, 1,250 a statement,
#    five rounds (50,000 row updates);
#  - the work generation's bump of a dispatch (ClusterAgentRecords.bumpWorkGeneration; V16: the cluster row), ten
#    transactions of 1,000 clusters;
#  - target reports: the state, batch, counters, message and time of every target, three times (dispatched, in
#    progress, succeeded), 100 targets a statement (30,000 row updates);
#  - after those, the portal's selector page (env=prod,tier=gold, 100 by name) and the engine's count of the campaign's
#    targets, each the mean of 20 runs;
#  - then, with pgbench, the selector page 20 times a second for 30 s while heartbeat flushes (1,430 clusters each,
#    twice a second) and target reports (100 targets each, 30 a second) run beside it: the page's latency and the
#    writes' own.
# Writes bench/results/pg-writes.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55433}
WORK=${PG_WRITES_WORK:-/tmp/flotilla-pg-writes}
OUT=${PG_WRITES_OUT:-bench/results/pg-writes.md}
MIGRATIONS=db/src/main/resources/db/migration
AS_PG=()
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)
rm -rf "$WORK" && mkdir -p "$WORK"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PG_PORT -c shared_buffers=256MB \
  -c listen_addresses=localhost" start >/dev/null
trap '"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null' EXIT
psql_() { psql -h localhost -p "$PG_PORT" -U postgres -qAtX -v ON_ERROR_STOP=1 "$@"; }
# runs the statements of $2 in database $1, each in its own transaction as the service commits them
millis() {
  printf '%s' "$2" > "$WORK/statements.sql"
  local t0; t0=$(date +%s%N)
  psql_ -d "$1" -f "$WORK/statements.sql" >/dev/null
  echo $((($(date +%s%N) - t0) / 1000000))
}

for db in v16 current; do
  psql_ -c "create database $db"
  for f in $(ls "$MIGRATIONS" | grep -E '^V[0-9]+__.*\.sql$' | sort -t_ -k1.2 -n); do
    v=${f%%__*}; v=${v#V}
    [ "$db" = v16 ] && [ "$v" -gt 16 ] && continue
    psql_ -d "$db" -f "$MIGRATIONS/$f" >/dev/null 2>&1
  done
  psql_ -d "$db" <<'SQL'
INSERT INTO cluster (name, tenant, region, zone, labels, state, kubernetes_version, kruise_version, agent_version,
    node_count, agent_token_hash, registered_at, last_heartbeat_at)
SELECT 'bench-' || lpad(i::text, 5, '0'), 'acme', 'eu-' || (i % 4), 'eu-' || (i % 4) || '-' || chr(97 + i % 3),
    jsonb_build_object('env', CASE WHEN i % 10 = 9 THEN 'staging' ELSE 'prod' END,
        'tier', (ARRAY['gold', 'silver', 'bronze'])[1 + i % 3], 'ring', (i % 10)::text, 'simulated', 'true',
        'fleet', 'bench'),
    'READY', 'v1.31.2', '1.9.0', '0.1.0', 3, md5(i::text) || md5((i + 1)::text), now(), now()
FROM generate_series(0, 9999) i;
INSERT INTO wave_campaign (id, kind, subject, state, waves, target_count, max_failures, on_failure, unreachable,
    created_at, updated_at)
VALUES (1, 'ROLLOUT', 'bench', 'RUNNING', '[]', 10000, 0, 'PAUSE', 'WAIT', now(), now());
INSERT INTO wave_target (campaign_id, cluster_id, cluster_name, region, zone, wave, position, previous, updated_at)
SELECT 1, id, name, region, zone, 0, row_number() OVER (ORDER BY id), '1', now() FROM cluster;
VACUUM ANALYZE;
SQL
done

heartbeats() {
  local sql=""
  for round in 1 2 3 4 5; do
    for part in 0 1 2 3 4 5 6 7; do
      sql+="WITH v AS (SELECT array_agg(id) AS ids, array_agg((extract(epoch FROM now()) * 1000)::bigint + $round)
              AS ms FROM cluster WHERE id % 8 = $part),
        beat AS (UPDATE cluster c SET last_heartbeat_at = GREATEST(c.last_heartbeat_at, to_timestamp(u.ms / 1000.0)),
              state = CASE WHEN c.state = 'NOT_READY' THEN 'READY' ELSE c.state END
            FROM v, unnest(v.ids, v.ms) AS u(id, ms) JOIN cluster b ON b.id = u.id
            WHERE c.id = u.id RETURNING c.name, b.state AS previous)
        SELECT count(*) FROM beat WHERE previous = 'NOT_READY';"
    done
  done
  millis "$1" "$sql"
}
bumps() {
  local sql=""
  for part in 0 1 2 3 4 5 6 7 8 9; do
    if [ "$1" = v16 ]; then
      sql+="UPDATE cluster SET work_generation = work_generation + 1, work_changed_at = now()
        WHERE id IN (SELECT id FROM cluster WHERE id % 10 = $part ORDER BY id FOR UPDATE);"
    else
      sql+="INSERT INTO cluster_work (cluster_id, generation, changed_at)
        SELECT id, 1, now() FROM cluster WHERE id % 10 = $part ORDER BY id
        ON CONFLICT (cluster_id) DO UPDATE SET generation = cluster_work.generation + 1, changed_at = now();"
    fi
  done
  millis "$1" "$sql"
}
reports() {
  local sql=""
  for state in DISPATCHED IN_PROGRESS SUCCEEDED; do
    for part in $(seq 0 99); do
      sql+="UPDATE wave_target SET state = '$state', batch = 1, batches = 1,
          observed = '{\"replicas\": 3, \"updated\": 3}', message = '$state', updated_at = now()
        WHERE campaign_id = 1 AND cluster_id % 100 = $part;"
    done
  done
  millis "$1" "$sql"
}
mean_ms() {
  psql_ -d "$1" -c "EXPLAIN (ANALYZE, FORMAT JSON) $2" >/dev/null
  for i in $(seq 1 20); do
    psql_ -d "$1" -c "EXPLAIN (ANALYZE, FORMAT JSON) $2" | grep -o '"Execution Time": [0-9.]*' | grep -o '[0-9.]*$'
  done | awk '{ total += $1 } END { printf "%.2f", total / NR }'
}
stats() {
  psql_ -d "$1" -F ' ' -c "SELECT n_tup_upd, n_tup_hot_upd, pg_relation_size('$2') / 1024, pg_indexes_size('$2') / 1024
      FROM pg_stat_user_tables WHERE relname = '$2'"
}
SELECTOR="SELECT id, name, labels::text FROM cluster WHERE labels @> '{\"env\": \"prod\"}'::jsonb
  AND labels @> '{\"tier\": \"gold\"}'::jsonb ORDER BY name LIMIT 101"
COUNT="SELECT wave = 0, rollback, state, count(*) FROM wave_target WHERE campaign_id = 1 GROUP BY 1, 2, 3"

cat > "$WORK/beat.sql" <<'SQL'
\set part random(0, 6)
WITH v AS (SELECT array_agg(id) AS ids, array_agg((extract(epoch FROM clock_timestamp()) * 1000)::bigint) AS ms
    FROM cluster WHERE id % 7 = :part),
  beat AS (UPDATE cluster c SET last_heartbeat_at = GREATEST(c.last_heartbeat_at, to_timestamp(u.ms / 1000.0)),
      state = CASE WHEN c.state = 'NOT_READY' THEN 'READY' ELSE c.state END
    FROM v, unnest(v.ids, v.ms) AS u(id, ms) JOIN cluster b ON b.id = u.id
    WHERE c.id = u.id RETURNING c.name, b.state AS previous)
SELECT count(*) FROM beat WHERE previous = 'NOT_READY';
SQL
cat > "$WORK/report.sql" <<'SQL'
\set part random(0, 99)
\set s random(1, 3)
UPDATE wave_target SET state = (ARRAY['DISPATCHED', 'IN_PROGRESS', 'SUCCEEDED'])[:s], batch = 1, batches = 1,
    observed = '{"replicas": 3}', message = 'm', updated_at = now()
WHERE campaign_id = 1 AND cluster_id % 100 = :part;
SQL
echo "$SELECTOR;" > "$WORK/selector.sql"
# pgbench's per-transaction log: the third field is the latency in microseconds
latencies() { cat "$@" | awk '{ print $3 / 1000 }' | sort -n | awk '{ a[NR] = $1; s += $1 }
  END { printf "%.2f %.2f %.2f", s / NR, a[int(NR * 0.5)], a[int(NR * 0.99)] }'; }
concurrent() {
  local db=$1 pgb=(pgbench -h localhost -p "$PG_PORT" -U postgres -n)
  (cd "$WORK" && "${pgb[@]}" -T 40 -R 2 -l --log-prefix="beat-$db" -f beat.sql "$db" >/dev/null 2>&1) &
  (cd "$WORK" && "${pgb[@]}" -T 40 -R 30 -l --log-prefix="report-$db" -f report.sql "$db" >/dev/null 2>&1) &
  sleep 10
  (cd "$WORK" && "${pgb[@]}" -T 30 -R 20 -l --log-prefix="selector-$db" -f selector.sql "$db" >/dev/null 2>&1)
  wait
  echo "$(latencies "$WORK"/selector-"$db".*) $(latencies "$WORK"/beat-"$db".*) $(latencies "$WORK"/report-"$db".*)"
}

declare -A R
for db in v16 current; do
  R[$db.beat]=$(heartbeats $db)
  R[$db.bump]=$(bumps $db)
  R[$db.report]=$(reports $db)
  sleep 1 # the statistics counters arrive within half a second
  R[$db.cluster]=$(stats $db cluster)
  R[$db.target]=$(stats $db wave_target)
  R[$db.selector]=$(mean_ms $db "$SELECTOR")
  R[$db.count]=$(mean_ms $db "$COUNT")
  R[$db.concurrent]=$(concurrent $db)
  sleep 1
  R[$db.cluster2]=$(stats $db cluster)
done
row() { # label v16 current
  echo "| $1 | $2 | $3 |"
}
field() { echo "$1" | cut -d' ' -f"$2"; }
{
  echo "# PostgreSQL cost of a rollout's frequent writes, schema V16 against the current one"
  echo
  echo "bench/pg-writes.sh, $(date -u +%Y-%m-%d), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'),"\
    "10,000 clusters, a campaign over all of them; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| figure | V16 | current |"
  echo "| --- | ---: | ---: |"
  row "heartbeat flush, 50,000 row updates (ms)" "${R[v16.beat]}" "${R[current.beat]}"
  row "work generation bumps of a dispatch, 10 x 1,000 clusters (ms)" "${R[v16.bump]}" "${R[current.bump]}"
  row "target reports, 30,000 row updates (ms)" "${R[v16.report]}" "${R[current.report]}"
  row "cluster table: row updates / of them HOT" "$(field "${R[v16.cluster]}" 1) / $(field "${R[v16.cluster]}" 2)" \
    "$(field "${R[current.cluster]}" 1) / $(field "${R[current.cluster]}" 2)"
  row "cluster table after: heap / indexes (KiB)" "$(field "${R[v16.cluster]}" 3) / $(field "${R[v16.cluster]}" 4)" \
    "$(field "${R[current.cluster]}" 3) / $(field "${R[current.cluster]}" 4)"
  row "wave_target: row updates / of them HOT" "$(field "${R[v16.target]}" 1) / $(field "${R[v16.target]}" 2)" \
    "$(field "${R[current.target]}" 1) / $(field "${R[current.target]}" 2)"
  row "wave_target after: heap / indexes (KiB)" "$(field "${R[v16.target]}" 3) / $(field "${R[v16.target]}" 4)" \
    "$(field "${R[current.target]}" 3) / $(field "${R[current.target]}" 4)"
  row "selector page after them, mean of 20 (ms)" "${R[v16.selector]}" "${R[current.selector]}"
  row "the engine's target count after them, mean of 20 (ms)" "${R[v16.count]}" "${R[current.count]}"
  for i in 1 2 3; do
    what=(- "selector page beside the writes (pgbench, 30 s at 20/s)" "heartbeat flush beside it (2/s)"
      "target reports beside it (30/s)")
    c16=(${R[v16.concurrent]}) ccur=(${R[current.concurrent]})
    b=$(((i - 1) * 3))
    row "${what[$i]}: mean / p50 / p99 (ms)" "${c16[$b]} / ${c16[$((b + 1))]} / ${c16[$((b + 2))]}" \
      "${ccur[$b]} / ${ccur[$((b + 1))]} / ${ccur[$((b + 2))]}"
  done
  row "cluster table at the end: heap (KiB)" "$(field "${R[v16.cluster2]}" 3)" "$(field "${R[current.cluster2]}" 3)"
} | tee "$OUT"

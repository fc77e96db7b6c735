#!/usr/bin/env bash
# The scale benchmark: bench/run.sh [sizes...] (default 1000 5000 10000).
# Starts a PostgreSQL 15 server of its own (Debian's packages), then per fleet size a meta-controller process on a
# fresh database and a simulated fleet (the fleet-sim jar's "bench" mode), and writes bench/results/fleet-<n>.md,
# bench/results/pgbench.md and the "Fleet at scale" section of docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 5000 10000)
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${PG_PORT:-55432}
WORK=${BENCH_WORK:-/tmp/flotilla-bench}
RESULTS=${BENCH_RESULTS:-bench/results}
SIM_JAR=${SIM_JAR:-fleet-sim/target/flotilla-fleet-sim.jar}
META_JAR=${META_JAR:-meta-controller/target/flotilla-meta-controller.jar}
# REPLICAS=2: that many meta-controller processes on the one database, the agents split between them
REPLICAS=${REPLICAS:-1}
SUFFIX=$([ "$REPLICAS" -gt 1 ] && echo "-${REPLICAS}r" || true)
# AGENT_PORT=18190: the agent API on a connector of its own (flotilla.agent.port); 0 leaves agents on the main port
# Other knobs: IDLE_SECONDS, ROLLOUTS (1 or 2), NOOP_SECONDS, PORTAL_LEAD_SECONDS (10: the portal probe asks before
# each rollout, uncounted), MODEL_CLUSTERS (0 skips in-place vs recreate),
# META_JAVA, SIM_JAVA, SIM_AOT (below), SIM_NICE (10), META_PRIORITY, META_GC (see below), META_HEAP, META_JVM (extra JVM options, {replica} for the replica index), SIM_JVM (the simulator's), META_ARGS, JFR_DIR (flight recordings
# of idle, no-op, both rollouts and reports at saturation; read them with bench/jfr-breakdown.py), PGBENCH_SECONDS, WRITE_DOCS=0
AGENT_PORT=${AGENT_PORT:-18190}

exec 9>/tmp/flotilla-bench.lock
flock -n 9 || { echo "another bench/run.sh is running"; exit 1; }
# 10,000 simulated agents hold 20,000 sockets and more at once (a parked poll and a report each, the pools): raise
# the limit where allowed (root), else to the hard limit
ulimit -n 262144 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -f "$SIM_JAR" ] && [ -f "$META_JAR" ] || ./mvnw -B -q -DskipTests package
META_ABS="$(cd "$(dirname "$META_JAR")" && pwd)/$(basename "$META_JAR")"   # as the simulator starts it
AS_PG=()
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)

rm -rf "$WORK" && mkdir -p "$WORK" "$RESULTS"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PG_PORT -c max_connections=200 \
  -c shared_buffers=256MB -c shared_preload_libraries=pg_stat_statements -c listen_addresses=localhost" start
trap '"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null' EXIT
POSTMASTER=$(head -1 "$WORK/pg/postmaster.pid")
# pg_ctl starts the server in a session of its own, and where the kernel's autogroups are on
# (/proc/sys/kernel/sched_autogroup_enabled) a session is one scheduling entity: PostgreSQL's backends together get
# the CPU of one group against the group of the meta-controller and the simulator, whatever their nice values.
# PG_AUTOGROUP_NICE=<n> sets that group's nice value (docs/benchmarks.md, what limits the next step, 5).
if [ -n "${PG_AUTOGROUP_NICE:-}" ]; then
  echo "$PG_AUTOGROUP_NICE" > "/proc/$POSTMASTER/autogroup"
fi
PG_AUTOGROUP=$(cat "/proc/$POSTMASTER/autogroup" 2>/dev/null || echo "none")
PSQL=("$PG_BIN/psql" -h localhost -p "$PG_PORT" -U postgres -AtqX)

echo "== pgbench"
"${PSQL[@]}" -d postgres -c "drop database if exists pgbench" -c "create database pgbench"
"$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -i -s 10 -q pgbench >/dev/null 2>&1
TPS=$("$PG_BIN/pgbench" -h localhost -p "$PG_PORT" -U postgres -N -c 8 -j 2 -T "${PGBENCH_SECONDS:-30}" pgbench \
  2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | tail -1)
"${PSQL[@]}" -d postgres -c "drop database pgbench"
printf -- '- **ceiling**: `pgbench -N -c 8 -j 2 -T %s` (simple updates, scale 10) on the same server: %s TPS (load average %s; PostgreSQL'"'"'s scheduling group: %s)\n' \
  "${PGBENCH_SECONDS:-30}" "$TPS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$PG_AUTOGROUP" > "$RESULTS/pgbench$SUFFIX.md"
cat "$RESULTS/pgbench$SUFFIX.md"

# the meta-controller's Java: the image runs Java 25 (deploy/meta-controller.Dockerfile); META_JAVA=<its java> to
# measure as it runs, else the java on PATH
META_JAVA=$(command -v "${META_JAVA:-java}")
META_JAVA_MAJOR=$("$META_JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
# the collector: on Java 21 and later the image's generational ZGC (returning heap unused for 10 s, as the image), with
# the soft heap limit docs/operations.md advises at 10,000 agents (heap.QuietHeap lowers it while the replica is
# quiet); on Java 17 G1, handing back the heap it grew to while thousands of agents registered.
# META_GC= (empty) measures with the JVM's defaults, META_JVM adds further options
if [ "${META_JAVA_MAJOR:-17}" -ge 21 ]; then
  DEFAULT_GC="-XX:+UseZGC -XX:SoftMaxHeapSize=1g -XX:ZUncommitDelay=10 -XX:TrimNativeHeapInterval=10000"
  [ "$META_JAVA_MAJOR" -lt 23 ] && DEFAULT_GC+=" -XX:+ZGenerational"
else
  DEFAULT_GC="-XX:G1PeriodicGCInterval=10000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
fi
META_GC=${META_GC-$DEFAULT_GC}
# the image's thread priorities: Linux gets the Java priorities (the agent API's threads below the portal's,
# flotilla.agent.thread-priority) only with ThreadPriorityPolicy=1. The image runs as a user that can only lower a
# thread's priority; run as root, the JVM would also raise its own threads' (GC, compiler, VM thread) above the
# rest, so their Java priorities 6-10 are mapped to nice 0 as the image's user gets. META_PRIORITY= measures without
if [ -z "${META_PRIORITY+set}" ]; then
  META_PRIORITY="-XX:ThreadPriorityPolicy=1"
  [ "$(id -u)" = 0 ] && for p in 6 7 8 9 10; do META_PRIORITY+=" -XX:JavaPriority${p}_To_OSPriority=0"; done
fi
# the simulated fleet stands for thousands of other machines: its threads run at this nice value, so it takes the
# CPU the meta-controller, PostgreSQL and the portal probe leave rather than an equal share per thread (0: as started)
SIM_NICE=${SIM_NICE:-10}
# the simulator's Java (the java on PATH unless SIM_JAVA names another): it stands for the agents' machines, so
# whatever makes it cheaper leaves more of this machine to what is measured
SIM_JAVA=$(command -v "${SIM_JAVA:-java}")
# SIM_AOT=<file>: the simulator's ahead-of-time cache (Java 25 and later: its classes loaded and linked and its
# methods' profiles from an earlier run of the same jar). Absent, the run writes it when its simulator exits (a
# training run: `SIM_AOT=/tmp/sim.aot WRITE_DOCS=0 BENCH_RESULTS=/tmp/train bench/run.sh 1000`); present, every
# simulator starts from it and refuses to start without it (a stale cache is an error, not a silent cold start).
# The simulated agents stand for other machines, each warm after its own first rollout: a simulator that does not
# compile its agents' code during the measured rollouts leaves those cores to the service. The meta-controller
# always starts cold.
SIM_AOT_JVM=()
if [ -n "${SIM_AOT:-}" ]; then
  SIM_JAVA_MAJOR=$("$SIM_JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${SIM_JAVA_MAJOR:-17}" -ge 25 ] || { echo "SIM_AOT needs the simulator on Java 25 or later (SIM_JAVA)"; exit 1; }
fi

for n in "${SIZES[@]}"; do
  db="flotilla_$n"
  "${PSQL[@]}" -d postgres -c "drop database if exists $db" -c "create database $db"
  "${PSQL[@]}" -d "$db" -c "create extension pg_stat_statements"
  echo "== $n clusters"
  if [ -n "${SIM_AOT:-}" ]; then
    if [ -f "$SIM_AOT" ]; then SIM_AOT_JVM=(-XX:AOTMode=on "-XX:AOTCache=$SIM_AOT"); else SIM_AOT_JVM=("-XX:AOTCacheOutput=$SIM_AOT"); fi
  fi
  "$SIM_JAVA" -Xms512m -Xmx3g -Djava.util.concurrent.ForkJoinPool.common.parallelism=4 ${SIM_JVM:-} "${SIM_AOT_JVM[@]}" \
    -Djdk.httpclient.keepalive.timeout=10 -jar "$SIM_JAR" bench --clusters="$n" --meta-controller-jar="$META_JAR" \
    --jdbc-url="jdbc:postgresql://localhost:$PG_PORT/$db" --pg-port="$PG_PORT" --psql="$PG_BIN/psql" \
    --postmaster-pid="$POSTMASTER" --idle-seconds="${IDLE_SECONDS:-120}" --meta-heap="${META_HEAP:-2g}" \
    --rollout-limit-seconds="${ROLLOUT_LIMIT_SECONDS:-300}" --out="$RESULTS/fleet-$n$SUFFIX.md" \
    --replicas="$REPLICAS" --agent-port="$AGENT_PORT" --pgbench-tps="${TPS:-0}" --meta-jvm="$META_GC $META_PRIORITY ${META_JVM:-}" \
    --meta-args="${META_ARGS:-}" --noop-seconds="${NOOP_SECONDS:-10}" --jfr-dir="${JFR_DIR:-}" --rollouts="${ROLLOUTS:-2}" \
    --portal-lead-seconds="${PORTAL_LEAD_SECONDS:-10}" \
    --simulator-nice="$SIM_NICE" --meta-java="$META_JAVA" \
    ${MODEL_CLUSTERS:+--model-clusters=$MODEL_CLUSTERS} \
    || echo "== $n clusters: the run stopped (see $RESULTS/fleet-$n$SUFFIX.md); going on with the next size"
  # a simulator that died leaves its meta-controllers running on the database and the ports: stop them
  if pkill -f -- "-jar $META_ABS"; then sleep 5; pkill -9 -f -- "-jar $META_ABS" || true; fi
  "${PSQL[@]}" -d postgres -c "drop database $db"
done

[ "${WRITE_DOCS:-1}" = 1 ] || exit 0
{
  echo "<!-- fleet-bench:start (written by bench/run.sh) -->"
  echo "## Fleet at scale"
  echo
  echo "- machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr);" \
       "simulator $("$SIM_JAVA" -version 2>&1 | head -1)${SIM_AOT:+ from the AOT cache $SIM_AOT}, meta-controller $("$META_JAVA" -version 2>&1 | head -1) ($META_JAVA);" \
       "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')" \
       "(shared_buffers 256MB, fsync on); one machine runs PostgreSQL, the meta-controller and the simulator"
  echo "- command: \`META_JAVA=$META_JAVA SIM_JAVA=$SIM_JAVA${SIM_AOT:+ SIM_AOT=$SIM_AOT} bench/run.sh ${SIZES[*]}\`, $(date -u +%Y-%m-%d)"
  echo
  cat "$RESULTS/pgbench$SUFFIX.md"
  echo
  for n in "${SIZES[@]}"; do cat "$RESULTS/fleet-$n$SUFFIX.md"; echo; done
  # a two-replica run of the same size made before (REPLICAS=2 ... WRITE_DOCS=0) is shown beside it
  for n in "${SIZES[@]}"; do
    [ -z "$SUFFIX" ] && [ -f "$RESULTS/fleet-$n-2r.md" ] && { cat "$RESULTS/fleet-$n-2r.md"; echo; }
  done
  echo "<!-- fleet-bench:end -->"
} > "$RESULTS/section.md"
if grep -q 'fleet-bench:start' docs/benchmarks.md; then
  awk -v section="$RESULTS/section.md" '
    /fleet-bench:start/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /fleet-bench:end/ { skip = 0; next }
    !skip { print }' docs/benchmarks.md > "$RESULTS/benchmarks.md.new"
  mv "$RESULTS/benchmarks.md.new" docs/benchmarks.md
else
  { echo; cat "$RESULTS/section.md"; } >> docs/benchmarks.md
fi
echo "docs/benchmarks.md updated"

#!/usr/bin/env python3
"""Prints the goal table of docs/benchmarks.md ("Goals against the final runs") from bench/results/fleet-*.json.

Usage: bench/goal-table.py [results-dir]   (default bench/results)

Columns: fleet-1000, fleet-5000, fleet-10000 and fleet-10000-2r (two replicas), the ones present. The last column
says where a goal with a threshold was met; rows without a threshold leave it empty, and the first row's (the
fourfold cut against the code before the issue, which needs a run of that code) is written by hand after pasting.
"""
import json
import os
import sys

COLUMNS = [("1000", "1,000"), ("5000", "5,000"), ("10000", "10,000"), ("10000-2r", "10,000, 2 replicas")]


def num(v, decimals=None):
    if v is None:
        return ""
    if decimals is not None:
        return f"{v:.{decimals}f}"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def both(d, key, decimals=None, sep=" / "):
    return sep.join(num(r.get(key), decimals) for r in d["rollouts"])


def per_rollout(d, fmt, sep="; "):
    return sep.join(fmt(r) for r in d["rollouts"])


def gib_ok(d):
    rss = d.get("idleMetaRssMiBPerReplica") if d.get("replicas", 1) > 1 else d["idleMetaRssMiB"]
    return rss <= 1024


# (label, value of one run, goal met by that run or None where the row has no threshold)
ROWS = [
    ("meta-controller CPU per status report, rollout (CPU-µs, worse rollout)",
     lambda d: num(d["metaCpuMicrosPerReport"]), None),
    ("&nbsp;&nbsp;first / second rollout", lambda d: both(d, "metaCpuMicrosPerReport"), None),
    ("&nbsp;&nbsp;the same, less the idle load over as long", lambda d: both(d, "metaCpuMicrosPerReportNetOfIdle"), None),
    ("&nbsp;&nbsp;the same, less the JIT compiler threads' CPU", lambda d: both(d, "metaCpuMicrosPerReportNetOfJit"), None),
    ("&nbsp;&nbsp;meta-controller CPU in the rollout / of it JIT compiler threads, first; second (s)",
     lambda d: per_rollout(d, lambda r: f"{r['metaCpuSeconds']:.1f} / {r['metaJitCpuSeconds']:.1f}"), None),
    ("meta-controller CPU per status report at saturation (CPU-µs)", lambda d: num(d["saturatedReportsMetaCpuMicros"]), None),
    ("meta-controller CPU per dispatched item (CPU-µs, worse rollout)", lambda d: num(d["metaCpuMicrosPerItem"]), None),
    ("no-op ceiling (requests/s, same process, same client)", lambda d: num(d["noopRequestsPerSecond"]), None),
    ("&nbsp;&nbsp;meta-controller CPU-µs per no-op request", lambda d: num(d["noopMetaCpuMicrosPerRequest"]), None),
    ("status reports at saturation (reports/s within the 10 s window, same client and concurrency)",
     lambda d: num(d["saturatedReportsPerSecond"]), None),
    ("&nbsp;&nbsp;answered after the window; the last after it (s)",
     lambda d: f"{num(d['saturatedReportsLate'])}; {num(d['saturatedReportsDrainSeconds'])}", None),
    ("saturated reports ÷ no-op ceiling >= 0.5", lambda d: num(d["saturatedReportsToNoopRatio"], 2),
     lambda d: d["saturatedReportsToNoopRatio"] >= 0.5),
    ("status reports per second during the rollout (worse rollout)", lambda d: num(d["reportsPerSecond"]), None),
    ("meta-controller / simulator cores: no-op ceiling", lambda d: f"{num(d['noopMetaCores'])} / {num(d['noopSimCores'])}", None),
    ("meta-controller cores: saturated reports", lambda d: num(d["saturatedReportsMetaCores"]), None),
    ("rollout create -> end <= 30 s (worse rollout)", lambda d: f"{d['rolloutSeconds']:.1f} s",
     lambda d: d["rolloutSeconds"] <= 30),
    ("&nbsp;&nbsp;first / second rollout (s), state",
     lambda d: f"{both(d, 'createToEndSeconds', 1)} ({', '.join(r['state'] for r in d['rollouts'])})", None),
    ("dispatch p99 <= 5 s (worse rollout)", lambda d: f"{num(d['dispatchP99Ms'])} ms", lambda d: d["dispatchP99Ms"] <= 5000),
    ("&nbsp;&nbsp;first / second rollout (ms)", lambda d: both(d, "dispatchP99Ms"), None),
    ("&nbsp;&nbsp;of that the engine (rollout start to TARGET_DISPATCHED), p99 first / second (ms)",
     lambda d: both(d, "engineDispatchP99Ms"), None),
    ("&nbsp;&nbsp;the service's polls answered with work: half / 99% / all the clusters, first; second (ms)",
     lambda d: per_rollout(d, lambda r: " / ".join(num(r[k]) for k in
                                                   ("metaWorkAnswersP50Ms", "metaWorkAnswersP99Ms", "metaWorkAnswersAllMs"))), None),
    ("&nbsp;&nbsp;a task's wait in the simulated agents' executor, p50 / p99, first; second (ms)",
     lambda d: per_rollout(d, lambda r: f"{r['simQueueWaitP50Ms']:.0f} / {r['simQueueWaitP99Ms']:.0f}"), None),
    ("&nbsp;&nbsp;agents' polls timed out unread at their HTTP client, first / second", lambda d: both(d, "agentPollTimeouts"), None),
    ("&nbsp;&nbsp;dispatch max, first / second (ms)", lambda d: both(d, "dispatchMaxMs"), None),
    ("dispatch p50, first / second rollout (ms)", lambda d: both(d, "dispatchP50Ms"), None),
    ("portal p99 <= 100 ms during the rollout (worse endpoint, worse rollout)", lambda d: f"{d['portalP99Ms']:.0f} ms",
     lambda d: d["portalP99Ms"] <= 100),
    ("&nbsp;&nbsp;selector page / rollout status, first rollout (ms)",
     lambda d: f"{d['rollouts'][0]['portalSelectorP99Ms']:.1f} / {d['rollouts'][0]['portalRolloutP99Ms']:.1f}", None),
    ("&nbsp;&nbsp;the same, second rollout (ms)",
     lambda d: f"{d['rollouts'][-1]['portalSelectorP99Ms']:.1f} / {d['rollouts'][-1]['portalRolloutP99Ms']:.1f}", None),
    ("&nbsp;&nbsp;p50 selector page / rollout status, first; second (ms)",
     lambda d: per_rollout(d, lambda r: f"{r['portalSelectorP50Ms']:.1f} / {r['portalRolloutP50Ms']:.1f}"), None),
    ("&nbsp;&nbsp;probe calls per rollout, first / second; failed",
     lambda d: f"{both(d, 'portalCalls')}; {sum(r['portalFailedCalls'] for r in d['rollouts'])}", None),
    ("idle meta-controller <= 0.25 core", lambda d: num(d["idleMetaCores"]), lambda d: d["idleMetaCores"] <= 0.25),
    ("idle meta-controller RSS <= 1 GiB", lambda d: f"{num(d['idleMetaRssMiB'])} MiB", gib_ok),
    ("&nbsp;&nbsp;RSS when the fleet was READY", lambda d: f"{num(d['readyMetaRssMiB'])} MiB", None),
    ("&nbsp;&nbsp;per replica with two: busiest cores; largest RSS",
     lambda d: (f"{num(d['idleMetaCoresPerReplica'])}; {num(d['idleMetaRssMiBPerReplica'])} MiB"
                if d.get("replicas", 1) > 1 else ""), None),
    ("connect (all READY, s)", lambda d: num(d["connectSeconds"]), None),
    ("simulator CPU, idle (cores)", lambda d: num(d["idleSimCores"], 3), None),
    ("meta-controller / simulator cores, first rollout",
     lambda d: f"{num(d['rollouts'][0]['metaCores'])} / {num(d['rollouts'][0]['simCores'])}", None),
    ("simulator CPU per rollout, first / second (s)", lambda d: both(d, "simCpuSeconds", 1), None),
    ("&nbsp;&nbsp;of it the simulator's JIT compiler threads (s)", lambda d: both(d, "simJitCpuSeconds", 1), None),
    ("PostgreSQL CPU per rollout, first / second (s)", lambda d: both(d, "pgCpuSeconds", 1), None),
    ("PostgreSQL statements per status report (rollout)", lambda d: num(d["statementsPerReport"]), None),
    ("`cluster` / `wave_target` row updates in both rollouts, of them HOT",
     lambda d: f"{d['rolloutClusterRowUpdates']} ({d['rolloutClusterHotUpdates']}) / "
               f"{d['rolloutTargetRowUpdates']} ({d['rolloutTargetHotUpdates']})", None),
    ("pgbench -N ceiling (TPS)", lambda d: f"{d['pgbenchTps']:.0f}", None),
    ("load average at start / end", lambda d: f"{d['loadAverageAtStart']} / {d['loadAverageAtEnd']}", None),
]


def where_met(runs, test):
    met = [title for title, d in runs if test(d)]
    if len(met) == len(runs):
        return "yes"
    if not met:
        return "no"
    return "at " + (met[0] if len(met) == 1 else ", ".join(met[:-1]) + " and " + met[-1])


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else "bench/results"
    runs = []
    for suffix, title in COLUMNS:
        path = os.path.join(results, f"fleet-{suffix}.json")
        if os.path.exists(path):
            with open(path) as f:
                runs.append((title, json.load(f)))
    if not runs:
        sys.exit(f"no fleet-*.json in {results}")
    print("| goal | " + " | ".join(title for title, _ in runs) + " | met |")
    print("| --- | " + " | ".join("---:" for _ in runs) + " | --- |")
    for label, value, test in ROWS:
        cells = [value(d) for _, d in runs]
        met = where_met(runs, test) if test else ""
        if test is gib_ok and any(d.get("replicas", 1) > 1 for _, d in runs):
            met += " (with two replicas: per replica)"
        print(f"| {label} | " + " | ".join(cells) + f" | {met} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The JVM's waits for its threads in a flight recording: each safepoint's synchronization (jdk.SafepointBegin: from
the request until every thread running Java code has stopped at a poll; the threads that stopped first wait for the
last) and each handshake with all threads (jdk.ExecuteVMOperation HandshakeAllThreads, which the Z collector's
phases use; a thread stops only for its own part). Count, total, how many over 10 ms and the four longest.

  bench/jfr-safepoints.py /tmp/jfr/rollout-10000.jfr /tmp/jfr/rollout2-10000.jfr
"""
import sys

from jfr_events import events


def summary(values):
    values = sorted(values)
    longest = ", ".join(f"{v:.1f}" for v in values[-4:])
    return (f"{len(values)}, {sum(values):.0f} ms in all, {sum(1 for v in values if v > 10)} over 10 ms, "
            f"longest {longest} ms")


for path in sys.argv[1:]:
    syncs, handshakes = [], []
    for kind, event, ms in events(path, ["jdk.SafepointBegin", "jdk.ExecuteVMOperation"]):
        if ms is None:
            continue
        if kind == "jdk.SafepointBegin":
            syncs.append(ms)
        elif "HandshakeAllThreads" in event:
            handshakes.append(ms)
    print(f"{path}\n  safepoint synchronizations: {summary(syncs)}\n  handshakes with all threads: {summary(handshakes)}")

#!/usr/bin/env python3
"""Whether the portal's slow waits for PostgreSQL are the JVM's own: each socket read of at least MS ms (default 30) on
the request threads of the main port PORT (Tomcat names them http-nio-<port>-exec-<n>, the agent port's as well),
with the safepoints (jdk.SafepointBegin), VM operations (jdk.ExecuteVMOperation, handshakes among them) and
collector pauses (jdk.GCPhasePause) of 1 ms or more that overlap it. A read that overlaps none waited for
PostgreSQL's answer or for a core to read it on, not for the JVM. Times are the recording's clock to the ms.

  bench/jfr-overlap.py /tmp/jfr/rollout2-10000.jfr PORT [MS]
"""
import re
import sys

from jfr_events import events, start_ms

path, port = sys.argv[1], sys.argv[2]
slow = float(sys.argv[3]) if len(sys.argv) > 3 else 30.0
MAIN_PORT_THREAD = re.compile(r'eventThread = "http-nio-' + re.escape(port) + '-exec')

reads = []
for _, event, ms in events(path, ["jdk.SocketRead"], stack_depth=1):
    if ms is not None and ms >= slow and MAIN_PORT_THREAD.search(event):
        reads.append((start_ms(event), ms))
stops = []
for kind, event, ms in events(path, ["jdk.SafepointBegin", "jdk.ExecuteVMOperation", "jdk.GCPhasePause"],
                              stack_depth=1):
    if ms is None or ms < 1:
        continue
    what = re.search(r'(?:operation|name) = "([^"]+)"', event)
    stops.append((start_ms(event), ms, kind.replace("jdk.", "") + (":" + what.group(1) if what else "")))

reads.sort()
print(f"{path}: {len(reads)} socket reads of {slow:g} ms or more on the main port's threads")
alone = 0
for start, ms in reads:
    hits = [f"{name} {d:.1f} ms" for s, d, name in stops if s < start + ms and s + d > start]
    alone += not hits
    print(f"  {ms:7.1f} ms at +{(start - reads[0][0]) / 1000:6.2f} s: {'; '.join(hits) or 'no safepoint, VM operation or pause'}")
print(f"  {alone} of {len(reads)} overlap none")

#!/usr/bin/env python3
"""Monitor waits of a thread group in a flight recording: how many jdk.JavaMonitorEnter events (each a wait longer
than the recording's threshold, 10 ms with settings=profile as bench/run.sh records), their total and largest, and
the monitors waited on longest (by the method that entered them).

  bench/jfr-monitors.py /tmp/jfr/rollout-10000.jfr ['http-nio-18190-']   # the agent port's threads by default
"""
import collections
import re
import sys

from jfr_events import events

path = sys.argv[1]
threads = re.compile(sys.argv[2] if len(sys.argv) > 2 else r"http-nio-18190-")
total = largest = 0.0
count = 0
by_monitor = collections.Counter()
for _, event, ms in events(path, ["jdk.JavaMonitorEnter"], stack_depth=2):
    thread = re.search(r'eventThread = "([^"]+)"', event)
    if not thread or not threads.search(thread.group(1)):
        continue
    frames = re.findall(r"^\s+([\w$.<>]+)\(", event, re.M)
    where = ".".join(frames[0].split(".")[-2:]) if frames else "?"
    total += ms
    largest = max(largest, ms)
    count += 1
    by_monitor[where] += ms
print(f"{count} waits, {total / 1000:.1f} s, largest {largest:.0f} ms; "
      + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in by_monitor.most_common(3)))

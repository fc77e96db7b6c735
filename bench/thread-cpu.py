#!/usr/bin/env python3
"""What each thread group of bench/thread-cpu.sh's output used between two times (seconds from its first line), and
the cores the process used every 2 s (to find a run's phases):

  bench/thread-cpu.py out.txt                 # the process's cores and its collector's every 2 s
  bench/thread-cpu.py out.txt 162 206 282 311 # the groups' CPU seconds from 162 s to 206 s and from 282 s to 311 s
"""
import sys

rows = []
for line in open(sys.argv[1]):
    parts = line.split()
    rows.append((int(parts[0]), {k: int(v) for k, v in (kv.rsplit("=", 1) for kv in parts[1:])}))
start = rows[0][0]


def collector(groups):
    return sum(v for k, v in groups.items() if k.startswith("Z") or k.startswith("GC_") or k.startswith("G1_"))


def nearest(seconds):
    return min(rows, key=lambda r: abs((r[0] - start) / 1000 - seconds))


if len(sys.argv) == 2:
    for (t0, a), (t1, b) in zip(rows, rows[1:]):
        dt = (t1 - t0) / 1000
        print(f"{(t1 - start) / 1000:6.0f} s  cores {(sum(b.values()) - sum(a.values())) / 100 / dt:5.2f}"
              f"  collector {(collector(b) - collector(a)) / 100 / dt:5.2f}")
for a, b in zip(sys.argv[2::2], sys.argv[3::2]):
    (t0, g0), (t1, g1) = nearest(float(a)), nearest(float(b))
    used = {k: (v - g0.get(k, 0)) / 100 for k, v in g1.items()}
    print(f"{a}-{b} s ({(t1 - t0) / 1000:.1f} s): {sum(used.values()):.1f} s of CPU, "
          f"{(collector(g1) - collector(g0)) / 100:.1f} s of it the collector's")
    for k, v in sorted(used.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {v:6.2f} {k}")

#!/bin/bash
# Samples, about once a second until killed, how long the meta-controller's portal request threads and PostgreSQL's
# backends waited for a CPU (the kernel's run-queue delay, /proc/<pid>/task/<tid>/schedstat, second field), beside the
# CPU the portal threads used. Run it beside bench/run.sh; each line: epoch seconds, the portal threads' CPU (ms,
# cumulative), their run-queue wait (ms, cumulative), how many there are, and PostgreSQL's backends' run-queue wait
# (ms, summed over the backends of the bench's database alive at the time). Differences between lines are the figures.
# The meta-controller is found as bench/run.sh starts it (its default META_GC; the first replica).
#   bench/run-delay.sh /tmp/run-delay.txt [main port, 18090] &
out=${1:?usage: run-delay.sh OUT [PORT]}
port=${2:-18090}
while true; do
  meta=$(pgrep -f 'UseZGC.*-jar .*meta' | head -1)
  if [ -n "$meta" ]; then
    read -r cpu delay n < <(for t in /proc/"$meta"/task/*; do
        case "$(cat "$t/comm" 2>/dev/null)" in http-nio-$port-*) cat "$t/schedstat" 2>/dev/null;; esac
      done | awk '{c += $1; d += $2; n++} END {printf "%d %d %d\n", c / 1e6, d / 1e6, n}')
    pg=$(for p in $(pgrep -f 'postgres: .*flotilla_'); do cat /proc/"$p"/schedstat 2>/dev/null; done \
      | awk '{d += $2} END {printf "%d", d / 1e6}')
    echo "$(date +%s.%N | cut -c1-14) $cpu $delay $n $pg" >> "$out"
  fi
  sleep 1
done

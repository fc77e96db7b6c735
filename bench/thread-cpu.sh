#!/bin/bash
# The CPU of a JVM's threads by group, every 2 s, from /proc/<pid>/task/*/stat (the kernel's thread names, cut to 15
# characters, with trailing numbers, '#n' and '-' dropped: ZWorkerYoung, C2_CompilerThre, http-nio-18190, ...):
#   bench/thread-cpu.sh '<pgrep -f pattern of the process>' out.txt &
# Each line: the time in epoch ms, then group=clock ticks so far (100 a second). A thread that exits takes its
# ticks with it. bench/thread-cpu.py prints what each group used between two times.
pattern=$1 out=$2
while true; do
  pid=$(pgrep -f -- "$pattern" | head -1)
  if [ -n "$pid" ]; then
    ts=$(date +%s%3N)
    for t in /proc/"$pid"/task/*; do
      s=$(cat "$t/stat" 2>/dev/null) || continue
      name=${s#*(}; name=${name%)*}; rest=${s##*) }
      # shellcheck disable=SC2086
      set -- $rest; echo "$name $((${12} + ${13}))"
    done | awk -v ts="$ts" '{ n = $0; sub(/ [0-9]+$/, "", n); g = n; gsub(/[#0-9]+$/, "", g); gsub(/-$/, "", g);
        gsub(/ /, "_", g); s[g] += $NF } END { printf "%s", ts; for (k in s) printf " %s=%d", k, s[k]; print "" }' >> "$out"
  fi
  sleep 2
done

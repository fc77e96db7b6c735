#!/bin/bash
# Samples once a second until killed the machine's TCP connections opened so far (/proc/net/snmp, Tcp ActiveOpens
# and PassiveOpens: every connection on the machine, PostgreSQL's and the bench's psql calls included) and the
# connections established to the meta-controllers' agent ports, so a rollout's new connections between the
# simulated agents and the service can be read beside bench/run.sh. Each line: epoch seconds, ActiveOpens,
# PassiveOpens, established connections to ports FIRST..LAST (18190..18199, the agent ports bench/run.sh gives its
# replicas). Differences between lines are the figures.
#   bench/tcp-opens.sh > /tmp/tcp.log [FIRST LAST] &
first=${1:-18190}
last=${2:-18199}
while true; do
  opens=$(awk '/^Tcp:/ && $2 ~ /^[0-9]/ {print $6, $7}' /proc/net/snmp)
  established=$(ss -Htn state established "( sport >= :$first and sport <= :$last )" 2>/dev/null | wc -l)
  echo "$(date +%s) $opens $established"
  sleep 1
done

#!/usr/bin/env bash
# What an idle keep-alive connection costs the server in memory: its RSS
# before and after CONNECTIONS connections that each made one request and
# then wait (bench/idle_holder.py), and the difference per connection. The
# goal (issue #31): 10,000 idle connections grow it by at most 40 MiB.
#
#   ./bench/idle_memory.sh [connections=10000]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
connections=${1:-10000}

# The holder and the server each need a descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ofb_setup "$root"
http_port=$(of_free_port)
# Room for them all, and time to measure before the idle timeout.
"$server" serve --db "$db" --listen "127.0.0.1:$http_port" --log-level warn --request-log false \
  --max-connections $((connections + 1000)) --max-connections-per-address 0 --idle-timeout-seconds 600 &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
# Warm: the first connections' allocations (pools, the allocator's arenas)
# are not the idle connections'.
for _ in $(seq 200); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null; done
sleep 1
before=$(rss_kib)

fifo=$work/holder.stdin
mkfifo "$fifo"
python3 "$root/bench/idle_holder.py" "$http_port" "$connections" <"$fifo" >"$work/holder.out" &
receiver_pid=$!  # stopped on exit with the rest
exec 3>"$fifo"
for _ in $(seq 600); do grep -q '^held' "$work/holder.out" 2>/dev/null && break; sleep 0.5; done
grep -q '^held' "$work/holder.out" || of_die "the holder did not get its connections: $(cat "$work/holder.out")"
sleep 2
after=$(rss_kib)
open=$(curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && ss -Htn state established "( sport = :$http_port )" | wc -l)
exec 3>&-

awk -v b="$before" -v a="$after" -v n="$connections" -v o="$open" 'BEGIN {
  printf "idle connections: %d held (%d established at the server)\n", n, o
  printf "server RSS: %.1f MiB before, %.1f MiB with them: +%.1f MiB, %.2f KiB per idle connection (goal: at most 40 MiB for 10,000)\n",
    b / 1024, a / 1024, (a - b) / 1024, (a - b) / n }'

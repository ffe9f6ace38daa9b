#!/usr/bin/env bash
# End-to-end no-op jobs per second (enqueue -> run -> ack, events on) with 1 and 2 worker processes, beside
# redis-benchmark's XADD rate (-P 16) on the same private redis-server (unix socket, AOF everysec like the
# embedded one), in one run. Also: enqueue-to-start latency at 1,000 jobs/s (not backlogged) and worker RSS.
# Usage: Benchmarks/jobqueue/run.sh [jobs] [concurrency]   (default 200000 jobs, 100 in flight per worker)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jobs=${1:-200000}
concurrency=${2:-100}
dir=$(mktemp -d /tmp/dcn-jqbench-XXXXXX)
socket="$dir/redis.sock"

swift build -c release --product JobQueueBenchmark >/dev/null
bench="$(swift build -c release --show-bin-path)/JobQueueBenchmark"

# Every measurement gets a fresh server: an append-only file grown by the previous run (and its rewrite in the
# background) would tax whichever configuration came later.
fresh_redis() {
    redis-cli -s "$socket" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "${dir:?}"/*
    redis-server --port 0 --unixsocket "$socket" --dir "$dir" --save "" --appendonly yes --appendfsync everysec \
        --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do redis-cli -s "$socket" ping >/dev/null 2>&1 && break; sleep 0.1; done
}
trap 'redis-cli -s "$socket" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
fresh_redis

peer=$(redis-benchmark -s "$socket" -q -n "$jobs" -c 50 -P 16 XADD bench:peer '*' h v p v | tr '\r' '\n' |
    grep -oE '[0-9.]+ requests per second' | tail -n 1 | awk '{printf "%.0f", $1}')
redis-cli -s "$socket" del bench:peer >/dev/null

printf '%-34s %10s %10s %9s %9s %10s %8s\n' "redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -c3-)" \
    "jobs/s" "XADD/s" "ratio" "p50 ms" "p99 ms" "RSS MiB"
for mode in default swift-pool pinned; do
    for workers in 1 2; do
        fresh_redis
        line=$("$bench" drive "unix://$socket" "$workers" "$jobs" "$concurrency" "$mode")
        value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$line"; }
        rate=$(value jobs_per_second)
        printf '%-34s %10s %10s %9.2f %9s %10s %8s\n' "$workers worker(s) x $concurrency, $mode" "$rate" "$peer" \
            "$(awk "BEGIN {print $rate / $peer}")" "$(value p50_ms)" "$(value p99_ms)" "$(value rss_mib)"
    done
done

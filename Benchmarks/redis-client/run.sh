#!/usr/bin/env bash
# XADD throughput: RedisClient against redis-benchmark, on one private redis-server, in one run.
#   pipelined: 50 clients x 16 commands per round trip (redis-benchmark -c 50 -P 16)
#   single:    1 client, 1 command per round trip     (redis-benchmark -c 1)
# Each of ours runs three ways: as the services run (NIO's event loops installed as Swift's global executor,
# GlobalExecutor.useEventLoops: a caller resumes on its connection's loop), on Swift's own pool (every round trip
# crosses threads twice), and pinned to one loop with an EventLoopTaskExecutor.
# Usage: Benchmarks/redis-client/run.sh [requests]   (default 400000 pipelined, 50000 single)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
requests=${1:-400000}
single_requests=$((requests / 8))
port=16399
dir=$(mktemp -d /tmp/dcn-bench-XXXXXX)

swift build -c release --product RedisClientBenchmark >/dev/null
bench="$(swift build -c release --show-bin-path)/RedisClientBenchmark"

redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
trap 'redis-cli -p $port shutdown nosave >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done

peer() { # redis-benchmark's own figure, requests per second
    redis-benchmark -p "$port" -q "$@" XADD bench:peer '*' f v | tr '\r' '\n' | grep -oE '[0-9.]+ requests per second' |
        tail -n 1 | awk '{printf "%.0f", $1}'
    redis-cli -p "$port" del bench:peer >/dev/null
}
ours() { "$bench" "redis://127.0.0.1:$port/0" "$@" | sed -n 's/^ops_per_second=//p'; }

peer_pipelined=$(peer -n "$requests" -c 50 -P 16)
ours_pipelined=$(ours pipelined 50 16 "$requests")
ours_pipelined_pool=$(ours pipelined 50 16 "$requests" swift-pool)
ours_pipelined_pinned=$(ours pipelined 50 16 "$requests" pinned)
peer_single=$(peer -n "$single_requests" -c 1)
ours_single=$(ours single "$single_requests")
ours_single_pool=$(ours single "$single_requests" swift-pool)
ours_single_pinned=$(ours single "$single_requests" pinned)

row() { printf '%-44s %12s %16s %7.2f\n' "$1" "$2" "$3" "$(awk "BEGIN {print $2 / $3}")"; }
printf '%-44s %12s %16s %7s\n' "XADD ops/s (redis $(redis-server --version | grep -oE 'v=[0-9.]+' | cut -c3-))" \
    "RedisClient" "redis-benchmark" "ratio"
row "pipelined, 50 conns x depth 16" "$ours_pipelined" "$peer_pipelined"
row "pipelined, 50 conns x depth 16, Swift's pool" "$ours_pipelined_pool" "$peer_pipelined"
row "pipelined, 50 conns x depth 16, pinned loop" "$ours_pipelined_pinned" "$peer_pipelined"
row "unpipelined, 1 connection" "$ours_single" "$peer_single"
row "unpipelined, 1 connection, Swift's pool" "$ours_single_pool" "$peer_single"
row "unpipelined, 1 connection, pinned loop" "$ours_single_pinned" "$peer_single"

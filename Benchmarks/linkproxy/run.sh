#!/usr/bin/env bash
# Link proxy (January) benchmark: a release `discordination serve` (Redis from services.sh, disk blobs, SQLite)
# with a loopback origin started by the benchmark program. Reports cached /january/embed answers per second and
# latency beside the same server's /healthz (its HTTP floor), and the latency the proxy adds on the cold path
# over the origin's own response time.
# Usage: Benchmarks/linkproxy/run.sh [seconds] [clients,…] [cold_count]   (default 10 s, 1 and 16 clients, 200 URLs)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
seconds=${1:-10}
clients=${2:-1,16}
cold=${3:-200}

bench_start LinkProxyBenchmark linkbench
# The benchmark program starts the origin first and writes its port; the server is then allowed to reach it.
"$bin/LinkProxyBenchmark" "http://127.0.0.1:$port" "$dir/origin-port" "$seconds" "$clients" "$cold" >"$dir/report" 2>&1 &
bench_pid=$!
bench_wait_file "$dir/origin-port"
origin_port=$(cat "$dir/origin-port")
bench_serve --set proxy.allow=127.0.0.1/32 --set "proxy.ports=80,443,$origin_port" \
    --set proxy.host_rate_limit=1000000 --set proxy.host_concurrency=1000
bench_finish "release build; 2 cores shared by server, Redis and the load client; origin and server on loopback"

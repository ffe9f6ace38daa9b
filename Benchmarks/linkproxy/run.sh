#!/usr/bin/env bash
# Link proxy (January) benchmark: a release `discordination serve` (Redis from services.sh, disk blobs, SQLite)
# with a loopback origin started by the benchmark program. Reports cached /january/embed answers per second and
# latency beside the same server's /healthz (its HTTP floor), and the latency the proxy adds on the cold path
# over the origin's own response time.
# Usage: Benchmarks/linkproxy/run.sh [seconds] [clients,…] [cold_count]   (default 10 s, 1 and 16 clients, 200 URLs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-10}
clients=${2:-1,16}
cold=${3:-200}

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
dir=$(mktemp -d /tmp/dcn-linkbench-XXXXXX)
server_pid=""
bench_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

swift build -c release --product discordination >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
swift build -c release --product LinkProxyBenchmark >>"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
bin="$(swift build -c release --show-bin-path)"

# The benchmark program starts the origin first and writes its port; the server is then allowed to reach it.
port=$((20000 + RANDOM % 20000))
"$bin/LinkProxyBenchmark" "http://127.0.0.1:$port" "$dir/origin-port" "$seconds" "$clients" "$cold" >"$dir/report" 2>&1 &
bench_pid=$!
for _ in $(seq 1 100); do [ -s "$dir/origin-port" ] && break; sleep 0.1; done
origin_port=$(cat "$dir/origin-port")
"$bin/discordination" serve --set "http.port=$port" --set "redis.url=$DISCORDINATION_TEST_REDIS_URL" \
    --set "jobs.namespace=bench$RANDOM" --set "storage.data_dir=$dir/data" --set log.level=warning \
    --set proxy.allow=127.0.0.1/32 --set "proxy.ports=80,443,$origin_port" \
    --set proxy.host_rate_limit=1000000 --set proxy.host_concurrency=1000 >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
wait "$bench_pid" || { cat "$dir/report"; tail -20 "$dir/server.log"; exit 1; }
bench_pid=""
cat "$dir/report"
echo "release build; 2 cores shared by server, Redis and the load client; origin and server on loopback"

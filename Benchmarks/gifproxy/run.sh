#!/usr/bin/env bash
# GIF proxy benchmark: a release `discordination serve` (Redis from services.sh, disk blobs, SQLite) whose GIF
# provider is a fake on loopback started by the benchmark program. Reports cached answers per second and latency
# in both dialects beside the same server's /healthz (its HTTP floor) and the provider itself, then replays a Zipf
# query mix and reports the hit ratio (upstream calls saved).
# Usage: Benchmarks/gifproxy/run.sh [seconds] [clients,…] [requests] [vocabulary] [zipf_s]
#        (default 10 s, 1 and 16 clients, 20000 requests over 2000 terms, s = 1.0)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
seconds=${1:-10}
clients=${2:-1,16}
requests=${3:-20000}
vocabulary=${4:-2000}
zipf=${5:-1.0}

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
dir=$(mktemp -d /tmp/dcn-gifbench-XXXXXX)
server_pid=""
bench_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

swift build -c release --product discordination >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
swift build -c release --product GifProxyBenchmark >>"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
bin="$(swift build -c release --show-bin-path)"

# The benchmark program starts the fake provider first and writes its port and key; the server is pointed at it.
port=$((20000 + RANDOM % 20000))
"$bin/GifProxyBenchmark" "http://127.0.0.1:$port" "$dir/provider" "$seconds" "$clients" "$requests" "$vocabulary" \
    "$zipf" >"$dir/report" 2>&1 &
bench_pid=$!
for _ in $(seq 1 100); do [ -s "$dir/provider" ] && break; sleep 0.1; done
provider=$(cat "$dir/provider")
provider_port=${provider%% *}
provider_key=${provider#* }
"$bin/discordination" serve --set "http.port=$port" --set "redis.url=$DISCORDINATION_TEST_REDIS_URL" \
    --set "jobs.namespace=bench$RANDOM" --set "storage.data_dir=$dir/data" --set log.level=warning \
    --set gifs.provider=tenor --set "gifs.base_url=http://127.0.0.1:$provider_port" \
    --set "gifs.api_key=$provider_key" --set gifs.anonymous=true --set gifs.rate_limit=1000000 \
    >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
wait "$bench_pid" || { cat "$dir/report"; tail -20 "$dir/server.log"; exit 1; }
bench_pid=""
cat "$dir/report"
echo "release build; 2 cores shared by server, Redis, the fake provider and the load client; all on loopback"

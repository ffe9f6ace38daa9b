#!/usr/bin/env bash
# GIF proxy benchmark: a release `discordination serve` (Redis from services.sh, disk blobs, SQLite) whose GIF
# provider is a fake on loopback started by the benchmark program. Reports cached answers per second and latency
# in both dialects beside the same server's /healthz (its HTTP floor) and the provider itself, then replays a Zipf
# query mix and reports the hit ratio (upstream calls saved).
# Usage: Benchmarks/gifproxy/run.sh [seconds] [clients,…] [requests] [vocabulary] [zipf_s]
#        (default 10 s, 1 and 16 clients, 20000 requests over 2000 terms, s = 1.0)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
seconds=${1:-10}
clients=${2:-1,16}
requests=${3:-20000}
vocabulary=${4:-2000}
zipf=${5:-1.0}

bench_start GifProxyBenchmark gifbench
# The benchmark program starts the fake provider first and writes its port and key; the server is pointed at it.
"$bin/GifProxyBenchmark" "http://127.0.0.1:$port" "$dir/provider" "$seconds" "$clients" "$requests" "$vocabulary" \
    "$zipf" >"$dir/report" 2>&1 &
bench_pid=$!
bench_wait_file "$dir/provider"
provider=$(cat "$dir/provider")
bench_serve --set gifs.provider=tenor --set "gifs.base_url=http://127.0.0.1:${provider%% *}" \
    --set "gifs.api_key=${provider#* }" --set gifs.anonymous=true --set gifs.rate_limit=1000000
bench_finish "release build; 2 cores shared by server, Redis, the fake provider and the load client; all on loopback"

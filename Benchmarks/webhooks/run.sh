#!/usr/bin/env bash
# Webhook benchmark: a release `discordination serve` (SQLite and Redis of services.sh, rate limits off). Webhook
# executions per second and their latency at SENDERS concurrent senders beside the same senders' plain message sends
# in the same run (plain, webhook, plain), then DELIVERIES messages delivered signed to a bot's endpoint on loopback.
# Usage: Benchmarks/webhooks/run.sh [seconds] [senders] [deliveries]   (default 10 s, 16 senders, 2000)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
seconds=${1:-10}
senders=${2:-16}
deliveries=${3:-2000}

bench_start WebhookBenchmark webhookbench
bench_serve --set api.rate_limits=false --set proxy.allow=127.0.0.1/32 --set "http.public_url=http://localhost:$port"
"$bin/WebhookBenchmark" "http://127.0.0.1:$port" "$seconds" "$senders" "$deliveries" >"$dir/report" 2>&1 &
bench_pid=$!
bench_finish "release build; 2 cores shared by Redis, the server (API, dispatcher, delivery worker) and the load client"

#!/usr/bin/env bash
# Gateway benchmark: a release `discordination serve` (SQLite, Redis from services.sh) and nats-server from Debian
# with WebSocket enabled, side by side; GatewayBenchmark opens the same number of WebSocket connections to each at
# once (time until all are ready), reports the servers' memory per idle connection, then sends messages every
# connection receives (through the chat API for the gateway, PUB for nats): a burst (deliveries per second) and a
# paced series (send-to-receive latency of each delivery).
# Usage: Benchmarks/gateway/run.sh [connections] [burst messages] [paced messages] [pace ms] [receiving accounts]
#        (defaults 1000, 20, 10, 300, 10)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
connections=${1:-1000}
messages=${2:-20}
paced=${3:-10}
pace_ms=${4:-300}
receivers=${5:-10}
command -v nats-server >/dev/null 2>&1 || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y -qq nats-server >/dev/null; }
ulimit -n "$((connections * 3 + 1024))" 2>/dev/null || true

bench_start GatewayBenchmark gatewaybench
nats_port=$((port + 1))
cat >"$dir/nats.conf" <<CONF
listen: 127.0.0.1:$((port + 2))
websocket { listen: "127.0.0.1:$nats_port", no_tls: true }
max_payload: 1048576
CONF
nats-server -c "$dir/nats.conf" >"$dir/nats.log" 2>&1 &
nats_pid=$!
trap 'kill $nats_pid 2>/dev/null; bench_cleanup' EXIT
bench_serve --set api.rate_limits=false --set gateway.max_queued_events=100000 \
    --set gateway.messages_per_minute=100000
"$bin/GatewayBenchmark" "http://127.0.0.1:$port" "ws://127.0.0.1:$port/ws" "$server_pid" \
    "ws://127.0.0.1:$nats_port" "$nats_pid" "$connections" "$messages" \
    "$paced" "$pace_ms" "$receivers" >"$dir/report" 2>&1 &
bench_pid=$!
bench_finish "release build; 2 cores shared by the server, Redis, nats-server and the load client"

#!/usr/bin/env bash
# Web client benchmark: a release `discordination serve` (SQLite, Redis of services.sh, rate limits off) holding a
# channel of 1,000 messages, opened in headless Chromium over loopback. Measures the time from navigation to the
# message list being on screen (cold, with an empty cache; warm, with the service worker and the HTTP cache), the
# bytes transferred on the first load and on a cached reload, and the frame rate while scrolling back through all
# 1,000 messages (paging in as it goes). The peer, in the same run: the same 1,000 messages as a static page (the
# client's own markup and stylesheet, no script) from a plain HTTP server, the floor any client could reach.
# Usage: Benchmarks/web/run.sh [runs]   (default 5 cold and 5 warm loads; medians reported)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
runs=${1:-5}

bench_start discordination web
bench_serve --set api.rate_limits=false --set "http.public_url=http://127.0.0.1:$port"
"$root/.tools/venv/bin/python" "$root/Benchmarks/web/bench.py" "http://127.0.0.1:$port" "$runs" "$dir" \
    >"$dir/report" 2>&1 &
bench_pid=$!
bench_finish "release build; headless Chromium $(chromium --version 2>/dev/null | awk '{print $2}'), 2 cores shared by the browser, the server and Redis"

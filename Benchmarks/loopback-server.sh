# Sourced by the benchmarks that run a release `discordination serve` beside a benchmark program, where the program
# first starts a loopback peer (an origin, a GIF provider) and writes what the server needs to know of it to a file.
#   bench_start PRODUCT NAME   backing servers up, both products built; sets $root, $dir, $bin, $port; cleans up on exit
#   bench_wait_file FILE       until the benchmark program has written FILE
#   bench_serve FLAGS…         `serve` on $port (Redis from services.sh, SQLite and blobs in $dir), until /readyz
#   bench_finish NOTE          waits for the program, prints its report and NOTE (the server's log on failure)
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
server_pid=""
bench_pid=""

bench_cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null
    rm -rf "$dir"
}

bench_start() {
    bash Deploy/services.sh start >/dev/null
    set -a
    . ./.services/env
    set +a
    dir=$(mktemp -d "/tmp/dcn-$2-XXXXXX")
    trap bench_cleanup EXIT
    for product in discordination "$1"; do
        swift build -c release --product "$product" >>"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
    done
    bin="$(swift build -c release --show-bin-path)"
    port=$((20000 + RANDOM % 20000))
}

bench_wait_file() {
    for _ in $(seq 1 100); do [ -s "$1" ] && return 0; sleep 0.1; done
    echo "the benchmark program did not start: $(cat "$dir/report" 2>/dev/null)" >&2
    exit 1
}

bench_serve() {
    ${BENCH_WRAP:-} "$bin/discordination" serve --set "http.port=$port" --set "redis.url=$DISCORDINATION_TEST_REDIS_URL" \
        --set "jobs.namespace=bench$RANDOM" --set "storage.data_dir=$dir/data" --set log.level=warning "$@" \
        >"$dir/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
}

bench_finish() {
    wait "$bench_pid" || { cat "$dir/report"; tail -20 "$dir/server.log"; exit 1; }
    bench_pid=""
    cat "$dir/report"
    echo "$1"
}

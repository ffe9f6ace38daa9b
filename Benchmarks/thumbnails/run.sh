#!/usr/bin/env bash
# Thumbnail throughput on real photographs, Discordination against libvips itself and thumbor, in one run.
#   inputs: the JPEG wallpapers of Debian's lomiri-wallpapers-20.04 (up to 6000 x 4000, 24 MP) and
#           ukui-wallpapers (3840 x 2400), plus PNG and WebP conversions of two of them; COPIES distinct copies
#           of each (a comment differs), so nothing deduplicates.
#   discordination: release `discordination files` and `discordination worker` (disk store, PostgreSQL, Redis),
#           JOBS media jobs in flight (16 by default, as jobs.concurrency); uploads per second from the first
#           upload until every file is `ready` (HTTP upload -> media.process -> variants stored). Run twice: a
#           benchmark pipeline making the peers' single variant (fit 512 x 512, WebP quality 80; originals still
#           stripped), and the default attachments pipeline. The worker's peak resident memory is reported.
#   vipsthumbnail: the same resize, one process per core (xargs -P 2, VIPS_CONCURRENCY=1).
#   thumbor (PyPI, PIL engine, 2 processes): GET /unsafe/fit-in/512x512/filters:format(webp):quality(80)/FILE,
#           2 clients.
# Usage: Benchmarks/thumbnails/run.sh [copies] [jobs] [decode_mib]   (defaults 4, 16 and 176: the worker's
#        jobs.concurrency and files.decode_memory_mib)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
copies=${1:-4}
jobs=${2:-16}
decode_mib=${3:-176}
cores=2

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
dir=$(mktemp -d /tmp/dcn-thumbbench-XXXXXX)
pids=()
cleanup() {
    # thumbor forks its worker processes: each server runs in a session of its own, killed whole.
    for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$dir"
}
trap cleanup EXIT

# Photographs from Debian packages, cached between runs.
cache="$root/.build-bench/photos"
if [ ! -f "$cache/.done" ]; then
    mkdir -p "$cache/debs" "$cache/source"
    (cd "$cache/debs" && apt-get download lomiri-wallpapers-20.04 ukui-wallpapers >/dev/null 2>&1) || {
        echo "apt-get download failed (run apt-get update?)" >&2
        exit 1
    }
    for deb in "$cache"/debs/*.deb; do dpkg -x "$deb" "$cache/x"; done
    cp "$cache"/x/usr/share/backgrounds/*.jpg "$cache/source/"
    vips copy "$cache/source/the-mouse.jpg" "$cache/source/the-mouse.png"
    vips copy "$cache/source/string.jpg" "$cache/source/string.png"
    vips copy "$cache/source/Kleiber_by_Lukas_Baubkus.jpg" "$cache/source/Kleiber_by_Lukas_Baubkus.webp[Q=90]"
    vips copy "$cache/source/2004default.jpg" "$cache/source/2004default.webp[Q=90]"
    rm -rf "$cache/x"
    touch "$cache/.done"
fi
# One set per contender that stores what it receives: a second Discordination run must not find the first's files.
for set in inputs bench default; do
    python3 Benchmarks/thumbnails/make-inputs.py "$cache/source" "$dir/$set" "$copies"
done
files=("$dir"/inputs/*)
count=${#files[@]}
megapixels=$(for f in "$cache"/source/*; do vipsheader -f width "$f"; vipsheader -f height "$f"; done |
    paste - - | awk -v c="$copies" '{s += $1 * $2} END {printf "%.0f", s * c / 1e6}')
echo "inputs: $count files ($(ls "$cache/source" | wc -l) photographs x $copies copies), $megapixels megapixels in all"

now() { date +%s.%N; }
# CPU seconds (user + system) used by the processes a command starts, read once they have all ended.
cpu_of() { ( "$@" >/dev/null; times ) | awk 'NR == 2 {for (i = 1; i <= 2; i++) {split($i, t, "m"); s += t[1] * 60 + t[2]}
    printf "%.1f", s}'; }
# CPU seconds a running process has used so far.
cpu_of_process() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$1/stat"; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {printf "%.2f", n / (b - a)}'; }

# --- libvips itself -------------------------------------------------------------------------------------------
mkdir -p "$dir/vips-out"
start=$(now)
vipsthumbnails() {
    printf '%s\n' "${files[@]}" | VIPS_CONCURRENCY=1 xargs -P "$cores" -I{} \
        vipsthumbnail {} --size 512x512 -o "$dir/vips-out/%s.webp[Q=80]"
}
vips_cpu=$(cpu_of vipsthumbnails)
vips_rate=$(rate "$count" "$start" "$(now)")

# --- thumbor --------------------------------------------------------------------------------------------------
venv="$root/.build-bench/thumbor-venv"
if [ ! -x "$venv/bin/thumbor" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q thumbor
fi
thumbor_port=$((20000 + RANDOM % 20000))
cat >"$dir/thumbor.conf" <<CONF
LOADER = 'thumbor.loaders.file_loader'
FILE_LOADER_ROOT_PATH = '$dir/inputs'
STORAGE = 'thumbor.storages.no_storage'
RESULT_STORAGE = None
ALLOW_UNSAFE_URL = True
MAX_PIXELS = 100000000
CONF
setsid "$venv/bin/thumbor" -p "$thumbor_port" -i 127.0.0.1 -c "$dir/thumbor.conf" --processes "$cores" \
    >"$dir/thumbor.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$thumbor_port/healthcheck" >/dev/null 2>&1 && break
    sleep 0.2
done
start=$(now)
printf '%s\n' "${files[@]##*/}" | xargs -P "$cores" -I{} curl -fs -o /dev/null \
    "http://127.0.0.1:$thumbor_port/unsafe/fit-in/512x512/filters:format(webp):quality(80)/{}"
thumbor_rate=$(rate "$count" "$start" "$(now)")

# --- Discordination -------------------------------------------------------------------------------------------
swift build -c release --product discordination >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
binary="$(swift build -c release --show-bin-path)/discordination"
mkdir -p "$dir/bench-pipelines" "$dir/default-pipelines"
cp Pipelines/*.toml "$dir/default-pipelines/"
cp Pipelines/*.toml "$dir/bench-pipelines/"
cat >"$dir/bench-pipelines/attachments.toml" <<TOML
max_size = 200000000
accept = ["image", "video", "audio", "text", "file"]

[[variants]]
name = "preview"
fit = "fit"
width = 512
height = 512
format = "webp"
quality = 80
TOML
sed -i 's/^max_size = .*/max_size = 200000000/' "$dir/default-pipelines/attachments.toml"

# Uploads every file of a set (4 clients), then waits until every one is processed; prints
# "uploads/s peak-MiB not-ready worker-cpu-s server-cpu-s".
run_discordination() {
    local pipelines=$1 inputs=$2 port=$((20000 + RANDOM % 20000)) namespace="thumb$RANDOM" admin="bench-admin-$RANDOM"
    local settings=(
        --set "http.port=$port" --set "redis.url=$DISCORDINATION_TEST_REDIS_URL" --set "jobs.namespace=$namespace"
        --set "database.url=$DISCORDINATION_TEST_POSTGRES_URL" --set "storage.data_dir=$dir/data-$namespace"
        --set storage.backend=disk --set files.rate_limit=1000000 --set "files.pipelines=$pipelines"
        --set "files.admin_token=$admin" --set "jobs.concurrency=$jobs" --set "files.decode_memory_mib=$decode_mib"
        --set log.level=warning
    )
    local token
    # Tokens name real users: the benchmark's user is made first (a new one per run, so reruns never collide).
    local bench_user
    bench_user=$(echo "bench password" | "$binary" user create --email "bench-$RANDOM$RANDOM@example.com" --username bench "${settings[@]}" | awk '$1 == "user" {print $2}')
    token=$("$binary" token create --user "$bench_user" "${settings[@]}" | awk '$1 == "token" {print $2}')
    "$binary" files "${settings[@]}" >"$dir/server-$namespace.log" 2>&1 &
    local server=$!
    "$binary" worker "${settings[@]}" --set "http.port=$((port + 1))" >"$dir/worker-$namespace.log" 2>&1 &
    local worker=$!
    pids+=("$server" "$worker")
    for _ in $(seq 1 100); do
        curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 &&
            curl -fs "http://127.0.0.1:$((port + 1))/readyz" >/dev/null 2>&1 && break
        sleep 0.2
    done
    local begin
    begin=$(now)
    printf '%s\n' "$inputs"/* | xargs -P 4 -I{} curl -fs -H "X-Session-Token: $token" -F "file=@{}" \
        "http://127.0.0.1:$port/autumn/attachments" | grep -o '"id":"[^"]*"' | cut -d'"' -f4 >"$dir/ids-$namespace"
    local failed
    failed=$(python3 Benchmarks/thumbnails/wait-ready.py "$port" "$admin" "$dir/ids-$namespace")
    local finish peak worker_cpu server_cpu
    finish=$(now)
    peak=$(awk '/^VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$worker/status")
    worker_cpu=$(cpu_of_process "$worker")
    server_cpu=$(cpu_of_process "$server")
    kill "$server" "$worker"
    wait "$server" "$worker" 2>/dev/null || true
    echo "$(rate "$(wc -l <"$dir/ids-$namespace")" "$begin" "$finish") $peak $failed $worker_cpu $server_cpu"
}
read -r bench_rate bench_peak bench_failed bench_worker_cpu bench_server_cpu < <(run_discordination "$dir/bench-pipelines" "$dir/bench")
read -r default_rate default_peak default_failed default_worker_cpu default_server_cpu < <(run_discordination "$dir/default-pipelines" "$dir/default")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
printf '\n%-60s %12s %10s %10s\n' "fit 512 x 512, WebP q80" "pictures/s" "vs vips" "vs thumbor"
printf '%-60s %12s %10s %10s\n' "vipsthumbnail, $cores processes" "$vips_rate" "1.00" "$(ratio "$vips_rate" "$thumbor_rate")"
printf '%-60s %12s %10s %10s\n' "thumbor $("$venv/bin/thumbor" --version 2>/dev/null | head -1), $cores processes" \
    "$thumbor_rate" "$(ratio "$thumbor_rate" "$vips_rate")" "1.00"
printf '%-60s %12s %10s %10s\n' "discordination end to end, $jobs jobs (worker peak $bench_peak MiB)" "$bench_rate" \
    "$(ratio "$bench_rate" "$vips_rate")" "$(ratio "$bench_rate" "$thumbor_rate")"
printf '%-60s %12s\n' "discordination, default attachments (worker $default_peak MiB)" "$default_rate"
echo "CPU seconds: vipsthumbnail $vips_cpu; discordination worker $bench_worker_cpu + file server" \
    "$bench_server_cpu (default pipeline: $default_worker_cpu + $default_server_cpu)"
echo "(not ready: $bench_failed benchmark pipeline, $default_failed default pipeline)"

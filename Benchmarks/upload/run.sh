#!/usr/bin/env bash
# Upload throughput of the file server (release `discordination files`, SeaweedFS S3 + PostgreSQL + Redis) against
# raw signed PUTs of the same files to the same SeaweedFS, in one run: 16 clients at a time, for 100 KB, 5 MB and
# 100 MB files (every file distinct, so nothing deduplicates). Reports uploads/s, MiB/s, the ratio to the raw PUT,
# and the server's peak resident memory above idle.
# The two sides take turns in rounds (raw, ours; then ours, raw; …), each round on its own share of the files, and
# each side's rate is the median of its rounds: a stall of the shared machine (SeaweedFS growing a volume, a
# collector's pause) costs one round of one side a second or more, which a single timed batch took in whole.
# Usage: Benchmarks/upload/run.sh [clients] [scale] [sizes] [rounds]
#   (default 16 clients; scale divides the file counts; sizes picks batches, e.g. "100M"; 5 rounds)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
clients=${1:-16}
scale=${2:-1}
sizes=${3:-100K 5M 100M}
rounds=${4:-5}

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
dir=$(mktemp -d /tmp/dcn-uploadbench-XXXXXX)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

swift build -c release --product discordination >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
binary="$(swift build -c release --show-bin-path)/discordination"
# The 100 MB batch needs a tag that takes 100 MB: attachments raised to 200 MB for this run.
mkdir -p "$dir/pipelines"
sed 's/^max_size = .*/max_size = 200000000/' Pipelines/attachments.toml >"$dir/pipelines/attachments.toml"
port=$((20000 + RANDOM % 20000))
namespace="bench$RANDOM"
bucket="dcn-bench-upload"
settings=(
    --set "http.port=$port" --set "redis.url=$DISCORDINATION_TEST_REDIS_URL" --set "jobs.namespace=$namespace"
    --set "database.url=$DISCORDINATION_TEST_POSTGRES_URL" --set "storage.data_dir=$dir/data"
    --set storage.backend=s3 --set "storage.s3.endpoint=$DISCORDINATION_TEST_S3_ENDPOINT"
    --set "storage.s3.region=$DISCORDINATION_TEST_S3_REGION" --set "storage.s3.bucket=$bucket"
    --set "storage.s3.access_key=$DISCORDINATION_TEST_S3_ACCESS_KEY"
    --set "storage.s3.secret_key=$DISCORDINATION_TEST_S3_SECRET_KEY" --set storage.s3.create_bucket=true
    --set files.rate_limit=1000000 --set "files.pipelines=$dir/pipelines" --set log.level=warning
)
# Tokens name real users: the benchmark's user is made first (a new one per run, so reruns never collide).
bench_user=$(echo "bench password" | "$binary" user create --email "bench-$RANDOM$RANDOM@example.com" --username bench "${settings[@]}" | awk '$1 == "user" {print $2}')
token=$("$binary" token create --user "$bench_user" "${settings[@]}" | awk '$1 == "token" {print $2}')
"$binary" files "${settings[@]}" >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fs "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$dir/server.log"; exit 1; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }
idle=$(rss_kib)

credentials="$DISCORDINATION_TEST_S3_ACCESS_KEY:$DISCORDINATION_TEST_S3_SECRET_KEY"
upload_one() { # file → the file server
    curl -s -o /dev/null -w '%{http_code}\n' -H "X-Session-Token: $token" -F "file=@$1" \
        "http://127.0.0.1:$port/autumn/attachments"
}
put_one() { # file → SeaweedFS, signed like any S3 client
    curl -s -o /dev/null -w '%{http_code}\n' --aws-sigv4 "aws:amz:$DISCORDINATION_TEST_S3_REGION:s3" \
        --user "$credentials" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$1" \
        "$DISCORDINATION_TEST_S3_ENDPOINT/$bucket/raw-$(basename "$1")-$RANDOM"
}
export -f upload_one put_one
export token port credentials bucket

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# Runs `$1` over every file of the batch with $clients at a time; prints "seconds ok_count".
run_batch() {
    local started ended codes
    started=$(date +%s.%N)
    codes=$(ls "$2"/* | xargs -P "$clients" -n 1 bash -c "$1 \"\$0\"")
    ended=$(date +%s.%N)
    echo "$(awk "BEGIN {print $ended - $started}") $(grep -c '^200$' <<<"$codes")"
}

printf '%-8s %6s %26s %26s %8s %14s\n' "size" "files" "file server (up/s, MiB/s)" "raw S3 PUT (up/s, MiB/s)" "ratio" "peak MiB"
for spec in "100K:100:800" "5M:5120:160" "100M:102400:16"; do
    IFS=: read -r label kib count <<<"$spec"
    [[ " $sizes " == *" $label "* ]] || continue
    count=$(((count + scale - 1) / scale))
    [ "$count" -lt "$clients" ] && [ "$label" != "100M" ] && count=$clients
    batch="$dir/$label"
    mkdir -p "$batch"
    # Every round keeps all clients busy: a batch of fewer than clients × rounds files takes fewer rounds.
    turns=$((count / clients < rounds ? (count / clients > 0 ? count / clients : 1) : rounds))
    for i in $(seq 1 "$count"); do
        mkdir -p "$batch/r$((i % turns))"
        head -c "$((kib * 1024))" /dev/urandom >"$batch/r$((i % turns))/f$i.bin"
    done
    put_rates=() put_ok=0 up_rates=() up_ok=0
    for turn in $(seq 0 $((turns - 1))); do
        sides=(put_one upload_one)
        [ $((turn % 2)) -eq 1 ] && sides=(upload_one put_one)
        files_in_turn=$(ls "$batch/r$turn" | wc -l)
        for side in "${sides[@]}"; do
            read -r seconds ok <<<"$(run_batch "$side" "$batch/r$turn")"
            [ -n "${UPLOAD_BENCH_VERBOSE:-}" ] && echo "  round $turn $side ${seconds}s" >&2
            rate=$(awk "BEGIN {print $files_in_turn / $seconds}")
            if [ "$side" = put_one ]; then
                put_rates+=("$rate") put_ok=$((put_ok + ok))
            else
                up_rates+=("$rate") up_ok=$((up_ok + ok))
            fi
        done
    done
    [ "$up_ok" -eq "$count" ] || { echo "only $up_ok of $count uploads succeeded"; tail -5 "$dir/server.log"; exit 1; }
    [ "$put_ok" -eq "$count" ] || { echo "only $put_ok of $count raw PUTs succeeded"; exit 1; }
    up_rate=$(median "${up_rates[@]}")
    put_rate=$(median "${put_rates[@]}")
    printf '%-8s %6s %12.1f %12.1f %12.1f %12.1f %8.2f %14.1f\n' "$label" "$count" \
        "$up_rate" "$(awk "BEGIN {print $up_rate * $kib / 1024}")" \
        "$put_rate" "$(awk "BEGIN {print $put_rate * $kib / 1024}")" \
        "$(awk "BEGIN {print $up_rate / $put_rate}")" "$(awk "BEGIN {print ($(hwm_kib) - $idle) / 1024}")"
    rm -rf "$batch"
done
echo "idle RSS $(awk "BEGIN {print $idle / 1024}") MiB; $clients clients; $rounds rounds taking turns;" \
    "SeaweedFS, PostgreSQL and Redis on loopback"

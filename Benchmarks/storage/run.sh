#!/usr/bin/env bash
# Upload throughput of one file through BlobStore (S3 backend, release build) against a plain
# `curl --aws-sigv4 -T` PUT of the same file to the same SeaweedFS, in one run, alternating, best of N each.
# Also: the BlobStore's peak memory above idle during the upload, read-back speed, and the encrypted-S3 and
# disk backends for comparison.
# Usage: Benchmarks/storage/run.sh [size_mib] [runs]   (default 1024 MiB, 3 runs each)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
size_mib=${1:-1024}
runs=${2:-3}

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
export DISCORDINATION_BENCH_BUCKET=dcn-bench
dir=$(mktemp -d /tmp/dcn-storagebench-XXXXXX)
export DISCORDINATION_BENCH_DISK_ROOT="$dir/blobs"
trap 'rm -rf "$dir"' EXIT

swift build -c release --product StorageBenchmark >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
bench="$(swift build -c release --show-bin-path)/StorageBenchmark"
head -c "${size_mib}M" /dev/urandom >"$dir/upload.bin"
s3=$DISCORDINATION_TEST_S3_ENDPOINT
credentials="$DISCORDINATION_TEST_S3_ACCESS_KEY:$DISCORDINATION_TEST_S3_SECRET_KEY"
"$bench" put s3 --bytes 1 >/dev/null # creates the bucket

curl_put() { # prints MiB/s of one PUT of the file
    local seconds
    seconds=$(curl -sS -o /dev/null -w '%{time_total}' --aws-sigv4 "aws:amz:$DISCORDINATION_TEST_S3_REGION:s3" \
        --user "$credentials" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "$dir/upload.bin" \
        "$s3/$DISCORDINATION_BENCH_BUCKET/curl-$RANDOM")
    awk "BEGIN {printf \"%.1f\", $size_mib / $seconds}"
}
value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
best() { sort -gr | head -n 1; }

curl_rates=()
store_rates=()
peaks=()
for _ in $(seq 1 "$runs"); do
    curl_rates+=("$(curl_put)")
    line=$("$bench" put s3 --file "$dir/upload.bin")
    store_rates+=("$(value put_mib_s "$line")")
    peaks+=("$(value peak_above_idle_mib "$line")")
done
curl_best=$(printf '%s\n' "${curl_rates[@]}" | best)
store_best=$(printf '%s\n' "${store_rates[@]}" | best)
peak_max=$(printf '%s\n' "${peaks[@]}" | best)
echo "$size_mib MiB file, SeaweedFS $("$root/.tools/venv/bin/weed" version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+' | head -n 1) on loopback, best of $runs"
printf '%-40s %10s %10s %22s\n' "upload" "MiB/s" "vs curl" "peak MiB above idle"
printf '%-40s %10s %10s %22s\n' "curl --aws-sigv4 -T (single PUT)" "$curl_best" "1.00" "-"
printf '%-40s %10s %10.2f %22s\n' "BlobStore S3 (multipart, 8 MiB x 3)" "$store_best" \
    "$(awk "BEGIN {print $store_best / $curl_best}")" "$peak_max"
for backend in encrypted-s3 disk; do
    line=$("$bench" put "$backend" --file "$dir/upload.bin" --get)
    rate=$(value put_mib_s "$line")
    printf '%-40s %10s %10.2f %22s   (read back %s MiB/s)\n' "BlobStore $backend" "$rate" \
        "$(awk "BEGIN {print $rate / $curl_best}")" "$(value peak_above_idle_mib "$line")" "$(value get_mib_s "$line")"
done

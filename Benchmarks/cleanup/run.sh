#!/usr/bin/env bash
# The storage sweep over generated stores: N attached files with a tiny object each plus N/100 orphans, on disk and
# on SeaweedFS (S3), with SQLite metadata. Reports the sweep's rate and the process's peak memory, beside the plain
# listing of the same store (the floor: a sweep cannot beat listing) and, on disk, `find`.
# Usage: Benchmarks/cleanup/run.sh [disk counts] [s3 counts]   (default "100000 1000000" and "200000")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
disk_counts=${1:-"100000 1000000"}
s3_counts=${2:-"200000"}

bash Deploy/services.sh start >/dev/null
set -a
. ./.services/env
set +a
dir=$(mktemp -d /tmp/dcn-cleanupbench-XXXXXX)
trap 'rm -rf "$dir"' EXIT

swift build -c release --product CleanupBenchmark >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
bench="$(swift build -c release --show-bin-path)/CleanupBenchmark"
value() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }

printf '%-6s %9s %9s %12s %12s %9s %10s %10s\n' store objects orphans "sweep obj/s" "list obj/s" "vs list" "peak MiB" "removed"
for store in disk s3; do
    counts=$disk_counts
    [ "$store" = s3 ] && counts=$s3_counts
    for count in $counts; do
        export DISCORDINATION_BENCH_DISK_ROOT="$dir/blobs-$count"
        export DISCORDINATION_BENCH_BUCKET="dcn-cleanupbench-$count-$RANDOM"
        database="$dir/metadata-$store-$count.sqlite"
        orphans=$((count / 100))
        "$bench" generate "$store" --database "$database" --count "$count" --orphans "$orphans" >/dev/null
        sync
        listing=$("$bench" list "$store")
        sweep=$("$bench" sweep "$store" --database "$database")
        list_rate=$(value rate "$listing")
        sweep_rate=$(value rate "$sweep")
        printf '%-6s %9s %9s %12s %12s %9.2f %10s %10s\n' "$store" "$count" "$orphans" "$sweep_rate" "$list_rate" \
            "$(awk "BEGIN {print $sweep_rate / $list_rate}")" "$(value peak_mib "$sweep")" "$(value removed "$sweep")"
        if [ "$store" = disk ]; then
            start=$(date +%s.%N)
            found=$(find "$DISCORDINATION_BENCH_DISK_ROOT" -type f | wc -l)
            end=$(date +%s.%N)
            printf '%-6s %9s %9s %12s %12s\n' "find" "$found" "-" "-" "$(awk "BEGIN {printf \"%d\", $found / ($end - $start)}")"
        fi
        rm -rf "$DISCORDINATION_BENCH_DISK_ROOT" "$database"
    done
done

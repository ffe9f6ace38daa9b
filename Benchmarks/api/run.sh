#!/usr/bin/env bash
# Chat API benchmark: a release `discordination serve` on the PostgreSQL of services.sh (synchronous_commit=on,
# the default), rate limits off. First pgbench inserts one message-shaped row per transaction into a table shaped
# like `messages` (same columns, same indexes) at each concurrency; then the benchmark program sends messages
# through the API at the same concurrencies (each send: nonce check, insert, channel update, read marker, event
# published), sends messages holding an upload, and fetches history pages of 50.
# Usage: Benchmarks/api/run.sh [seconds] [senders,…]   (default 10 s, 1,8,32 senders)
set -euo pipefail
. "$(dirname "$0")/../loopback-server.sh"
seconds=${1:-10}
clients=${2:-1,8,32}

bench_start APIBenchmark apibench
pg="$DISCORDINATION_TEST_POSTGRES_URL"
psql -q "$pg" <<'SQL'
DROP TABLE IF EXISTS bench_messages;
CREATE TABLE bench_messages (LIKE messages INCLUDING DEFAULTS);
ALTER TABLE bench_messages ADD PRIMARY KEY (id);
CREATE INDEX bench_messages_channel ON bench_messages (channel_id, id);
CREATE UNIQUE INDEX bench_messages_nonce ON bench_messages (author_id, nonce) WHERE nonce IS NOT NULL;
SQL
cat >"$dir/insert.sql" <<'SQL'
\set channel random(1, 32)
INSERT INTO bench_messages (id, channel_id, author_id, nonce, body)
VALUES (gen_random_uuid()::text, 'c' || :channel, 'a' || :channel, gen_random_uuid()::text,
        '{"_id":"01M91RXXFG9BRF78A94QYBBC8B","author":"01M91RES7AQHA2M3ZZW8BPWWCN","channel":"01M91REX5P2RJ9G5G0VPKQD5A0",'
        || '"content":"benchmark message with a little text in it, as chat messages have","nonce":"'
        || gen_random_uuid()::text || '"}');
SQL
: >"$dir/pgbench"
for n in ${clients//,/ }; do
    tps=$(pgbench -n -c "$n" -j "$n" -T "$seconds" -f "$dir/insert.sql" "$pg" 2>/dev/null \
        | awk '/^tps/ {print $3; exit}')
    echo "$n $tps" >>"$dir/pgbench"
done
echo "pgbench synchronous_commit: $(psql -Atq "$pg" -c 'SHOW synchronous_commit')"
psql -q "$pg" -c 'DROP TABLE bench_messages'

bench_serve --set "database.url=$pg" --set api.rate_limits=false --set "http.public_url=http://127.0.0.1:$port"
"$bin/APIBenchmark" "http://127.0.0.1:$port" "$pg" "$seconds" "$clients" "$dir/pgbench" >"$dir/report" 2>&1 &
bench_pid=$!
bench_finish "release build; 2 cores shared by PostgreSQL, Redis, the server and the load client (and pgbench)"

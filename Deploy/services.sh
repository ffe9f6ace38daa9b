#!/usr/bin/env bash
# Starts, stops and reports the backing servers for tests and development, all on loopback and non-default
# ports, with their data under .services/ (git-ignored):
#   redis-server        127.0.0.1:16379
#   PostgreSQL 15       127.0.0.1:15432  (own cluster; run as the postgres user when started by root)
#   SeaweedFS S3        127.0.0.1:18333  (signature checking on, test credentials below)
# The endpoints are written to .services/env, which the tests read.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
state="$root/.services"
weed="$root/.tools/venv/bin/weed"

REDIS_PORT=${DCN_TEST_REDIS_PORT:-16379}
PG_PORT=${DCN_TEST_PG_PORT:-15432}
S3_PORT=${DCN_TEST_S3_PORT:-18333}
S3_ACCESS_KEY=dcn-test-access
S3_SECRET_KEY=dcn-test-secret-key-0123456789
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

wait_for() { # description, seconds, command...
    local what=$1 seconds=$2
    shift 2
    for _ in $(seq 1 $((seconds * 10))); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "services: $what did not come up in ${seconds}s" >&2
    return 1
}

start_redis() {
    mkdir -p "$state/redis"
    if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then return; fi
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$state/redis" --daemonize yes \
        --pidfile "$state/redis/redis.pid" --logfile "$state/redis/redis.log" --appendonly yes --save ""
    wait_for "redis-server" 10 redis-cli -p "$REDIS_PORT" ping
}

start_postgres() {
    local data="$state/postgres"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
        echo "discordination" > "$state/pgpass"
        chmod 644 "$state/pgpass"
        as_pg "$PG_BIN/initdb" -D "$data" -U discordination --pwfile="$state/pgpass" \
            --auth-host=scram-sha-256 --auth-local=trust >"$state/initdb.log"
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then return; fi
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
        -o "-h 127.0.0.1 -p $PG_PORT -k '' -c fsync=off" start >/dev/null
    wait_for "PostgreSQL" 30 pg_isready -h 127.0.0.1 -p "$PG_PORT"
    PGPASSWORD=discordination psql -h 127.0.0.1 -p "$PG_PORT" -U discordination -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'discordination'" | grep -q 1 ||
        PGPASSWORD=discordination psql -h 127.0.0.1 -p "$PG_PORT" -U discordination -d postgres -qc \
            "CREATE DATABASE discordination" >/dev/null
    # The tests make a database each and leave it; they are dropped when the server starts, when no test runs. Left
    # to pile up across runs on one machine (943 of them here), they kept autovacuum starting a worker every 64 ms.
    PGPASSWORD=discordination psql -h 127.0.0.1 -p "$PG_PORT" -U discordination -d postgres -tAc \
        "SELECT datname FROM pg_database WHERE datname LIKE 'dcn\\_test\\_%' OR datname LIKE 'dcn\\_cleanup\\_%'" |
        while read -r name; do
            PGPASSWORD=discordination psql -h 127.0.0.1 -p "$PG_PORT" -U discordination -d postgres -qc \
                "DROP DATABASE \"$name\"" >/dev/null
        done
}

start_seaweedfs() {
    local data="$state/seaweedfs"
    if [ -f "$data/weed.pid" ] && kill -0 "$(cat "$data/weed.pid")" 2>/dev/null; then return; fi
    # It holds test and benchmark data only, and every test run makes buckets of its own: each start begins empty,
    # or the collections of earlier runs use up the volumes SeaweedFS allows on this disk (PUTs then answer 500).
    rm -rf "$data"
    mkdir -p "$data"
    cat >"$data/s3.json" <<JSON
{"identities": [{"name": "discordination-test",
  "credentials": [{"accessKey": "$S3_ACCESS_KEY", "secretKey": "$S3_SECRET_KEY"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
JSON
    # setsid: its own session, so the server outlives this script and `stop` can end it by pid.
    setsid "$weed" server -dir="$data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port=19333 -master.port.grpc=29333 -volume.port=18080 -volume.port.grpc=28080 \
        -filer -filer.port=18888 -filer.port.grpc=28888 -master.volumeSizeLimitMB=64 -volume.max=0 \
        -s3 -s3.port="$S3_PORT" -s3.port.grpc=28333 -s3.port.iceberg=0 -s3.config="$data/s3.json" \
        >"$data/weed.log" 2>&1 </dev/null &
    echo $! >"$data/weed.pid"
    # An unsigned request is refused (403) once the gateway is up and checking signatures.
    wait_for "SeaweedFS S3 gateway" 60 \
        sh -c "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$S3_PORT/ | grep -q 403"
}

write_env() {
    cat >"$state/env" <<ENV
DISCORDINATION_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
DISCORDINATION_TEST_POSTGRES_URL=postgres://discordination:discordination@127.0.0.1:$PG_PORT/discordination
DISCORDINATION_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
DISCORDINATION_TEST_S3_REGION=us-east-1
DISCORDINATION_TEST_S3_ACCESS_KEY=$S3_ACCESS_KEY
DISCORDINATION_TEST_S3_SECRET_KEY=$S3_SECRET_KEY
ENV
}

stop_all() {
    if [ -f "$state/redis/redis.pid" ]; then
        redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || kill "$(cat "$state/redis/redis.pid")" 2>/dev/null || true
        rm -f "$state/redis/redis.pid"
    fi
    if [ -f "$state/postgres/PG_VERSION" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$state/postgres" -m fast -w stop >/dev/null 2>&1 || true
    fi
    if [ -f "$state/seaweedfs/weed.pid" ]; then
        local pid
        pid=$(cat "$state/seaweedfs/weed.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$state/seaweedfs/weed.pid"
    fi
}

status_all() {
    local rc=0
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && echo "redis      up   127.0.0.1:$REDIS_PORT" || { echo "redis      down"; rc=1; }
    pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && echo "postgres   up   127.0.0.1:$PG_PORT" || { echo "postgres   down"; rc=1; }
    curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && echo "seaweedfs  up   127.0.0.1:$S3_PORT (S3)" || { echo "seaweedfs  down"; rc=1; }
    return $rc
}

case "${1:-}" in
start)
    mkdir -p "$state"
    start_redis
    start_postgres
    start_seaweedfs
    write_env
    echo "services: started; endpoints in .services/env"
    ;;
stop) stop_all; echo "services: stopped" ;;
status) status_all ;;
*) echo "usage: Deploy/services.sh start|stop|status" >&2; exit 2 ;;
esac

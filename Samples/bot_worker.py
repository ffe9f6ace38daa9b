#!/usr/bin/env python3
"""A bot worker on Discordination's event broker (the events stream in Redis), in the shape of Nova's workers.

Every change the chat API commits is one entry on the stream `<prefix>:events` (prefix: redis.key_prefix, default
`dcn`) with three fields: `type` (Message, MessageUpdate, ServerMemberJoin, ...), `topics` (space-separated
`channel:<id>`, `server:<id>`, `user:<id>`, `private:<id>`) and `body` (the event as Bonfire clients receive it,
JSON with `type` inside). A worker joins with a consumer group of its own: run several copies with the same group
and each event goes to one of them; acknowledge an entry once it is handled, so entries of a worker that died are
claimed by another (XAUTOCLAIM). Replies go through the HTTP API with the bot's token.

This one answers `!ping` with `pong` in any channel the bot can see.

    python3 Samples/bot_worker.py --redis redis://127.0.0.1:6379/0 --api http://localhost:8080/api --token BOT_TOKEN

Needs `redis` from PyPI (pip install redis).
"""

import argparse
import json
import os
import socket
import urllib.request

import redis


def reply(api, token, channel, content, reply_to):
    body = json.dumps({"content": content, "replies": [{"id": reply_to, "mention": False}]}).encode()
    request = urllib.request.Request(f"{api}/channels/{channel}/messages", data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Bot-Token", token)
    # The event's id makes a retried reply (after a crash before XACK) the same message, not a second one.
    request.add_header("Idempotency-Key", "ping-" + reply_to)
    try:
        urllib.request.urlopen(request, timeout=10).read()
    except urllib.error.HTTPError as error:
        if error.code != 409:  # 409 DuplicateNonce: answered already.
            raise


def handle(entry, api, token):
    if entry.get(b"type") != b"Message":
        return
    message = json.loads(entry[b"body"])
    if (message.get("content") or "").strip() == "!ping":
        reply(api, token, message["channel"], "pong", message["_id"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--prefix", default="dcn", help="redis.key_prefix of the installation")
    parser.add_argument("--group", default="ping-bot", help="consumer group: one per kind of worker")
    parser.add_argument("--api", required=True, help="the chat API's URL, e.g. http://localhost:8080/api")
    parser.add_argument("--token", required=True, help="the bot's token")
    parser.add_argument("--once", action="store_true", help="stop after the first reply (for tests)")
    arguments = parser.parse_args()

    client = redis.Redis.from_url(arguments.redis)
    stream = arguments.prefix + ":events"
    consumer = f"{socket.gethostname()}-{os.getpid()}"
    try:
        # "$": only what happens from now on; "0" would replay the whole stream once.
        client.xgroup_create(stream, arguments.group, id="$", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
    print("worker ready", flush=True)
    while True:
        # First anything this group left unacknowledged for a minute (a worker that died), then new entries.
        _, claimed, _ = client.xautoclaim(stream, arguments.group, consumer, min_idle_time=60_000, count=50)
        batches = [(stream, claimed)] if claimed else client.xreadgroup(
            arguments.group, consumer, {stream: ">"}, count=50, block=2000) or []
        for _, entries in batches:
            for entry_id, fields in entries:
                handle(fields, arguments.api, arguments.token)
                client.xack(stream, arguments.group, entry_id)
                if arguments.once and fields.get(b"type") == b"Message" and b'"!ping"' in fields.get(b"body", b""):
                    return


if __name__ == "__main__":
    main()

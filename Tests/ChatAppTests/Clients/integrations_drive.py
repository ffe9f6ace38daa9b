"""Drives Discordination's integrations with independent clients, against a live server.

Usage: integrations_drive.py API_BASE WS_URL LIVEKIT_KEY LIVEKIT_SECRET

- Signed deliveries: a bot's interactions endpoint here checks every request with PyNaCl (an Ed25519
  implementation that is not Discordination's) against the bot's public key, answers the PING, refuses bad
  signatures, and fails the first delivery of one message to see it retried. Endpoints that accept forged
  signatures, time out, answer 500 or redirect to a private address are refused when saved.
- Webhooks: a Discord-style post made with curl and a Revolt-style one both reach a gateway socket (aiohttp).
- Voice: the join token is verified by LiveKit's own `livekit-api` package; webhooks signed by it are accepted,
  tampered, expired or foreign ones refused.
Prints one JSON summary line; exits non-zero on the first failed check.
"""

import asyncio
import base64
import hashlib
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import aiohttp
from livekit import api as livekit
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

API, WS, LK_KEY, LK_SECRET = sys.argv[1:5]


def check(condition, message):
    if not condition:
        raise SystemExit("check failed: " + message)


def call(method, path, body=None, token=None, bot=False, headers=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(API + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Bot-Token" if bot else "X-Session-Token", token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        return error.code, (json.loads(text) if text else None)


def sign_up(name):
    email = f"{name}-{uuid.uuid4().hex[:6]}@example.com"
    status, _ = call("POST", "/auth/account/create", {"email": email, "password": "password " + name})
    check(status == 204, "sign-up")
    _, login = call("POST", "/auth/session/login", {"email": email, "password": "password " + name})
    token = login["token"]
    _, user = call("POST", "/onboard/complete", {"username": name}, token)
    return token, user["_id"]


class Endpoint:
    """An HTTP endpoint on loopback with a behaviour: 'verify' (PyNaCl), 'lax', 'slow', 'error' or 'redirect'."""

    def __init__(self, behaviour, public_key=None):
        self.behaviour = behaviour
        self.verify_key = VerifyKey(bytes.fromhex(public_key)) if public_key else None
        self.events = []
        self.refused = 0
        self.failed_once = set()
        self.attempts = {}
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status, body=None, headers=None):
                payload = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if endpoint.behaviour == "slow":
                    time.sleep(5)
                    return self.answer(200, {"type": 1})
                if endpoint.behaviour == "error":
                    return self.answer(500, {"error": "broken"})
                if endpoint.behaviour == "redirect":
                    return self.answer(307, None, {"Location": "http://10.0.0.1/interactions"})
                if endpoint.behaviour == "lax":
                    return self.answer(200, {"type": 1})
                signature = self.headers.get("X-Signature-Ed25519", "")
                timestamp = self.headers.get("X-Signature-Timestamp", "")
                try:
                    endpoint.verify_key.verify(timestamp.encode() + body, bytes.fromhex(signature))
                except (BadSignatureError, ValueError):
                    endpoint.refused += 1
                    return self.answer(401, {"error": "invalid request signature"})
                message = json.loads(body)
                if message.get("type") == 1:
                    return self.answer(200, {"type": 1})
                event = message["event"]
                key = message["id"]
                endpoint.attempts[key] = endpoint.attempts.get(key, 0) + 1
                if event.get("content") == "always fail":
                    return self.answer(500, {"error": "down"})
                if event.get("content") == "fail once" and key not in endpoint.failed_once:
                    endpoint.failed_once.add(key)
                    return self.answer(500, {"error": "try again"})
                endpoint.events.append(message)
                return self.answer(204)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/interactions"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def wait_for(predicate, what, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise SystemExit("timed out waiting for " + what)


async def gateway_events(token, actions):
    """Runs `actions` (a blocking function) while a socket authenticated as `token` collects events."""
    events = []
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(WS + "?format=json") as socket:
            await socket.send_json({"type": "Authenticate", "token": token})
            ready = None
            while ready is None:
                frame = json.loads((await socket.receive(timeout=20)).data)
                if frame["type"] == "Ready":
                    ready = frame
            task = asyncio.get_running_loop().run_in_executor(None, actions)
            # Collect while the actions run, and for 5 s after them (events trail the answers).
            finished_at = None
            while finished_at is None or time.time() < finished_at + 5:
                if finished_at is None and task.done():
                    finished_at = time.time()
                try:
                    frame = await socket.receive(timeout=0.2)
                except asyncio.TimeoutError:
                    continue
                if frame.type == aiohttp.WSMsgType.TEXT:
                    events.append(json.loads(frame.data))
            await task
    return ready, events


def main():
    summary = {}
    token, user_id = sign_up("integrator")
    _, made = call("POST", "/servers/create", {"name": "Integrations"}, token)
    server = made["server"]["_id"]
    channel = made["channels"][0]["_id"]
    _, voice = call("POST", f"/servers/{server}/channels", {"type": "Voice", "name": "Talk"}, token)

    # --- Signed deliveries to a bot's interactions endpoint.
    _, bot = call("POST", "/bots/create", {"name": "signed"}, token)
    bot_id, public_key = bot["_id"], bot["public_key"]
    check(call("POST", f"/bots/{bot_id}/invite", {"server": server}, token)[0] == 204, "bot invite")
    for behaviour, reason in [
        ("lax", "invalid signature"),
        ("slow", "could not be reached"),
        ("error", "status 500"),
        ("redirect", "status 307"),
    ]:
        bad = Endpoint(behaviour)
        status, answer = call("PATCH", f"/bots/{bot_id}", {"interactions_url": bad.url}, token)
        check(status == 400 and answer["type"] == "InvalidInteractionsURL", f"{behaviour} endpoint refused: {answer}")
        check(reason in answer["error"], f"{behaviour}: {answer['error']}")
    endpoint = Endpoint("verify", public_key)
    status, saved = call("PATCH", f"/bots/{bot_id}", {"interactions_url": endpoint.url}, token)
    check(status == 200 and saved["interactions_url"] == endpoint.url, f"endpoint saved: {saved}")
    check(endpoint.refused == 1, "the check sent one forged PING, which the endpoint refused")

    # A channel the bot cannot see (ViewChannel denied to @everyone): its messages are not delivered.
    _, secret = call("POST", f"/servers/{server}/channels", {"type": "Text", "name": "secret"}, token)
    status, _ = call("PUT", f"/channels/{secret['_id']}/permissions/default",
                     {"permissions": {"allow": 0, "deny": 1 << 20}}, token)
    check(status == 200, "hidden channel")
    call("POST", f"/channels/{secret['_id']}/messages", {"content": "hidden message"}, token)
    _, first = call("POST", f"/channels/{channel}/messages", {"content": "hello bot"}, token)
    _, second = call("POST", f"/channels/{channel}/messages", {"content": "fail once"}, token)
    delivered = wait_for(
        lambda: [m for m in endpoint.events if m["event"]["type"] == "Message"] if len(
            [m for m in endpoint.events if m["event"]["type"] == "Message"]) >= 2 else None,
        "two signed Message deliveries", timeout=60)
    contents = [m["event"]["content"] for m in delivered]
    check(contents == ["hello bot", "fail once"] or sorted(contents) == ["fail once", "hello bot"], str(contents))
    retried = [key for key, count in endpoint.attempts.items() if count >= 2]
    check(len(retried) == 1, f"the 500 was retried: {endpoint.attempts}")
    check(all(m["bot"] == bot_id and m["type"] == "Event" for m in delivered), "envelope")
    summary["delivered"] = contents
    summary["delivery_attempts"] = sorted(endpoint.attempts.values())
    # A delivery that keeps failing is given up after api.bot_delivery_window and listed for the owner.
    call("POST", f"/channels/{channel}/messages", {"content": "always fail"}, token)
    failures = wait_for(
        lambda: call("GET", f"/bots/{bot_id}/deliveries", None, token)[1]["failed"], "a failure listed", timeout=60)
    check(failures[0]["event_type"] == "Message" and "500" in failures[0]["error"], str(failures))
    check(failures[0]["attempts"] >= 2, f"retried before giving up: {failures}")
    summary["given_up"] = {"attempts": failures[0]["attempts"], "error": failures[0]["error"]}
    # The bot's own message is not sent back to it.
    _, bot_token_answer = call("PATCH", f"/bots/{bot_id}", {"remove": ["Token"]}, token)
    bot_token = bot_token_answer["token"]
    call("POST", f"/channels/{channel}/messages", {"content": "from the bot itself"}, bot_token, bot=True)
    time.sleep(2)
    check(not any(m["event"].get("content") == "from the bot itself" for m in endpoint.events), "no echo")
    check(not any(m["event"].get("content") == "hidden message" for m in endpoint.events), "nothing it cannot see")

    # --- Webhooks: Discord's body with curl, Revolt's with urllib, both seen on the gateway.
    hook = {}

    def post_webhooks():
        # Made while the socket is open: WebhookCreate reaches it, without the token.
        hook.update(call("POST", f"/channels/{channel}/webhooks", {"name": "Builds"}, token)[1])
        hook_url = f"{API}/webhooks/{hook['id']}/{hook['token']}"
        discord = json.dumps({"content": "Deploy finished", "username": "Deployer",
                              "embeds": [{"title": "prod", "color": 5763719}]})
        result = subprocess.run(
            ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json",
             "-d", discord, hook_url], capture_output=True, text=True, timeout=30)
        check(result.stdout == "204", f"curl: {result.stdout} {result.stderr}")
        status, answer = call("POST", f"/webhooks/{hook['id']}/{hook['token']}", {"content": "Revolt style"})
        check(status == 200 and answer["webhook"]["name"] == "Builds", f"revolt webhook: {answer}")

    ready, events = asyncio.run(gateway_events(token, post_webhooks))
    created = [e for e in events if e["type"] == "WebhookCreate"]
    check(len(created) == 1 and created[0]["id"] == hook["id"] and "token" not in created[0], f"WebhookCreate: {created}")
    webhook_messages = [e for e in events if e["type"] == "Message" and e["author"] == hook["id"]]
    summary["gateway_webhook_messages"] = [e.get("content") for e in webhook_messages]
    check(len(webhook_messages) == 2, f"webhook messages on the gateway: {[e['type'] for e in events]}")
    check(webhook_messages[0]["masquerade"]["name"] == "Deployer", "Discord username as masquerade")

    # --- Voice: a LiveKit token livekit-api verifies, webhooks it signs.
    status, joined = call("POST", f"/channels/{voice['_id']}/join_call", None, token)
    check(status == 200, f"join_call: {joined}")
    claims = livekit.TokenVerifier(LK_KEY, LK_SECRET).verify(joined["token"])
    check(claims.identity == user_id and claims.video.room == voice["_id"] and claims.video.room_join, "claims")
    check(claims.video.can_publish and claims.video.can_subscribe, "the owner may speak and listen")
    summary["livekit_sources"] = claims.video.can_publish_sources
    try:
        livekit.TokenVerifier(LK_KEY, "another secret").verify(joined["token"])
        raise SystemExit("a token verified with the wrong secret")
    except SystemExit:
        raise
    except Exception:
        pass

    def livekit_post(body, token_override=None):
        digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
        auth = token_override or livekit.AccessToken(LK_KEY, LK_SECRET).with_sha256(digest).to_jwt()
        return call("POST", "/livekit/webhook", raw=body,
                    headers={"Authorization": auth, "Content-Type": "application/webhook+json"})

    joined_event = json.dumps({
        "event": "participant_joined", "id": "EV_1", "createdAt": str(int(time.time())),
        "room": {"sid": "RM_1", "name": voice["_id"]},
        "participant": {"sid": "PA_1", "identity": user_id, "name": "integrator", "joinedAt": str(int(time.time()))},
    }).encode()
    left_event = joined_event.replace(b"participant_joined", b"participant_left")
    voice_results = {}

    def join_webhook():
        voice_results["joined"] = livekit_post(joined_event)[0]

    def refused_webhooks_then_leave():
        tampered = joined_event.replace(b"PA_1", b"PA_2")
        digest = base64.b64encode(hashlib.sha256(joined_event).digest()).decode()
        signed_for_original = livekit.AccessToken(LK_KEY, LK_SECRET).with_sha256(digest).to_jwt()
        voice_results["tampered"] = livekit_post(tampered, signed_for_original)[0]
        foreign = livekit.AccessToken(LK_KEY, "not the secret").with_sha256(digest).to_jwt()
        voice_results["foreign"] = livekit_post(joined_event, foreign)[0]
        expired = (livekit.AccessToken(LK_KEY, LK_SECRET).with_sha256(digest)
                   .with_ttl(timedelta(seconds=-120)).to_jwt())
        voice_results["expired"] = livekit_post(joined_event, expired)[0]
        voice_results["unsigned"] = call("POST", "/livekit/webhook", raw=joined_event)[0]
        voice_results["left"] = livekit_post(left_event)[0]

    _, join_events = asyncio.run(gateway_events(token, join_webhook))
    # A socket connecting while the user is in the call finds it in Ready's voice states.
    in_call, leave_events = asyncio.run(gateway_events(token, refused_webhooks_then_leave))
    states = {state["id"]: [p["id"] for p in state["participants"]] for state in in_call.get("voice_states", [])}
    check(states == {voice["_id"]: [user_id]}, f"Ready voice_states: {in_call.get('voice_states')}")
    check(voice_results == {"joined": 200, "tampered": 401, "foreign": 401, "expired": 401, "unsigned": 401,
                            "left": 200}, str(voice_results))
    kinds = [e["type"] for e in join_events + leave_events if e["type"].startswith("Voice")]
    check(kinds == ["VoiceChannelJoin", "VoiceChannelLeave"], f"voice events: {kinds}")
    summary["voice_events"] = kinds
    summary["voice_statuses"] = voice_results
    print(json.dumps(summary))


main()

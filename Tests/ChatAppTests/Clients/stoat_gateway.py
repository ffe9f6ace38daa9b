"""A bot written with the unmodified stoat-py (PyPI 1.2.1) connects to the gateway and answers a command.

Usage: stoat_gateway.py API_BASE CDN_BASE WS_BASE [json|msgpack]
A user and a bot are made through the API; the bot connects over WebSocket (Authenticate, Ready), and when the
user sends "!ping" the bot's on-message handler replies "pong". The user reads the reply from the history. The
last line printed is a JSON summary the Swift test checks.
"""

import asyncio
import json
import sys
import uuid

import stoat


async def main(api, cdn, ws, frames="json"):
    def client(token, bot):
        return stoat.Client(token=token, bot=bot, http_base=api, cdn_base=cdn, websocket_base=ws)

    def socket_client(token):
        """A bot whose socket speaks `frames` (stoat-py's ShardImpl with its own format option)."""
        def shard(made, state):
            return stoat.ShardImpl(
                token, base_url=ws, bot=True, format=stoat.ShardFormat(frames),
                handler=stoat.ClientEventHandler(made), state=state)
        return stoat.Client(token=token, bot=True, http_base=api, cdn_base=cdn, websocket_base=ws, shard=shard)

    anonymous = client("", False)
    email = f"gw-{uuid.uuid4().hex[:8]}@example.com"
    await anonymous.http.register(email, "a long enough password")
    login = await anonymous.http.login_with_email(email, "a long enough password")
    user = client(login.token, False).http
    await user.complete_onboarding(f"gw{uuid.uuid4().hex[:6]}")
    server = await user.create_server("Gateway test")
    channel = (await user.get_server(server.id, populate_channels=True)).channels[0]
    made = await user.create_bot(f"gwbot{uuid.uuid4().hex[:4]}")
    await user.invite_bot(made, server=server)

    bot = socket_client(made.token)
    ready = asyncio.Event()
    seen = []

    @bot.on(stoat.ReadyEvent)
    async def on_ready(event):
        ready.set()

    @bot.on(stoat.MessageCreateEvent)
    async def on_message(event):
        seen.append(event.message.content)
        if event.message.content == "!ping":
            await event.message.channel.send("pong")

    runner = asyncio.create_task(bot.start())
    await asyncio.wait_for(ready.wait(), 20)
    await user.send_message(channel, "!ping")
    reply = None
    for _ in range(100):
        messages = await user.get_messages(channel, limit=5)
        reply = next((m for m in messages if m.content == "pong"), None)
        if reply:
            break
        await asyncio.sleep(0.1)
    assert reply is not None and reply.author_id == made.id, "the bot did not answer"
    await bot.close()
    runner.cancel()
    print(json.dumps({"seen": seen, "bot": made.id, "reply_author": reply.author_id}))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))

"""An ext.commands bot written with the unmodified stoat-py (PyPI 1.2.1) follows another user's actions over the
gateway and answers a command.

Usage: stoat_events.py API_BASE CDN_BASE WS_BASE LINK_URL
The bot joins a server; a user (HTTP, plus a raw socket for typing) sends "!ping" (the bot's command answers "pong"),
a message with LINK_URL (its embed arrives as MessageAppend), edits, reacts to and deletes a message, types, and a
second user joins and leaves. The last line printed is a JSON summary of the events the bot received.
"""

import asyncio
import json
import sys
import uuid

import aiohttp
import stoat
from stoat.ext import commands

WANTED = {
    "MessageCreateEvent": stoat.MessageCreateEvent,
    "MessageUpdateEvent": stoat.MessageUpdateEvent,
    "MessageAppendEvent": stoat.MessageAppendEvent,
    "MessageDeleteEvent": stoat.MessageDeleteEvent,
    "MessageReactEvent": stoat.MessageReactEvent,
    "ChannelStartTypingEvent": stoat.ChannelStartTypingEvent,
    "ServerMemberJoinEvent": stoat.ServerMemberJoinEvent,
    "ServerMemberRemoveEvent": stoat.ServerMemberRemoveEvent,
}


async def main(api, cdn, ws, link):
    def client(token, bot):
        return stoat.Client(token=token, bot=bot, http_base=api, cdn_base=cdn, websocket_base=ws)

    anonymous = client("", False)

    async def sign_up(name):
        email = f"{name}-{uuid.uuid4().hex[:8]}@example.com"
        await anonymous.http.register(email, "a long enough password")
        login = await anonymous.http.login_with_email(email, "a long enough password")
        http = client(login.token, False).http
        await http.complete_onboarding(f"{name}{uuid.uuid4().hex[:6]}")
        return http, login.token

    user, user_token = await sign_up("actor")
    server = await user.create_server("Events")
    channel = (await user.get_server(server.id, populate_channels=True)).channels[0]
    made = await user.create_bot(f"evbot{uuid.uuid4().hex[:4]}")
    await user.invite_bot(made, server=server)

    bot = commands.Bot(command_prefix="!", token=made.token, bot=True, http_base=api, cdn_base=cdn, websocket_base=ws)
    seen = {name: asyncio.Event() for name in WANTED}
    ready = asyncio.Event()

    @bot.command()
    async def ping(ctx):
        await ctx.send("pong")

    @bot.on(stoat.ReadyEvent)
    async def on_ready(event):
        ready.set()

    def listen(name, kind):
        @bot.on(kind)
        async def record(event):
            seen[name].set()

    for name, kind in WANTED.items():
        listen(name, kind)

    async def wait(name):
        await asyncio.wait_for(seen[name].wait(), 20)

    runner = asyncio.create_task(bot.start())
    await asyncio.wait_for(ready.wait(), 20)

    await user.send_message(channel, "!ping")
    pong = None
    for _ in range(100):
        pong = next((m for m in await user.get_messages(channel, limit=5) if m.content == "pong"), None)
        if pong:
            break
        await asyncio.sleep(0.1)
    assert pong is not None and pong.author_id == made.id, "the command was not answered"

    linked = await user.send_message(channel, f"have a look: {link}")
    await wait("MessageAppendEvent")
    await user.edit_message(channel, linked, content="edited: " + link)
    await wait("MessageUpdateEvent")
    await user.add_reaction_to_message(channel, linked, "👍")
    await wait("MessageReactEvent")
    await user.delete_message(channel, linked)
    await wait("MessageDeleteEvent")

    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(f"{ws}?token={user_token}") as socket:
            while True:
                frame = json.loads((await socket.receive(timeout=10)).data)
                if frame["type"] == "Ready":
                    break
            await socket.send_json({"type": "BeginTyping", "channel": channel.id})
            await wait("ChannelStartTypingEvent")

    joiner, _ = await sign_up("joiner")
    invite = await user.create_channel_invite(channel)
    await joiner.accept_invite(invite.code)
    await wait("ServerMemberJoinEvent")
    await joiner.leave_server(server.id)
    await wait("ServerMemberRemoveEvent")

    await bot.close()
    runner.cancel()
    print(json.dumps({"seen": sorted(name for name, event in seen.items() if event.is_set()), "pong": pong.content}))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))

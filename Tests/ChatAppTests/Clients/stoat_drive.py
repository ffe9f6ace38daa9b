"""Drives the chat API with the unmodified stoat-py client library (PyPI stoat-py 1.2.1).

Usage: stoat_drive.py API_BASE CDN_BASE WS_BASE
A user and a bot sign in, a server with a channel is made, messages with an uploaded attachment, a reply and
a masquerade are sent, fetched, edited, reacted to and deleted. Every answer is parsed by the library; any
error (HTTP or parsing) ends the run with a traceback and a non-zero exit. The last line printed is a JSON
summary the Swift test checks against the server.
"""

import asyncio
import json
import struct
import sys
import uuid
import zlib

import stoat


def png(width, height):
    """A small valid PNG, so the file server accepts it as an image attachment."""
    raw = b"".join(b"\x00" + bytes((x * 7 + y) % 256 for x in range(width * 3)) for y in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


OPENED = []


def client(token, bot, api, cdn, ws):
    made = stoat.Client(token=token, bot=bot, http_base=api, cdn_base=cdn, websocket_base=ws)
    OPENED.append(made)
    return made


async def main(api, cdn, ws):
    summary = {}
    anonymous = client("", False, api, cdn, ws)
    node = await anonymous.http.query_node()
    summary["node_ws"] = node.websocket_url

    email = f"stoat-{uuid.uuid4().hex[:8]}@example.com"
    await anonymous.http.register(email, "a long enough password")
    login = await anonymous.http.login_with_email(email, "a long enough password", friendly_name="stoat-py")
    user = client(login.token, False, api, cdn, ws)
    http = user.http
    assert (await http.onboarding_status()) is True
    await http.complete_onboarding(f"stoat{uuid.uuid4().hex[:6]}")
    me = await http.get_me()
    summary["user"] = me.id
    sessions = await http.get_sessions()
    assert any(s.name == "stoat-py" for s in sessions), sessions

    server = await http.create_server("Stoat test", description="made by stoat-py")
    summary["server"] = server.id
    channel = await http.create_server_channel(server, name="general-two", description="second")
    summary["channel"] = channel.id
    role = await http.create_role(server, name="Helpers", rank=1)
    await http.set_server_permissions_for_role(
        server, role, allow=stoat.Permissions(manage_messages=True), deny=stoat.Permissions.none()
    )

    bot = await http.create_bot(f"stoatbot{uuid.uuid4().hex[:4]}")
    summary["bot"] = bot.id
    await http.invite_bot(bot, server=server)
    bot_client = client(bot.token, True, api, cdn, ws)
    bot_me = await bot_client.http.get_me()
    assert bot_me.id == bot.id and bot_me.bot is not None, bot_me

    attachment = await stoat.resolve_resource(user.state, stoat.Upload(png(16, 16), filename="dot.png"), tag="attachments")
    first = await http.send_message(channel, "hello from stoat-py", attachments=[attachment], nonce=uuid.uuid4().hex)
    assert first.attachments and first.attachments[0].id == attachment, first.attachments
    reply = await http.send_message(
        channel, "a reply", replies=[stoat.Reply(first.id, mention=True)], nonce=uuid.uuid4().hex
    )
    assert reply.replies == [first.id], reply.replies
    masked = await http.send_message(
        channel, "in disguise", masquerade=stoat.MessageMasquerade(name="Someone", color="red"), nonce=uuid.uuid4().hex
    )
    assert masked.masquerade is not None and masked.masquerade.name == "Someone"
    from_bot = await bot_client.http.send_message(channel, "beep", nonce=uuid.uuid4().hex)
    assert from_bot.author_id == bot.id

    fetched = await http.get_messages(channel, limit=10)
    summary["history"] = [m.id for m in fetched]
    one = await http.get_message(channel, first.id)
    assert one.content == "hello from stoat-py"
    edited = await http.edit_message(channel, reply, content="an edited reply")
    assert edited.content == "an edited reply"
    await http.add_reaction_to_message(channel, first, "👍")
    await bot_client.http.add_reaction_to_message(channel, first, "👍")
    reacted = await http.get_message(channel, first.id)
    summary["reactions"] = {k: sorted(v) for k, v in reacted.reactions.items()}
    await http.remove_reactions_from_message(channel, first, "👍")
    await http.pin_message(channel, first)
    await http.acknowledge_message(channel, masked)
    states = await http.get_read_states()
    summary["acked"] = [s.last_acked_id for s in states if s.channel_id == channel.id]
    await http.delete_message(channel, masked)

    members = await http.get_members(server)
    summary["members"] = sorted(m.id for m in members)
    invite = await http.create_channel_invite(channel)
    summary["invite"] = invite.code

    second_email = f"stoat-{uuid.uuid4().hex[:8]}@example.com"
    await anonymous.http.register(second_email, "another long password")
    second_login = await anonymous.http.login_with_email(second_email, "another long password")
    second = client(second_login.token, False, api, cdn, ws).http
    await second.complete_onboarding(f"joiner{uuid.uuid4().hex[:6]}")
    looked_up = await second.get_invite(invite.code)
    assert looked_up.server_id == server.id
    joined = await second.accept_invite(invite.code)
    assert joined.id == server.id, joined
    dm = await second.open_dm(me.id)
    await second.send_message(dm, "psst", nonce=uuid.uuid4().hex)
    fetched_server = await http.get_server(server.id)
    summary["channels"] = [c if isinstance(c, str) else c.id for c in fetched_server.internal_channels[1]]
    await http.logout()
    for opened in OPENED:
        await opened.close()
    print(json.dumps(summary))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))

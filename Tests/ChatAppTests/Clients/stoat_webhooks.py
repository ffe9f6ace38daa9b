"""Drives bots and webhooks with the unmodified stoat-py client library (PyPI stoat-py 1.2.1).

Usage: stoat_webhooks.py API_BASE CDN_BASE WS_BASE
A user sends a message with an embed holding an uploaded picture; makes a webhook, lists, fetches, edits and
executes it (with an embed, a masquerade, an attachment and an idempotency key) and deletes it by its token; edits,
resets, looks up and deletes a bot. Every answer is parsed by the library; the last line printed is a JSON summary.
"""

import asyncio
import json
import sys
import uuid

import stoat

from stoat_drive import client, png, OPENED


async def main(api, cdn, ws):
    summary = {}
    anonymous = client("", False, api, cdn, ws)
    email = f"hooks-{uuid.uuid4().hex[:8]}@example.com"
    await anonymous.http.register(email, "a long enough password")
    login = await anonymous.http.login_with_email(email, "a long enough password")
    user = client(login.token, False, api, cdn, ws)
    http = user.http
    await http.complete_onboarding(f"hooks{uuid.uuid4().hex[:6]}")
    server = await http.create_server("Webhooks by stoat-py")
    channel = await http.create_server_channel(server, name="builds")
    summary["channel"] = channel.id

    # A user's embed: stored as a Text embed the library parses, its picture claimed with the message.
    picture = stoat.Upload(png(8, 8), filename="badge.png")
    embedded = await http.send_message(
        channel, "with an embed", embeds=[stoat.SendableEmbed("Build #1", "passed", media=picture, color="#22aa22")]
    )
    embed = embedded.embeds[0]
    assert embed.title == "Build #1" and embed.description == "passed" and embed.color == "#22aa22", embed
    assert embed.media is not None, "the embed's picture is a File"
    summary["embed_media"] = embed.media.id

    webhook = await http.create_webhook(channel, name="CI")
    assert webhook.token and webhook.channel_id == channel.id, webhook
    summary["webhook"] = webhook.id
    listed = await http.get_channel_webhooks(channel)
    assert [w.id for w in listed] == [webhook.id], listed
    fetched = await http.get_webhook(webhook.id, token=webhook.token)
    assert fetched.name == "CI", fetched
    renamed = await http.edit_webhook(webhook.id, token=webhook.token, name="Builds")
    assert renamed.name == "Builds", renamed
    widened = await http.edit_webhook(
        webhook.id, permissions=stoat.Permissions(send_messages=True, upload_files=True, send_embeds=True,
                                                  use_masquerade=True))
    assert widened.raw_permissions & (1 << 27), widened

    attachment = await stoat.resolve_resource(user.state, stoat.Upload(png(16, 16), filename="log.png"), tag="attachments")
    nonce = uuid.uuid4().hex
    posted = await http.execute_webhook(
        webhook.id, webhook.token, "build **passed**", nonce=nonce, attachments=[attachment],
        embeds=[stoat.SendableEmbed("Details", url="https://ci.example.com/1")],
        masquerade=stoat.MessageMasquerade(name="Runner"))
    assert posted.author_id == webhook.id and posted.webhook is not None and posted.webhook.name == "Builds", posted
    assert posted.attachments and posted.attachments[0].id == attachment, posted.attachments
    summary["webhook_message"] = posted.id
    try:
        await http.execute_webhook(webhook.id, webhook.token, "build **passed**", nonce=nonce)
        raise SystemExit("a reused idempotency key was accepted")
    except stoat.HTTPException as error:
        summary["reused_key"] = error.type

    history = await http.get_messages(channel, limit=10)
    summary["history_authors"] = sorted({message.author_id for message in history})
    await http.delete_webhook(webhook.id, token=webhook.token)
    try:
        await http.get_webhook(webhook.id, token=webhook.token)
        raise SystemExit("a deleted webhook was found")
    except stoat.HTTPException as error:
        summary["deleted_webhook"] = error.type

    # Bots: edit (public, token reset), public look-up, list, delete.
    bot = await http.create_bot(f"hookbot{uuid.uuid4().hex[:4]}")
    edited = await http.edit_bot(bot, public=True, reset_token=True)
    assert edited.public and edited.token and edited.token != bot.token, edited
    public = await http.get_public_bot(bot.id)
    assert public.id == bot.id, public
    owned = await http.get_owned_bots()
    assert [b.id for b in owned] == [bot.id], owned
    await http.delete_bot(bot.id)
    summary["bots_after_delete"] = len(await http.get_owned_bots())
    print(json.dumps(summary))


async def run():
    try:
        await main(*sys.argv[1:4])
    finally:
        for made in OPENED:
            await made.close()


asyncio.run(run())

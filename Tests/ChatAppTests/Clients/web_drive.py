#!/usr/bin/env python3
"""Drives the web client in two headless Chromium windows (Selenium, Debian's chromium and chromium-driver) against
a live server: two people sign up, one creates a server and invites the other, they talk, upload a photo, post a
link, react, edit, delete; unread markers survive a reload; hostile content stays text; a refused upload shows the
server's reason; a network drop reconnects and resumes with nothing missed or doubled; a revoked session goes back
to the login screen. Screenshots of each main screen go to the output directory. Prints a JSON summary last.

usage: web_drive.py BASE_URL ARTICLE_URL OUTPUT_DIR
"""
import json
import os
import socket
import struct
import sys
import threading
import time
import urllib.request
import zlib

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

BASE, ARTICLE, OUT = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)
PASSWORD = "correct horse battery staple"
STAMP = str(int(time.time() * 1000))


class Drop:
    """A TCP forwarder between one browser and the server that can cut every connection, as a network drop would."""

    def __init__(self, upstream_port):
        self.upstream = upstream_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.open = []
        self.refusing = False
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            client, _ = self.listener.accept()
            if self.refusing:
                client.close()
                continue
            server = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, target), daemon=True).start()

    @staticmethod
    def pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.refusing = True
        with self.lock:
            for connection in self.open:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                    connection.close()
                except OSError:
                    pass
            self.open = []

    def restore(self):
        self.refusing = False


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800",
                     "--disable-gpu", "--lang=en-GB"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait(driver, condition, what, timeout=20):
    try:
        return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: condition(d))
    except TimeoutException:
        driver.save_screenshot(os.path.join(OUT, "failure.png"))
        for entry in driver.get_log("browser"):
            print("console:", entry["level"], entry["message"][:300], file=sys.stderr)
        raise AssertionError(f"timed out waiting for {what} at {driver.current_url}")


def find(driver, css):
    return driver.find_elements(By.CSS_SELECTOR, css)


def messages_with(driver, text):
    return [element for element in find(driver, ".message-content") if text in element.text]


# The fake GIF provider's media are not real pictures: the link proxy refuses them (415), as it should.
FAKE_GIF = "clip.gif - Failed to load resource: the server responded with a status of 415"


def console_errors(driver, allowed=()):
    allowed = (FAKE_GIF,) + tuple(allowed)
    entries = driver.get_log("browser")
    return [entry["message"] for entry in entries
            if entry["level"] == "SEVERE" and not any(fragment in entry["message"] for fragment in allowed)]


def sign_up(driver, base, name):
    driver.get(base + "/login/create")
    wait(driver, lambda d: find(d, "input[name=email]"), "the sign-up form")
    driver.find_element(By.NAME, "email").send_keys(f"{name}-{STAMP}@example.com")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: find(d, "input[name=username]"), "onboarding")
    if name == "alice":
        driver.save_screenshot(os.path.join(OUT, "onboarding.png"))
    driver.find_element(By.NAME, "username").send_keys(name)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(driver, lambda d: find(d, ".user-panel"), "the signed-in app")
    session = json.loads(driver.execute_script("return localStorage.getItem('discordination.session')"))
    return session


def send(driver, text):
    box = wait(driver, lambda d: find(d, "textarea.composer-input"), "the composer")[0]
    box.click()
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def hover_action(driver, message_text, label):
    row = wait(driver, lambda d: [m for m in find(d, ".message") if message_text in m.text], f"message {message_text!r}")[0]
    ActionChains(driver).move_to_element(row).perform()
    button = wait(driver, lambda d: [b for b in row.find_elements(By.CSS_SELECTOR, f'button[aria-label="{label}"]') if b.is_displayed()],
                  f"the {label} button")[0]
    button.click()
    return row


def png(width, height):
    """A gradient picture, written without any imaging library."""
    rows = b"".join(b"\x00" + b"".join(bytes((x * 255 // width, y * 255 // height, 160)) for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def api(method, path, token, body=None):
    request = urllib.request.Request(BASE + "/api" + path, method=method, headers={"X-Session-Token": token})
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
        return json.loads(text) if text else None


summary = {}
port = int(BASE.rsplit(":", 1)[1])
drop = Drop(port)
bob_base = f"http://127.0.0.1:{drop.port}"
alice, bob = browser(), browser()
try:
    # Signed out, any address goes to the login screen.
    alice.get(BASE + "/settings")
    wait(alice, lambda d: d.current_url.endswith("/login"), "the login redirect")
    alice.save_screenshot(os.path.join(OUT, "login.png"))
    alice_session = sign_up(alice, BASE, "alice")
    bob_session = sign_up(bob, bob_base, "bob")
    summary["alice"], summary["bob"] = alice_session["user_id"], bob_session["user_id"]

    # Alice creates a server; its first channel opens.
    alice.find_element(By.CSS_SELECTOR, 'button[aria-label="Create a server"]').click()
    alice.find_element(By.CSS_SELECTOR, "dialog input[name=name]").send_keys("Browser Test")
    alice.find_element(By.CSS_SELECTOR, "dialog button[type=submit]").click()
    wait(alice, lambda d: "/channel/" in d.current_url and find(d, "textarea.composer-input"), "the new server's channel")
    summary["server"], summary["general"] = alice.current_url.split("/")[4], alice.current_url.split("/")[6]

    # She invites Bob; he opens the link and joins.
    alice.find_element(By.CSS_SELECTOR, 'button[aria-label="Invite people"]').click()
    link = wait(alice, lambda d: [i.get_attribute("value") for i in find(d, "input.invite-link") if "/invite/" in (i.get_attribute("value") or "")],
                "the invite link")[0]
    alice.save_screenshot(os.path.join(OUT, "webhooks.png"))
    alice.find_element(By.XPATH, "//dialog//button[text()='Done']").click()
    bob.get(bob_base + "/invite/" + link.rsplit("/", 1)[1])
    join = wait(bob, lambda d: [b for b in find(d, ".invite-card button") if b.text == "Join"], "the invite's Join button")[0]
    bob.save_screenshot(os.path.join(OUT, "invite.png"))
    join.click()
    wait(bob, lambda d: summary["general"] in d.current_url and find(d, "textarea.composer-input"), "the joined channel")

    # They talk: each message appears in the other window without a reload.
    send(alice, "Hello Bob, welcome **aboard**")
    wait(bob, lambda d: messages_with(d, "Hello Bob, welcome aboard"), "Alice's message in Bob's window")
    assert find(bob, ".message-content strong"), "Markdown is rendered"
    send(bob, "Hi Alice!")
    wait(alice, lambda d: messages_with(d, "Hi Alice!"), "Bob's reply in Alice's window")
    typing_box = alice.find_element(By.CSS_SELECTOR, "textarea.composer-input")
    typing_box.send_keys("typing")
    wait(bob, lambda d: "alice is typing" in d.find_element(By.CSS_SELECTOR, ".typing").text, "Alice's typing indicator")
    typing_box.send_keys(Keys.CONTROL, "a")
    typing_box.send_keys(Keys.DELETE)

    # A photo: previewed before sending, uploaded with progress, shown to Bob (its placeholder first when the
    # server already has its ThumbHash).
    bob.execute_script("""
        window.__placeholderFirst = null;
        new MutationObserver(() => {
          const picture = document.querySelector('.attachment-picture');
          if (picture && window.__placeholderFirst === null) {
            window.__placeholderFirst = Boolean(picture.querySelector('img.placeholder')) && !picture.querySelector('img.preview.loaded');
          }
        }).observe(document.body, { childList: true, subtree: true });""")
    photo = os.path.join(OUT, "photo.png")
    with open(photo, "wb") as file:
        file.write(png(320, 200))
    alice.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(photo)
    wait(alice, lambda d: find(d, ".upload-tray img"), "the photo's preview before sending")
    alice.find_element(By.CSS_SELECTOR, "textarea.composer-input").send_keys("a photo", Keys.ENTER)
    wait(bob, lambda d: find(d, ".attachment-picture img.preview.loaded"), "the photo in Bob's window")
    summary["placeholder_first"] = bob.execute_script("return window.__placeholderFirst")
    summary["photo_has_thumbhash"] = bob.execute_script(
        "return Boolean(document.querySelector('.attachment-picture')) && document.querySelectorAll('.attachment-picture img').length >= 1")

    # A link gets its embed card, appended after the message.
    send(alice, f"read this {ARTICLE}")
    card = wait(bob, lambda d: [c for c in find(d, ".embed-card") if "Posted article" in c.text], "the link's embed card")[0]
    summary["embed_title"] = card.find_element(By.CSS_SELECTOR, ".embed-title").text

    # Bob reacts; Alice sees the count.
    hover_action(bob, "Hello Bob, welcome", "Add a reaction")
    wait(bob, lambda d: find(d, ".reaction-picker button"), "the reaction picker")[0].click()
    wait(alice, lambda d: [r for r in find(d, ".reaction") if r.text.strip().endswith("1")], "Bob's reaction in Alice's window")

    # Alice edits her last text message with ↑ (the embed message is hers and last).
    box = alice.find_element(By.CSS_SELECTOR, "textarea.composer-input")
    box.click()
    box.send_keys(Keys.ARROW_UP)
    editor = wait(alice, lambda d: find(d, 'textarea[aria-label="Edit message"]'), "the edit box")[0]
    editor.send_keys(Keys.CONTROL, "a")
    editor.send_keys("read this later, edited", Keys.ENTER)
    wait(bob, lambda d: messages_with(d, "read this later, edited"), "the edit in Bob's window")
    wait(bob, lambda d: find(d, ".edited"), "the edited marker")

    # Alice deletes a message after confirming; it disappears for Bob.
    send(alice, "this one goes away")
    wait(bob, lambda d: messages_with(d, "this one goes away"), "the message to delete")
    hover_action(alice, "this one goes away", "Delete")
    wait(alice, lambda d: [b for b in find(d, "dialog button.danger") if b.text == "Delete"], "the confirmation")[0].click()
    wait(bob, lambda d: not messages_with(d, "this one goes away"), "the deletion in Bob's window")

    # Hostile content stays text.
    send(alice, '<img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=2) <script>window.__pwned=3</script>')
    hostile = wait(bob, lambda d: messages_with(d, "onerror"), "the hostile message")[0]
    summary["xss"] = {
        "img": len(hostile.find_elements(By.CSS_SELECTOR, "img")),
        "script": len(hostile.find_elements(By.CSS_SELECTOR, "script")),
        "javascript_links": len(hostile.find_elements(By.CSS_SELECTOR, 'a[href^="javascript"]')),
        "pwned": bob.execute_script("return window.__pwned === undefined ? null : window.__pwned"),
    }
    assert summary["xss"] == {"img": 0, "script": 0, "javascript_links": 0, "pwned": None}, summary["xss"]
    alice.save_screenshot(os.path.join(OUT, "chat.png"))
    summary["service_worker"] = alice.execute_script(
        "return navigator.serviceWorker.getRegistration().then((r) => Boolean(r && (r.active || r.installing || r.waiting)))")
    summary["console_errors"] = console_errors(alice) + console_errors(bob)

    # A GIF from the picker: trending first, the next page as the grid scrolls, then sent as a link.
    alice.find_element(By.CSS_SELECTOR, 'button[aria-label="Send a GIF"]').click()
    first_page = len(wait(alice, lambda d: find(d, ".gif-result"), "GIF results"))
    alice.execute_script("const g = document.querySelector('.gif-grid'); g.scrollTop = g.scrollHeight;")
    summary["gif_pages"] = [first_page, len(wait(alice, lambda d: len(find(d, ".gif-result")) > first_page and find(d, ".gif-result"),
                                                 "the next page of GIFs"))]
    pick = find(alice, ".gif-result")[0]
    alice.execute_script("arguments[0].scrollIntoView({block: 'center'})", pick)
    pick.click()
    wait(bob, lambda d: [m for m in find(d, ".message-content") if "/media/" in m.text], "the GIF in Bob's window")

    # Desktop notifications: allowed in Bob's browser (as a click on the browser's prompt would), which settings
    # reports; the client's calls to the Notification API are recorded (headless Chromium shows none).
    bob.execute_cdp_cmd("Browser.grantPermissions", {"origin": bob_base, "permissions": ["notifications"]})
    bob.execute_script("""
        window.__notes = [];
        const Real = window.Notification;
        window.Notification = class extends Real {
          constructor(title, options) { super(title, options); window.__notes.push({ title, body: options && options.body }); }
        };""")
    bob.find_element(By.CSS_SELECTOR, 'button[aria-label="Settings"]').click()
    wait(bob, lambda d: "notifications are on" in d.find_element(By.CSS_SELECTOR, "main.settings").text, "notifications on in settings")
    bob.find_element(By.CSS_SELECTOR, 'button[aria-label="Back"]').click()
    wait(bob, lambda d: summary["general"] in d.current_url and find(d, "textarea.composer-input"), "Bob back in General")

    # Unreads: Alice opens a channel and mentions Bob there while he reads General.
    alice.find_element(By.CSS_SELECTOR, 'button[aria-label="Create a channel"]').click()
    alice.find_element(By.CSS_SELECTOR, "dialog input[name=name]").send_keys("random")
    alice.find_element(By.CSS_SELECTOR, "dialog button[type=submit]").click()
    wait(alice, lambda d: "/channel/" in d.current_url and summary["general"] not in d.current_url, "the new channel")
    summary["random"] = alice.current_url.split("/")[6]
    send(alice, f"ping <@{summary['bob']}>")

    def random_link(d):
        return [a for a in find(d, "a.channel-link") if a.get_attribute("href").endswith(summary["random"])]

    wait(bob, lambda d: random_link(d) and "unread" in random_link(d)[0].get_attribute("class")
         and random_link(d)[0].find_elements(By.CSS_SELECTOR, ".badge"), "the unread mention in Bob's channel list")
    summary["notifications"] = wait(bob, lambda d: d.execute_script("return window.__notes"), "the mention's notification")
    bob.refresh()
    wait(bob, lambda d: random_link(d) and "unread" in random_link(d)[0].get_attribute("class")
         and [b for b in random_link(d)[0].find_elements(By.CSS_SELECTOR, ".badge") if b.text == "1"], "the unread mention after a reload")
    summary["unread_after_reload"] = True
    random_link(bob)[0].click()
    wait(bob, lambda d: messages_with(d, "ping @bob"), "the mention, named")
    wait(bob, lambda d: "unread" not in random_link(d)[0].get_attribute("class"), "the channel read")
    time.sleep(0.5)
    bob.refresh()
    wait(bob, lambda d: random_link(d) and messages_with(d, "ping @bob"), "the channel after a reload")
    summary["read_after_reload"] = "unread" not in random_link(bob)[0].get_attribute("class") and not random_link(bob)[0].find_elements(By.CSS_SELECTOR, ".badge")

    # Alice makes a webhook in the channel's Webhooks dialog and copies its URL; a post with Discord's body to it
    # shows live in Bob's window, under the masquerade name, tagged WEBHOOK.
    alice.find_element(By.CSS_SELECTOR, 'button[aria-label="Webhooks"]').click()
    alice.find_element(By.CSS_SELECTOR, "dialog input[name=webhook_name]").send_keys("CI", Keys.ENTER)
    hook_url = wait(alice, lambda d: [i.get_attribute("value") for i in find(d, "dialog .webhook-url")], "the webhook's URL")[0]
    alice.save_screenshot(os.path.join(OUT, "webhooks.png"))
    alice.find_element(By.XPATH, "//dialog//button[text()='Done']").click()
    execute = urllib.request.Request(hook_url, method="POST",
                                     data=json.dumps({"content": "Deploy finished", "username": "Deployer"}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(execute, timeout=10).read()
    posted = wait(bob, lambda d: [m for m in find(d, ".message") if "Deploy finished" in m.text], "the webhook's message")[0]
    summary["webhook_message"] = posted.text

    # The network drops under Bob: he sees "reconnecting", and afterwards exactly what he missed.
    drop.cut()
    wait(bob, lambda d: find(d, '.connection-banner[data-state="reconnecting"]'), "the reconnecting banner")
    bob.save_screenshot(os.path.join(OUT, "reconnecting.png"))
    for index in range(3):
        send(alice, f"while you were away {index}")
    wait(alice, lambda d: len(messages_with(d, "while you were away 2")) == 1 and not find(d, ".message.pending"), "Alice's sends")
    time.sleep(1)
    drop.restore()
    wait(bob, lambda d: not find(d, ".connection-banner"), "the reconnection", timeout=30)
    wait(bob, lambda d: messages_with(d, "while you were away 2"), "the missed messages")
    summary["after_drop"] = [len(messages_with(bob, f"while you were away {index}")) for index in range(3)]
    # Alice's member list shows Bob online again.
    wait(alice, lambda d: [m for m in find(d, "button.member") if "bob" in m.text and "offline" not in m.get_attribute("class")],
         "Bob online in Alice's member list after he reconnected")
    assert summary["after_drop"] == [1, 1, 1], summary["after_drop"]

    # A slow network does not hold up writing: the message shows at once as pending.
    alice.execute_cdp_cmd("Network.enable", {})
    alice.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})
    started = time.monotonic()
    send(alice, "sent on a slow line")
    # Shown at once (pending until the server's copy arrives, which the gateway may bring before the slow answer).
    wait(alice, lambda d: messages_with(d, "sent on a slow line") and not d.find_element(By.CSS_SELECTOR, "textarea.composer-input").get_attribute("value"),
         "the message shown while its request is slow", timeout=5)
    summary["shown_on_slow_line_ms"] = round((time.monotonic() - started) * 1000)
    alice.find_element(By.CSS_SELECTOR, "textarea.composer-input").send_keys("still typing")
    assert alice.find_element(By.CSS_SELECTOR, "textarea.composer-input").get_attribute("value") == "still typing"
    wait(bob, lambda d: messages_with(d, "sent on a slow line"), "the slow message")
    alice.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    box = alice.find_element(By.CSS_SELECTOR, "textarea.composer-input")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)

    # An upload the server refuses (too large) shows its reason and sends nothing.
    count_before = len(find(bob, ".message"))
    big = os.path.join(OUT, "too-large.bin")
    with open(big, "wb") as file:
        file.truncate(20_000_001)
    alice.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(big)
    wait(alice, lambda d: find(d, ".upload-item"), "the file in the tray")
    alice.find_element(By.CSS_SELECTOR, "textarea.composer-input").send_keys("too big", Keys.ENTER)
    error = wait(alice, lambda d: [e for e in find(d, ".composer-error") if e.text], "the refusal", timeout=60)[0]
    summary["refusal"] = error.text
    time.sleep(1)
    assert len(find(bob, ".message")) == count_before, "nothing was sent"
    assert not messages_with(alice, "too big"), "the text was not sent either"

    # Settings: a wrong kind of picture is refused with the server's reason; the display name changes.
    alice.get(BASE + "/settings")
    wait(alice, lambda d: find(d, "input[name=display_name]"), "the settings")
    not_a_picture = os.path.join(OUT, "notes.txt")
    with open(not_a_picture, "w") as file:
        file.write("just text\n" * 50)
    alice.find_element(By.CSS_SELECTOR, ".settings-avatar input[type=file]").send_keys(not_a_picture)
    summary["avatar_refusal"] = wait(alice, lambda d: [e.text for e in find(d, ".settings .error") if e.text], "the avatar refusal")[0]
    name_box = alice.find_element(By.NAME, "display_name")
    name_box.send_keys("Alice A.")
    alice.find_element(By.CSS_SELECTOR, ".settings-form button[type=submit]").click()
    wait(alice, lambda d: find(d, ".settings .notice"), "the saved settings")

    # Bots, in settings: one is made and its token shown once; an endpoint at a private address is refused with
    # the server's reason.
    alice.find_element(By.XPATH, "//button[text()='Create a bot']").click()
    alice.find_element(By.CSS_SELECTOR, "dialog input[name=name]").send_keys("helper", Keys.ENTER)
    summary["bot_token_length"] = len(wait(alice, lambda d: [i.get_attribute("value") for i in find(d, ".bot-token input.token") if i.get_attribute("value")], "the bot's token")[0])
    alice.find_element(By.XPATH, "//button[text()='I have copied it']").click()
    bot_entry = wait(alice, lambda d: find(d, "li.bot"), "the bot in the list")[0]
    summary["bot_public_key"] = bot_entry.find_element(By.CSS_SELECTOR, ".public-key code").text
    bot_entry.find_element(By.NAME, "interactions_url").send_keys("https://10.0.0.1/events")
    bot_entry.find_element(By.XPATH, ".//button[text()='Save endpoint']").click()
    summary["endpoint_refusal"] = wait(alice, lambda d: [e.text for e in find(d, "li.bot .error") if e.text], "the endpoint's refusal")[0]
    alice.execute_script("arguments[0].scrollIntoView()", bot_entry)
    alice.save_screenshot(os.path.join(OUT, "settings.png"))
    wait(bob, lambda d: [m for m in find(d, ".message-author") if m.text == "Alice A."] or bob.refresh() or False, "the new display name", timeout=30)

    # Phone-sized and dark.
    bob.set_window_size(390, 844)
    bob.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    time.sleep(0.5)
    bob.save_screenshot(os.path.join(OUT, "phone-dark.png"))
    menu = [b for b in find(bob, 'button[aria-label="Open the channel list"]') if b.is_displayed()]
    assert menu, "the phone layout has a menu button"
    menu[0].click()
    wait(bob, lambda d: [a for a in find(d, "a.channel-link") if a.is_displayed()], "the channel list on a phone")
    bob.save_screenshot(os.path.join(OUT, "phone-channels.png"))

    # Bob's session is revoked elsewhere: his window goes back to logging in.
    api("POST", "/auth/session/logout", bob_session["token"])
    wait(bob, lambda d: d.current_url.endswith("/login"), "the login screen after the session ended")
    summary["late_console_errors"] = console_errors(alice, allowed=("status of 422", "status of 400", "status of 413")) + console_errors(
        bob, allowed=("status of 401", "WebSocket connection to"))
    print(json.dumps(summary))
finally:
    alice.quit()
    bob.quit()

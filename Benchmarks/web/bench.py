#!/usr/bin/env python3
"""Measures the web client in headless Chromium; see run.sh. Prints a report."""
import http.server
import json
import os
import statistics
import sys
import threading
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BASE, RUNS, DIR = sys.argv[1], int(sys.argv[2]), sys.argv[3]
MESSAGES = 1000


def api(method, path, token=None, body=None):
    request = urllib.request.Request(BASE + "/api" + path, method=method)
    if token:
        request.add_header("X-Session-Token", token)
    if body is not None:
        request.data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     f"--user-data-dir={profile}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    return driver


def transferred(driver):
    """Bytes that came over the network since the last call (the app's files apart from the API's answers)."""
    urls, cached, app, total = {}, set(), 0, 0
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.responseReceived":
            urls[params["requestId"]] = params["response"]["url"]
            if params["response"].get("fromServiceWorker") or params["response"].get("fromDiskCache"):
                cached.add(params["requestId"])
        elif message["method"] == "Network.loadingFinished" and params["requestId"] not in cached:
            size = int(params.get("encodedDataLength", 0))
            total += size
            if "/api/" not in urls.get(params["requestId"], ""):
                app += size
    return app, total


def visible_after(driver, timeout=30):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "return performance.getEntriesByName('messages-visible').length > 0"))
    return driver.execute_script("return performance.getEntriesByName('messages-visible')[0].startTime")


SCROLL = """
const done = arguments[arguments.length - 1];
const scroller = document.querySelector(arguments[0]);
const step = arguments[1];
const intervals = [];
let last = performance.now();
const started = last;
function frame(now) {
  intervals.push(now - last);
  last = now;
  scroller.scrollTop = Math.max(0, scroller.scrollTop - step);
  const atStart = document.querySelector('.channel-start') || !document.querySelector('.loading-older');
  if ((scroller.scrollTop === 0 && atStart) || now - started > 90000) {
    done({ frames: intervals.length, seconds: (now - started) / 1000, intervals,
           messages: document.querySelectorAll('.message').length });
  } else {
    requestAnimationFrame(frame);
  }
}
requestAnimationFrame(frame);
"""


def frame_figures(result):
    intervals = result["intervals"][1:]
    return {
        "fps": round(len(intervals) / (sum(intervals) / 1000), 1),
        "slow_frames_pct": round(100 * sum(1 for i in intervals if i > 20) / max(1, len(intervals)), 1),
        "p99_frame_ms": round(sorted(intervals)[int(len(intervals) * 0.99)], 1),
        "seconds": round(result["seconds"], 1),
        "messages": result["messages"],
    }


# A channel of 1,000 messages from two people, with Markdown, mentions and links as chat has.
stamp = str(int(time.time() * 1000))
tokens = []
for name in ("reader", "writer"):
    api("POST", "/auth/account/create", body={"email": f"{name}-{stamp}@example.com", "password": "correct horse battery"})
    session = api("POST", "/auth/session/login", body={"email": f"{name}-{stamp}@example.com", "password": "correct horse battery"})
    api("POST", "/onboard/complete", session["token"], {"username": name})
    tokens.append(session)
reader, writer = tokens
made = api("POST", "/servers/create", reader["token"], {"name": "Benchmark"})
server, channel = made["server"]["_id"], made["channels"][0]["_id"]
invite = api("POST", f"/channels/{channel}/invites", reader["token"])
api("POST", f"/invites/{invite['_id']}", writer["token"])
for index in range(MESSAGES):
    author = tokens[(index // 3) % 2]
    content = [f"message {index}: plain words about the day, nothing more",
               f"**bold** and _italic_ with `code` in message {index}",
               f"<@{reader['user_id']}> have a look at message {index}, please",
               f"> quoted line\nand an answer under it, message {index}"][index % 4]
    api("POST", f"/channels/{channel}/messages", author["token"], {"content": content, "nonce": f"{stamp}-{index}"})
url = f"{BASE}/server/{server}/channel/{channel}"
session_script = "localStorage.setItem('discordination.session', arguments[0])"
session_value = json.dumps({"token": reader["token"], "user_id": reader["user_id"], "_id": reader["_id"]})

cold, warm, cold_bytes, warm_bytes = [], [], [], []
for run in range(RUNS):
    driver = browser(os.path.join(DIR, f"profile-{run}"))
    try:
        driver.get(BASE + "/icon.svg")  # the origin, without the app: nothing of it cached yet
        driver.execute_script(session_script, session_value)
        transferred(driver)
        driver.get(url)
        cold.append(visible_after(driver))
        if run == 0 and os.environ.get("WEB_BENCH_TIMELINE"):
            print(json.dumps(driver.execute_script("""
              const nav = performance.getEntriesByType('navigation')[0];
              return [['document', 0, Math.round(nav.responseEnd)], ['domContentLoaded', 0, Math.round(nav.domContentLoadedEventEnd)]]
                .concat(performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, '').slice(0, 70), Math.round(e.startTime), Math.round(e.responseEnd)]))
                .concat(performance.getEntriesByType('mark').map((e) => [e.name, Math.round(e.startTime), Math.round(e.startTime)]));"""), indent=0))
        time.sleep(1.5)  # the service worker installs and caches the shell
        cold_bytes.append(transferred(driver))
        driver.refresh()
        warm.append(visible_after(driver))
        time.sleep(1)
        warm_bytes.append(transferred(driver))
        if run == 0:
            scroll = frame_figures(driver.execute_async_script(SCROLL, ".message-scroller", 40))
            markup = driver.execute_script("return document.querySelector('.message-list').outerHTML")
            stylesheet = driver.execute_script("return document.querySelector('link[rel=stylesheet]').href")
    finally:
        driver.quit()

# The peer: the same 1,000 messages as a static page with the client's stylesheet, from Python's http.server.
static_dir = os.path.join(DIR, "static")
os.makedirs(static_dir, exist_ok=True)
with urllib.request.urlopen(stylesheet) as answer, open(os.path.join(static_dir, "style.css"), "wb") as file:
    file.write(answer.read())
with open(os.path.join(static_dir, "index.html"), "w") as file:
    file.write('<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="style.css">'
               '</head><body><div class="layout"><div></div><div></div><div class="main-pane"><main class="channel-view">'
               f'<div class="message-scroller">{markup}</div></main></div></div></body></html>')
class Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args):
        super().__init__(*args, directory=static_dir)

    def log_message(self, *args):
        pass


handler = Quiet
static_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
threading.Thread(target=static_server.serve_forever, daemon=True).start()
static_url = f"http://127.0.0.1:{static_server.server_address[1]}/index.html"
static_paint = []
for run in range(RUNS):
    driver = browser(os.path.join(DIR, f"static-{run}"))
    try:
        driver.get(static_url)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script(
            "return performance.getEntriesByName('first-contentful-paint').length > 0"))
        static_paint.append(driver.execute_script(
            "return performance.getEntriesByName('first-contentful-paint')[0].startTime"))
        if run == 0:
            driver.execute_script("const s = document.querySelector('.message-scroller'); s.scrollTop = s.scrollHeight;")
            static_scroll = frame_figures(driver.execute_async_script(SCROLL, ".message-scroller", 40))
    finally:
        driver.quit()
static_server.shutdown()

median = statistics.median
cold_app = median(b[0] for b in cold_bytes)
cold_all = median(b[1] for b in cold_bytes)
warm_app = median(b[0] for b in warm_bytes)
warm_all = median(b[1] for b in warm_bytes)
print(f"web client, channel of {MESSAGES} messages, {RUNS} runs (medians)")
print(f"  messages visible, cold (empty cache)    {median(cold):7.0f} ms   (aim < 500 ms)")
print(f"  messages visible, warm (cached reload)  {median(warm):7.0f} ms")
print(f"  static page first paint (peer)          {median(static_paint):7.0f} ms   client cold / peer = {median(cold) / median(static_paint):.2f}x")
print(f"  first load: app {cold_app / 1024:.1f} KB + API {(cold_all - cold_app) / 1024:.1f} KB = {cold_all / 1024:.1f} KB compressed (aim < 150 KB)")
print(f"  cached reload: app {warm_app / 1024:.1f} KB + API {(warm_all - warm_app) / 1024:.1f} KB = {warm_all / 1024:.1f} KB")
print(f"  scrolling back through all {scroll['messages']} messages (loading pages): {scroll['fps']} fps, "
      f"{scroll['slow_frames_pct']}% frames > 20 ms, p99 frame {scroll['p99_frame_ms']} ms, {scroll['seconds']} s")
print(f"  peer, static page of {static_scroll['messages']}: {static_scroll['fps']} fps, "
      f"{static_scroll['slow_frames_pct']}% frames > 20 ms, p99 frame {static_scroll['p99_frame_ms']} ms")

#!/usr/bin/env python3
"""Screenshots of the class window (the projector) while a live class runs.

    class-window-shots.py BINARY OUT_DIR LANG [TEAMS]

Starts Xvfb, runs `BINARY class telecom-data-charge` in it (Mesa's software Vulkan), joins
six phones from headless chromium (Playwright), drives the class from the host page, and
grabs the X screen (ImageMagick `import`) at each step: lobby, open vote, locked, reveal,
end. Needs: xvfb, mesa-vulkan-drivers, imagemagick, chromium, pip playwright.
"""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

binary, out, lang = sys.argv[1:4]
teams = sys.argv[4] if len(sys.argv) > 4 else ""
out = Path(out)
out.mkdir(parents=True, exist_ok=True)
display = ":97"
xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x720x24", "-nolisten", "tcp"])
time.sleep(1)
home = tempfile.mkdtemp()
env = dict(os.environ, DISPLAY=display, WGPU_BACKEND="vulkan", COMPLAINT_DOJO_HOME=home)
args = [binary, "class", "telecom-data-charge", "--port", "0", "--bind", "127.0.0.1",
        "--seed", "3", "--lang", lang]
if teams:
    args += ["--teams", teams]
app = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, text=True)
join_url = app.stdout.readline().split(" ", 1)[1].strip()
host_url = app.stdout.readline().split(" ", 1)[1].strip()
suffix = f"{lang}{'-teams' if teams else ''}"


def grab(name, settle=2.5):
    time.sleep(settle)
    path = out / f"window-{name}-{suffix}.png"
    subprocess.run(["import", "-display", display, "-window", "root", str(path)], check=True)
    print("screenshot", path)


try:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu"])
        host = browser.new_page()
        host.goto(host_url)
        phones = []
        for k in range(6):
            ph = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
            ph.goto(join_url)
            ph.wait_for_selector("input[type=text]")
            ph.fill("input[type=text]", ["李娜", "Wang Wei", "张伟", "Sam", "刘洋", "Ana"][k])
            ph.click("button.primary")
            ph.wait_for_selector("p.status")
            phones.append(ph)
        grab("lobby", settle=6)
        decision = 0
        while True:
            decision += 1
            host.click(".controls button.primary")
            for k, ph in enumerate(phones):
                ph.wait_for_selector("button.reply")
                n = ph.locator("button.reply").count()
                ph.locator("button.reply").nth((k * (decision + 1)) % n).click()
            host.wait_for_selector('body[data-voters="6"]')
            if decision == 1:
                grab("open")
            host.click(".controls button.primary")
            host.wait_for_selector('body[data-phase="locked"]')
            if decision == 1:
                grab("locked")
            if host.get_attribute("body", "data-tie") == "1":
                host.locator(".controls button.tie").first.click()
            host.wait_for_selector(".controls button.primary")
            host.click(".controls button.primary")
            host.wait_for_selector('body[data-phase="revealed"]')
            if decision in (1, 3):
                grab(f"reveal{decision}")
            host.click(".controls button.primary")
            host.wait_for_selector('body[data-phase="ready"], body[data-phase="over"]')
            if host.get_attribute("body", "data-phase") == "over":
                break
        grab("over")
        browser.close()
finally:
    app.terminate()
    xvfb.terminate()

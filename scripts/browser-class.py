#!/usr/bin/env python3
"""Drives a running class from a real browser: Debian's chromium through Playwright.

    browser-class.py JOIN_URL HOST_URL OUT_DIR LANG OTHER_PHONES [TEAM]

The instructor's host page (1280x720) runs the class from the first decision to the end; one
phone page (360x740, touch) joins, votes, reloads in the middle of a vote and finds its vote
kept, and sees every reveal and the ending. OTHER_PHONES more phones are expected to join and
vote by themselves (the Rust test supplies them). With TEAM (1-based), the class is in team
mode and the phone taps that team's button before joining. Screenshots go to OUT_DIR; the QR code on the
host page must decode (zbarimg) to JOIN_URL. Exits non-zero on the first thing that is wrong.

Needs: apt chromium zbar-tools; pip playwright (pinned in .ci/run). Never downloads a browser.
"""
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

join_url, host_url, out, lang, others = sys.argv[1:6]
others = int(others)
team = int(sys.argv[6]) if len(sys.argv) > 6 else None
out = Path(out)
out.mkdir(parents=True, exist_ok=True)
everyone = others + 1
TIMEOUT = 60_000


def shot(page, name):
    path = out / f"{name}-{lang}.png"
    # Every font the page asked for has arrived (a CJK font may still be on its way).
    page.evaluate("document.fonts.ready.then(() => 1)")
    page.screenshot(path=str(path), full_page=False)
    print("screenshot", path)
    return path


def wait_body(page, attr, value):
    page.wait_for_selector(f'body[data-{attr}="{value}"]', timeout=TIMEOUT)


with sync_playwright() as p:
    browser = p.chromium.launch(
        executable_path="/usr/bin/chromium",
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    )
    host = browser.new_page(viewport={"width": 1280, "height": 720})
    host.set_default_timeout(TIMEOUT)
    host.goto(host_url)
    wait_body(host, "phase", "ready")

    phone_ctx = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = phone_ctx.new_page()
    phone.set_default_timeout(TIMEOUT)
    phone.goto(join_url)
    phone.wait_for_selector("input[type=text]")
    phone.fill("input[type=text]", "浏览器 Browser" if lang == "zh" else "Browser phone")
    if team:
        phone.locator(".teams button").nth(team - 1).tap()
        phone.wait_for_selector(".teams button.on")
    shot(phone, "phone-join")
    phone.click("button.primary")
    phone.wait_for_selector("p.status")
    if team:
        chosen = phone.locator(".teams button").count()
        me = phone.locator("#me").text_content()
        if " · " not in me:
            sys.exit(f"in team mode the phone shows {me!r}, with no team ({chosen} teams offered)")
        print("joined as", me)
    wait_body(host, "people", str(everyone))
    lobby = shot(host, "host-lobby")
    shot(phone, "phone-wait")

    # The QR code on the projector is the join link.
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(lobby)], capture_output=True, text=True
    ).stdout.strip()
    if decoded != join_url:
        sys.exit(f"the QR code reads {decoded!r}, not {join_url!r}")
    print("qr ok", decoded)

    def failed(why):
        shot(host, "failed-host")
        shot(phone, "failed-phone")
        print(host.evaluate("document.body.dataset.phase"), file=sys.stderr)
        sys.exit(why)

    decision = 0
    host.on("console", lambda m: print("host console:", m.text, file=sys.stderr))
    host.on("pageerror", lambda e: print("host page error:", e, file=sys.stderr))
    while True:
        decision += 1
        host.click(".controls button.primary")  # open the vote
        phone.wait_for_selector("button.reply")
        replies = phone.locator("button.reply").count()
        mine = 1 + decision % replies
        phone.locator("button.reply").nth(mine - 1).tap()
        phone.wait_for_selector("button.reply.on")
        if decision == 1:
            shot(phone, "phone-vote")
        if decision == 2:
            # A reload in the middle of a vote: the page resumes with its token, vote kept.
            phone.reload()
            phone.wait_for_selector("button.reply.on")
            kept = phone.locator("button.reply.on").get_attribute("data-n")
            if kept != str(mine):
                sys.exit(f"after a reload the phone shows vote {kept}, not {mine}")
            print("reload kept the vote")
        wait_body(host, "voters", str(everyone))
        if decision == 1:
            shot(host, "host-open")
        host.click(".controls button.primary")  # lock
        wait_body(host, "phase", "locked")
        if host.get_attribute("body", "data-tie") == "1":
            if decision <= 2:
                shot(host, "host-tie")
            host.locator(".controls button.tie").first.click()
        host.wait_for_selector(".controls button.primary")
        host.click(".controls button.primary")  # reveal
        wait_body(host, "phase", "revealed")
        phone.wait_for_selector(".card")
        if decision == 1:
            shot(host, "host-reveal")
            shot(phone, "phone-reveal")
        host.click(".controls button.primary")  # next
        # (The page's Content-Security-Policy forbids eval: selectors only.)
        try:
            host.wait_for_selector('body[data-phase="ready"], body[data-phase="over"]')
        except Exception as e:
            failed(f"decision {decision}: the host never moved on: {e}")
        if host.get_attribute("body", "data-phase") == "over":
            break
        if decision > 40:
            sys.exit("the class never ended")
    phone.wait_for_selector(".big")
    shot(phone, "phone-over")
    shot(host, "host-over")
    print(f"class over after {decision} decisions")
    browser.close()

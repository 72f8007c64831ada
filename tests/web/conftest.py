"""Browser fixtures: Playwright (sync API) driving Debian's chromium against pytest-django's live_server.

The browser is never downloaded: tests skip with a reason when /usr/bin/chromium is missing.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses database access from a thread with a
# running loop unless told that this is deliberate.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog(list):
    """Everything the page wrote to the console, plus uncaught errors, as text."""

    def csp_violations(self) -> list[str]:
        return [line for line in self if "Content Security Policy" in line or "Refused to" in line]

    def errors(self) -> list[str]:
        return [line for line in self if line.startswith(("error:", "pageerror:"))]


def _open_page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    page = context.new_page()
    log = ConsoleLog()
    page.on("console", lambda message: log.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: log.append(f"pageerror: {error}"))
    page.console_log = log
    return context, page


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page (own cookies and storage); `page.console_log` collects console output."""
    context, page = _open_page(browser, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A fresh page the width of a small phone (375 px)."""
    context, page = _open_page(browser, PHONE)
    yield page
    context.close()


def nav_to(page, label: str) -> None:
    """On a wide page, open the menu group that holds the entry `label` and follow it (web/menu.py GROUPS)."""
    group = page.locator(".nav-wide details[data-nav-group]").filter(
        has=page.locator("a", has_text=re.compile(f"^{re.escape(label)}$"))
    )
    group.locator("summary").click()
    group.get_by_role("link", name=label, exact=True).click()

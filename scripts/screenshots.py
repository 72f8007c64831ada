"""Screenshots of the main pages, taken from a running server with the demo data loaded.

    python scripts/screenshots.py --base-url http://127.0.0.1:8765 --out docs/screenshots

Logs in as each demo account (accounts/demo_accounts.py, password jianfu-demo-2026) through the real login form
and writes numbered PNGs: desktop at 1280 px wide, plus phone shots (390 px) of the login page and the teacher
home. Drives Debian's chromium (/usr/bin/chromium); the browser is never downloaded.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "jianfu-demo-2026"  # noqa: S105 - the published demo password, refused outside demo mode
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}

# Kept in step with jianfu.accounts.demo_accounts.DEMO_ACCOUNTS (read from there when jianfu is importable).
FALLBACK_DEMO_USERNAMES = {
    "city_edu": "city-edu",
    "county_edu": "county-edu-150222",
    "party": "party-city",
    "department": "dept-police",
    "school_admin": "school-demo",
    "teacher": "teacher-demo",
    "supervisor": "supervisor-city",
}
ROLE_ORDER = ["city_edu", "county_edu", "party", "department", "school_admin", "teacher", "supervisor"]


def demo_usernames() -> dict[str, str]:
    try:
        from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS
    except ImportError:
        return dict(FALLBACK_DEMO_USERNAMES)
    return {account.role: account.username for account in DEMO_ACCOUNTS}


@dataclass
class Shooter:
    browser: Browser
    base_url: str
    out: Path
    password: str
    written: list[Path]

    def new_page(self, viewport: dict) -> Page:
        context = self.browser.new_context(
            viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", device_scale_factor=1
        )
        context.set_default_timeout(20_000)
        return context.new_page()

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def shot(self, page: Page, name: str, *, full_page: bool = True) -> None:
        page.wait_for_load_state("networkidle")
        path = self.out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        self.written.append(path)
        print(f"  {path}")

    def log_in(self, page: Page, username: str) -> None:
        page.goto(self.url("/accounts/login/"))
        page.get_by_label("用户名", exact=True).fill(username)
        page.get_by_label("密码", exact=True).fill(self.password)
        page.get_by_test_id("login-submit").click()
        page.wait_for_load_state()
        if page.get_by_test_id("home-title").count() == 0:
            raise SystemExit(
                f"could not log in as {username!r} at {self.base_url} — is the demo data loaded "
                "(jianfu demo-data) and the server running in demo mode?"
            )

    def log_out(self, page: Page) -> None:
        page.get_by_test_id("logout").click()
        page.wait_for_load_state()


def first_link(page: Page, selector: str) -> str | None:
    link = page.locator(selector).first
    return link.get_attribute("href") if link.count() else None


def take(shooter: Shooter, users: dict[str, str]) -> None:
    n = 0

    def name(label: str) -> str:
        nonlocal n
        n += 1
        return f"{n:02d}-{label}"

    page = shooter.new_page(DESKTOP)
    page.goto(shooter.url("/accounts/login/"))
    shooter.shot(page, name("login"))

    for role in ROLE_ORDER:
        if users.get(role):
            shooter.log_in(page, users[role])
            shooter.shot(page, name(f"home-{role.replace('_', '-')}"))
            shooter.log_out(page)

    if users.get("city_edu"):
        shooter.log_in(page, users["city_edu"])
        page.goto(shooter.url("/registry/schools/"))
        shooter.shot(page, name("school-list"), full_page=False)
        page.goto(shooter.url("/registry/teachers/"))
        shooter.shot(page, name("teacher-list"), full_page=False)
        detail = first_link(page, "[data-testid=rows] tbody a[href*='/registry/teachers/']")
        if detail:
            page.goto(shooter.url(detail))
            shooter.shot(page, name("teacher-detail"))
        shooter.log_out(page)

    if users.get("department"):
        shooter.log_in(page, users["department"])
        page.goto(shooter.url("/matters/new/"))
        page.get_by_label("标题", exact=True).fill("请各校组织教师下载注册反诈APP")
        # the live screening answers while the user types (the first one also warms the server's index)
        page.get_by_test_id("live-verdict").wait_for(timeout=20_000)
        shooter.shot(page, name("matter-form-live-screening"))
        shooter.log_out(page)

    if users.get("city_edu"):
        shooter.log_in(page, users["city_edu"])
        page.goto(shooter.url("/matters/inbox/"))
        shooter.shot(page, name("approver-inbox"))
        detail = first_link(page, "a[href*='/matters/']:not([href$='/matters/']):not([href*='inbox'])")
        if detail:
            page.goto(shooter.url(detail))
            shooter.shot(page, name("matter-detail"))
        shooter.log_out(page)

    page.goto(shooter.url("/whitelist/"))
    shooter.shot(page, name("whitelist"))
    verify = first_link(page, "td a[href*='/verify/']")
    if verify:
        page.goto(shooter.url(verify))
        shooter.shot(page, name("verify-code"))
    page.goto(shooter.url("/verify/WRONG123"))
    shooter.shot(page, name("verify-unknown-code"))
    page.goto(shooter.url("/policy/catalog/"))
    shooter.shot(page, name("rule-catalog"), full_page=False)

    if users.get("supervisor"):
        shooter.log_in(page, users["supervisor"])
        page.goto(shooter.url("/audit/"))
        shooter.shot(page, name("audit-log"), full_page=False)
        shooter.log_out(page)

    # The burden ledger and collect-once pages (issues 5 and 6).
    for role, paths in (
        (
            "county_edu",
            [("/burden/dashboard/", "county-dashboard"), ("/burden/workload/settings/", "thresholds")],
        ),
        ("school_admin", [("/burden/dashboard/", "school-dashboard"), ("/imports/", "import-upload")]),
        (
            "department",
            [("/datahub/fields/", "field-dictionary"), ("/sharing/student-exports/", "student-exports")],
        ),
    ):
        if users.get(role):
            shooter.log_in(page, users[role])
            for path, label in paths:
                page.goto(shooter.url(path))
                page.wait_for_timeout(500)  # charts draw themselves after load
                shooter.shot(page, name(label), full_page=False)
            shooter.log_out(page)
    page.context.close()

    page = shooter.new_page(DESKTOP)
    page.goto(shooter.url("/api/v1/docs"))
    page.wait_for_timeout(1500)  # the API docs page renders itself with script
    shooter.shot(page, name("api-docs"), full_page=False)
    page.context.close()

    phone = shooter.new_page(PHONE)
    phone.goto(shooter.url("/accounts/login/"))
    shooter.shot(phone, name("phone-login"))
    if users.get("teacher"):
        shooter.log_in(phone, users["teacher"])
        shooter.shot(phone, name("phone-home-teacher"))
        for path, label in (("/burden/mine/", "phone-my-workload"), ("/archive/", "phone-archive"),
                            ("/burden/wellbeing/", "phone-wellbeing")):  # fmt: skip
            phone.goto(shooter.url(path))
            shooter.shot(phone, name(label))
        shooter.log_out(phone)
    phone.context.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765", help="a running jianfu with demo data")
    parser.add_argument("--out", "--output-dir", dest="out", default="docs/screenshots", help="where PNGs go")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="the demo accounts' password")
    parser.add_argument("--chromium", default=CHROMIUM, help="the chromium executable (never downloaded)")
    args = parser.parse_args(argv)
    if not re.match(r"^https?://", args.base_url):
        parser.error("--base-url must start with http:// or https://")
    if not Path(args.chromium).exists():
        print(
            f"chromium not found at {args.chromium} (apt-get install -y chromium fonts-wqy-microhei)",
            file=sys.stderr,
        )
        return 2

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]-*.png"):
        old.unlink()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS)
        shooter = Shooter(
            browser=browser, base_url=args.base_url, out=out, password=args.password, written=[]
        )
        try:
            take(shooter, demo_usernames())
        finally:
            browser.close()
    print(f"{len(shooter.written)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

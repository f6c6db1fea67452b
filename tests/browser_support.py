"""A real browser for the tests: Debian's Chromium driven by Playwright, against storybank served
on a local port with the demo content, and axe-core from the npm registry (`make browser-deps`
installs all three)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from babel.support import Translations
from flask import Flask
from werkzeug.serving import make_server

from conftest import PG_URL, STAFF_PASSWORD, make_app
from storybank.extensions import db
from storybank.i18n import LOCALE_REGISTRY, TRANSLATIONS_DIR

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(
    os.environ.get("STORYBANK_BROWSER_ARTIFACTS")
    or Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
)
# What the browser shows does not depend on the database: the browser tests run once, on SQLite.
needs_sqlite_run = pytest.mark.skipif(
    bool(PG_URL), reason="browser tests run in the SQLite pass of the suite"
)
SERIOUS = frozenset({"serious", "critical"})


@dataclass
class LiveSite:
    """storybank served on a local port, with the demo content and two staff accounts."""

    url: str
    app: Flask
    moderator_email: str
    admin_email: str

    def __call__(self, path: str) -> str:
        return self.url + path


def catalog(tag: str) -> Translations:
    """The interface strings of a shipped language, to say what the browser must show."""
    return Translations.load(str(TRANSLATIONS_DIR), [LOCALE_REGISTRY[tag].catalog])


@pytest.fixture(scope="session")
def live_site(migrated_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if PG_URL:
        pytest.skip("browser tests run in the SQLite pass of the suite")
    from storybank.models import Role
    from storybank.services import demo
    from storybank.services.accounts import create_staff_user

    path = tmp_path_factory.mktemp("browser") / "storybank.db"
    shutil.copyfile(migrated_template, path)
    app = make_app(
        f"sqlite:///{path}",
        STORYBANK_SUBMISSION_LIMIT="10000 per hour",
        STORYBANK_SUBMISSION_CAP="10000 per minute",
    )
    with app.app_context():
        demo.seed()
        create_staff_user("moderator@example.org", Role.MODERATOR, STAFF_PASSWORD)
        create_staff_user("admin@example.org", Role.ADMIN, STAFF_PASSWORD)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveSite(
        f"http://127.0.0.1:{server.server_port}",
        app,
        "moderator@example.org",
        "admin@example.org",
    )
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if PG_URL:
        pytest.skip("browser tests run in the SQLite pass of the suite")
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make browser-deps` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium: Any) -> Iterator[Any]:
    """Open browser contexts with given options; each is closed after the test."""
    opened: list[Any] = []

    def open_context(**options: Any) -> Any:
        context = chromium.new_context(**options)
        context.set_default_timeout(15_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


def axe_violations(page: Any) -> list[str]:
    """The serious and critical accessibility violations axe-core finds on the page, described
    (the page's context must be opened with `bypass_csp=True` to take axe's script)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    found = []
    for violation in violations:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} "
                f"at {node['target']}: {node.get('failureSummary', '')}"
            )
    return found


# The second-factor secret of each account enrolled through the pages, by e-mail address.
SECRETS: dict[str, str] = {}


def sign_in_staff(
    page: Any, site: LiveSite, email: str, on_each_page: Callable[[], None] | None = None
) -> None:
    """Sign a staff account in through the pages: password, then the second factor (enrolling
    it on the first sign-in, as a new moderator does with an authenticator app).
    `on_each_page` is called on the page that asks for the code."""
    page.goto(site("/moderate/login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/moderate/login/enrol"):
        secret = page.locator("#totp-secret").inner_text().replace(" ", "")
        SECRETS[email] = secret
        code = pyotp.TOTP(secret).now()
    else:
        # A code is accepted once; the next step's code (one step of drift is allowed) has not
        # been used by an earlier sign-in within the same half minute.
        code = pyotp.TOTP(SECRETS[email]).at(time.time() + 30)
    if on_each_page is not None:
        on_each_page()
    page.fill("input[name=totp]", code)
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()


def save_screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

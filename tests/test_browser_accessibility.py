"""axe-core in Chromium: every public page in all twelve languages, and every staff page in
English, with no violation of impact serious or critical."""

from __future__ import annotations

import time
from typing import Any

import pytest

from browser_support import axe_violations, needs_sqlite_run, sign_in_staff
from site_pages import demo_facts, endpoint_of, page_endpoints, public_pages, staff_pages
from storybank.extensions import limiter
from storybank.i18n import LOCALE_REGISTRY

pytestmark = needs_sqlite_run

CHECKED: dict[str, set[str]] = {"public": set(), "staff": set()}
COMBINATIONS: list[float] = []


def check(page: Any, site: Any, audience: str, problems: list[str]) -> None:
    started = time.perf_counter()
    problems += axe_violations(page)
    COMBINATIONS.append(time.perf_counter() - started)
    CHECKED[audience].add(endpoint_of(site.app, page.url.removeprefix(site.url)))


def visit(page: Any, url: str, status: int = 200) -> None:
    answer = page.goto(url)
    assert answer is not None and answer.status == status, (url, answer and answer.status)


@pytest.mark.parametrize("tag", list(LOCALE_REGISTRY))
def test_every_public_page_has_no_serious_violations(tag, live_site, browser_context):
    """Does every public page, in this language, pass axe with no serious or critical
    violation, including the form with its errors, the receipt and the status page?"""
    facts = demo_facts(live_site.app)
    with live_site.app.app_context():
        limiter.reset()  # each language's check enters one wrong code, of ten allowed
    page = browser_context(bypass_csp=True).new_page()
    problems: list[str] = []
    here = f"{live_site.url}/{tag}"
    for path, status in public_pages(tag, facts):
        visit(page, live_site(path), status)
        check(page, live_site, "public", problems)

    # The story form: empty (its errors shown and linked), then sent (the receipt).
    visit(page, f"{here}/share")
    page.locator("form.story-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    check(page, live_site, "public", problems)
    page.fill("textarea[name=body]", "A short story for the accessibility check.")
    page.check("input[name=attribution][value=anonymous]")
    page.check("input[name=consent_store]")
    page.check("input[name=age_confirm]")
    page.locator("form.story-form button[type=submit]").click()
    page.wait_for_load_state()
    code = page.locator("#claim-code").inner_text()
    check(page, live_site, "public", problems)

    # The claim-code form: a wrong code, then the status page.
    visit(page, f"{here}/my-story")
    page.fill("input[name=code]", "AAAA-BBBB-CCCC")
    page.locator("form.code-form button[type=submit]").click()
    page.wait_for_load_state()
    check(page, live_site, "public", problems)
    page.fill("input[name=code]", code)
    page.locator("form.code-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#withdraw-title").count() == 1
    check(page, live_site, "public", problems)
    assert problems == []


def test_every_staff_page_has_no_serious_violations(live_site, browser_context):
    """Does every staff page (sign-in, queue, review, intake, translations, administration)
    pass axe in English with no serious or critical violation?"""
    facts = demo_facts(live_site.app)
    page = browser_context(bypass_csp=True, locale="en-US").new_page()
    problems: list[str] = []

    def check_staff_page() -> None:
        check(page, live_site, "staff", problems)

    visit(page, live_site("/moderate/login"))
    check_staff_page()
    page.fill("input[name=email]", live_site.admin_email)
    page.fill("input[name=password]", "not the password")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    check_staff_page()

    # The first sign-in enrols the second factor; signing in again only asks for the code.
    sign_in_staff(page, live_site, live_site.admin_email, on_each_page=check_staff_page)
    for path in staff_pages(facts):
        visit(page, live_site(path))
        check_staff_page()
    page.locator("#main form[action$='/logout'] button[type=submit]").click()
    page.wait_for_load_state()
    check_staff_page()
    sign_in_staff(page, live_site, live_site.admin_email, on_each_page=check_staff_page)
    assert page.url.endswith("/moderate/")
    assert problems == []


def test_the_checks_covered_every_page(live_site, coverage_line):
    """Did the checks above reach every page the application serves (so a new page cannot
    escape them)?"""
    if not CHECKED["public"] or not CHECKED["staff"]:
        pytest.skip("runs after the page checks, in the same process")
    assert page_endpoints(live_site.app) - CHECKED["public"] - CHECKED["staff"] == set()
    coverage_line(
        f"axe checked {len(COMBINATIONS)} page × language combinations "
        f"in {sum(COMBINATIONS):.0f} s of axe time"
    )

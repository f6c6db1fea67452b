"""The 503 pages themselves: valid HTML for the Nu HTML Checker, left to right and right to
left, with a form kept or not; no serious accessibility violation for axe; and, in Chromium with
JavaScript off, a story sent during the outage sent again once the database is back."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from outage_support import STORY, TITLE, assert_unavailable, ko, multipart, outage
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from browser_support import axe_violations, needs_sqlite_run, save_screenshot
from conftest import hidden_fields
from fuzzing.values import PNG
from storybank.extensions import db as _db


def unavailable_pages(
    app: Flask, client: Any, staff: Any, opened_form: MultiDict[str, Any]
) -> list[Any]:
    """(label, page) of the 503 pages a person can meet: a story kept in Korean and in Urdu,
    a page that was only read, the sign-in refused, a staff note kept, and the page drawn
    without its layout."""
    from storybank.models import Campaign

    token = hidden_fields(client.get("/moderate/login").get_data(as_text=True))["csrf_token"]
    staff.set_cookie("lang", "ur")
    staff_token = hidden_fields(staff.get("/moderate/intake").get_data(as_text=True))["csrf_token"]
    urdu = opened_form.copy()
    urdu["body"] = "میری بہن نے 2009 میں ہمیں بلایا۔\n\nہم اب بھی انتظار کر رہے ہیں۔"
    urdu["story_language"] = "ur"
    pages = []
    with outage(app):
        for label, response in (
            ("ko story", multipart(client, "/ko/share", opened_form)),
            ("ur story", multipart(client, "/ur/share", urdu)),
            ("en page", client.get("/en/stories?theme=family")),
            (
                "sign-in",
                client.post(
                    "/moderate/login",
                    data={"csrf_token": token, "email": "a@example.org", "password": "x"},
                ),
            ),
            (
                "staff note",
                staff.post("/moderate/bulk", data={"csrf_token": staff_token, "note": "Yes\nno"}),
            ),
        ):
            pages.append((label, assert_unavailable(response)))
        app.template_context_processors[None].append(
            lambda: {"campaigns": _db.session.scalars(select(Campaign)).all()}
        )
        pages.append(("no layout", assert_unavailable(multipart(client, "/ko/share", opened_form))))
    return pages


def test_the_pages_pass_the_nu_html_checker(app, client, staff_client, opened_form, tmp_path):
    """Does the W3C Nu HTML Checker find no error on the 503 pages, left to right and right to
    left, with a form kept, without one, and drawn without the site's layout?"""
    from test_validators import nu_check

    pages = unavailable_pages(app, client, staff_client("moderator"), opened_form)
    files = []
    for number, (_label, html) in enumerate(pages):
        path = tmp_path / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
    errors = nu_check(tmp_path, files)
    assert errors == [], [(pages[int(e["url"][-6])][0], e["message"]) for e in errors]
    [(_label, urdu)] = [page for page in pages if page[0] == "ur story"]
    assert '<html lang="ur" dir="rtl"' in urdu and 'lang="ur" dir="rtl"' in urdu.split("<main")[1]


def fill_story(page: Any, site: Any, locale: str, body: str, tmp_path: Any) -> None:
    """Open the story form in `locale` and fill it in, with a photo, as a storyteller does."""
    photo = tmp_path / "가족.png"
    photo.write_bytes(PNG)
    page.goto(site(f"/{locale}/share"))
    page.fill("textarea[name=body]", body)
    page.check("input[name=attribution][value=anonymous]")
    page.check("input[name=consent_store]")
    page.check("input[name=age_confirm]")
    page.set_input_files("input[name=photo]", str(photo))


def press(page: Any, button: str) -> int:
    """Press a form's button; the status of the page it brings."""
    with page.expect_navigation() as navigation:
        page.locator(button).click()
    return int(navigation.value.status)


@needs_sqlite_run
def test_with_javascript_off_the_story_is_sent_again_after_the_outage(
    live_site, browser_context, tmp_path
):
    """In Chromium with JavaScript off, does a Korean storyteller who sends the form during the
    outage see it kept, choose the photo again, and get the receipt by pressing the button once
    the database is back?"""
    page = browser_context(java_script_enabled=False, locale="ko-KR").new_page()
    fill_story(page, live_site, "ko", STORY, tmp_path)
    with outage(live_site.app):
        assert press(page, "form.story-form button[type=submit]") == 503
    assert page.locator("h1").inner_text() == ko(TITLE)
    assert page.locator("textarea").input_value().replace("\r\n", "\n") == STORY
    save_screenshot(page, "outage-ko")
    page.set_input_files("form.kept-form input[type=file]", str(tmp_path / "가족.png"))
    assert press(page, "form.kept-form button[type=submit]") == 200
    assert page.locator("#claim-code").count() == 1


@needs_sqlite_run
@pytest.mark.parametrize("locale", ["ko", "ur", "en"])
def test_the_page_has_no_serious_accessibility_violations(
    locale, live_site, browser_context, tmp_path
):
    """Does axe find no serious or critical violation on the 503 page with the story kept,
    left to right and right to left?"""
    page = browser_context(bypass_csp=True, locale=locale).new_page()
    body = (
        "میری بہن نے 2009 میں ہمیں بلایا۔\n\nہم اب بھی انتظار کر رہے ہیں۔"
        if locale == "ur"
        else STORY
    )
    fill_story(page, live_site, locale, body, tmp_path)
    with outage(live_site.app):
        assert press(page, "form.story-form button[type=submit]") == 503
    assert axe_violations(page) == []
    save_screenshot(page, f"outage-{locale}-axe")

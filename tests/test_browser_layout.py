"""What a person sees and does in Chromium: the story form completed with the keyboard alone,
pages that reflow at 320 px and at 200 % zoom, and screenshots of the main pages in Korean,
English and Urdu."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from browser_support import ARTIFACTS, needs_sqlite_run, save_screenshot
from storybank.extensions import db

pytestmark = needs_sqlite_run

FOCUS_LIMIT = 200


def published_story(site: Any) -> str:
    from storybank.models import Story, StoryState

    with site.app.app_context():
        public_id = db.session.scalars(
            select(Story.public_id).where(
                Story.state == StoryState.PUBLISHED, Story.story_language == "ko"
            )
        ).first()
        db.session.remove()
    return public_id


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                name: element.getAttribute('name') || '',
                type: element.getAttribute('type') || '',
                value: element.getAttribute('value') || '',
                text: element.textContent.trim(),
                href: element.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                shadow: style.boxShadow !== 'none',
            };
        }"""
    )


def test_the_story_form_can_be_completed_with_the_keyboard_alone(live_site, browser_context):
    """Can someone who uses only a keyboard skip to the form, fill it, tick the consents and
    send it, seeing where the focus is at every step?"""
    page = browser_context().new_page()
    page.goto(live_site("/en/share"))

    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and first["href"] == "#main", first
    assert first["outline"] or first["shadow"]
    page.keyboard.press("Enter")

    typed = {
        "title": "Keys only",
        "body": "I filled in this whole form without a mouse.",
        "shown_name": "",
    }
    ticked = {"consent_store", "consent_publish", "age_confirm"}
    seen: set[str] = set()
    for _ in range(FOCUS_LIMIT):
        page.keyboard.press("Tab")
        field = focused(page)
        assert field["outline"] or field["shadow"], f"no visible focus on {field}"
        name = field["name"]
        if field["tag"] in {"input", "textarea"} and name in typed and name not in seen:
            page.keyboard.type(typed[name])
        elif name == "attribution" and "attribution" not in seen:
            # Arrow keys move through a radio group; "anonymous" is the last choice.
            for _step in range(6):
                if focused(page)["value"] == "anonymous":
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
        elif name in ticked and name not in seen:
            page.keyboard.press("Space")
        elif field["tag"] == "button" and field["type"] == "submit" and seen >= ticked:
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break
        seen.add(name or field["tag"])
    else:
        pytest.fail(f"the send button was not reached in {FOCUS_LIMIT} presses of Tab")
    assert page.locator("#claim-code").is_visible(), page.locator("main").inner_text()


@pytest.mark.parametrize("tag", ["en", "ko", "ur"])
@pytest.mark.parametrize(
    ("width", "scale"), [(320, 1), (640, 2)], ids=["320-px", "200-percent-zoom"]
)
def test_the_form_and_the_story_page_reflow_without_sideways_scrolling(
    tag, width, scale, live_site, browser_context
):
    """At 320 px wide, and at 200 % zoom of a 1280 px window, do the story form and a story page
    fit the width, with nothing to scroll sideways?"""
    context = browser_context(viewport={"width": width, "height": 800}, device_scale_factor=scale)
    page = context.new_page()
    for path in (f"/{tag}/share", f"/{tag}/stories/{published_story(live_site)}", f"/{tag}/"):
        page.goto(live_site(path))
        overflow = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const wide = [...document.querySelectorAll('body *')].filter(element => {
                    const box = element.getBoundingClientRect();
                    return box.width > 0 && (box.right > width + 1 || box.left < -1);
                }).map(element => element.tagName.toLowerCase() +
                    (element.id ? '#' + element.id : '') +
                    (element.className ? '.' + String(element.className).split(' ')[0] : ''));
                return {scroll: document.documentElement.scrollWidth, width, wide};
            }"""
        )
        assert overflow["scroll"] <= overflow["width"], (path, overflow)
        assert overflow["wide"] == [], (path, overflow)


def test_screenshots_of_the_main_pages(live_site, browser_context, coverage_line):
    """Screenshots of home, the story form and a story page in Korean, English and Urdu, for a
    person to look at (the folder is printed)."""
    context = browser_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    story = published_story(live_site)
    written = []
    for tag in ("ko", "en", "ur"):
        for name, path in (("home", "/"), ("form", "/share"), ("story", f"/stories/{story}")):
            answer = page.goto(live_site(f"/{tag}{path}"))
            assert answer is not None and answer.status == 200
            expected_dir = "rtl" if tag == "ur" else "ltr"
            assert page.locator("html").get_attribute("dir") == expected_dir
            written.append(save_screenshot(page, f"{name}-{tag}"))
    assert all(path.stat().st_size > 10_000 for path in written)
    coverage_line(f"screenshots of home, form and story page (ko, en, ur): {ARTIFACTS}")


def test_the_language_switcher_keeps_the_page_and_remembers_the_choice(live_site, browser_context):
    """Does choosing اردو on a Korean story page open the same story in Urdu, right to left,
    and does the site remember the choice for the next visit?"""
    context = browser_context(java_script_enabled=False)
    page = context.new_page()
    story = published_story(live_site)
    page.goto(live_site(f"/ko/stories/{story}?original=1"))
    page.locator(".language-switcher a[lang=ur]").click()
    page.wait_for_load_state()
    assert page.url == live_site(f"/ur/stories/{story}?original=1")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(".story__text").get_attribute("dir") == "ltr"
    assert {cookie["name"]: cookie["value"] for cookie in context.cookies()}["lang"] == "ur"
    page.goto(live_site("/"))
    assert page.url == live_site("/ur/")

"""The whole journey of a story in a real browser, in Korean, with JavaScript turned off: told
through the form, published by a moderator who signs in with a one-time code, found by a reader
through search, and taken back by the storyteller with the claim code."""

from __future__ import annotations

from browser_support import catalog, needs_sqlite_run, save_screenshot, sign_in_staff

pytestmark = needs_sqlite_run

TITLE = "기다림 속의 우리 가족"
BODY = (
    "저는 로스앤젤레스에 사는 예순여덟 살 어머니입니다. 딸 가족을 초청한 지 아홉 해가 "
    "지났습니다.\n\n손녀가 첫걸음을 뗄 때도, 학교에 들어갈 때도 저는 화면으로만 보았어요."
)


def test_a_story_goes_from_the_form_to_readers_and_back_in_korean(live_site, browser_context):
    """Can a Korean storyteller tell a story without JavaScript, see it published, have a reader
    find it by searching 가족, and take it back with the claim code?"""
    ko = catalog("ko")
    storyteller = browser_context(java_script_enabled=False, locale="ko-KR").new_page()

    # The storyteller tells the story through the form.
    storyteller.goto(live_site("/ko/share"))
    assert storyteller.locator("html").get_attribute("lang") == "ko"
    storyteller.fill("input[name=title]", TITLE)
    storyteller.fill("textarea[name=body]", BODY)
    assert storyteller.locator("select[name=story_language]").input_value() == "ko"
    storyteller.check("input[name=attribution][value=pen_name]")
    storyteller.fill("input[name=storyteller_name]", "김순자")
    storyteller.fill("input[name=shown_name]", "엘에이 어머니")
    storyteller.select_option("select[name=region]", "CA")
    storyteller.check("input[name=consent_store]")
    storyteller.check("input[name=consent_publish]")
    storyteller.check("input[name=age_confirm]")
    storyteller.locator("form.story-form button[type=submit]").click()
    storyteller.wait_for_load_state()

    code = storyteller.locator("#claim-code").inner_text().strip()
    assert len(code.replace("-", "")) >= 12
    assert ko.gettext("Your claim code") in storyteller.content()

    # A moderator signs in with a password and a one-time code, and publishes it.
    moderator = browser_context(java_script_enabled=False, locale="ko-KR").new_page()
    sign_in_staff(moderator, live_site, live_site.moderator_email)
    assert moderator.url.endswith("/moderate/")
    moderator.get_by_role("link", name=TITLE).click()
    moderator.wait_for_load_state()
    moderator.locator("form[action$='/claim'] button[type=submit]").click()
    moderator.wait_for_load_state()
    moderator.check("input[name=decision][value=publish]")
    moderator.locator("form[action$='/decision'] button[type=submit]").click()
    moderator.wait_for_load_state()
    assert moderator.locator("[role=status], .flash").first.is_visible()

    # A reader finds it by searching for a two-character Korean word, and reads it.
    reader = browser_context(java_script_enabled=False, locale="ko-KR").new_page()
    reader.goto(live_site("/ko/"))
    reader.get_by_role("link", name=ko.gettext("Search")).first.click()
    reader.fill("input[name=q]", "가족")
    reader.locator("input[name=q]").press("Enter")
    reader.wait_for_load_state()
    reader.get_by_role("link", name=TITLE).click()
    reader.wait_for_load_state()
    story_url = reader.url
    assert reader.locator("h1").inner_text() == TITLE
    assert "화면으로만 보았어요" in reader.locator(".story__text[lang=ko]").inner_text()
    assert "엘에이 어머니" in reader.content()
    assert "김순자" not in reader.content()

    # The storyteller comes back with the code and takes the story back.
    storyteller.goto(live_site("/ko/my-story"))
    storyteller.fill("input[name=code]", code.lower().replace("-", " "))
    storyteller.locator("form[action$='/ko/my-story'] button[type=submit]").click()
    storyteller.wait_for_load_state()
    assert TITLE in storyteller.content()
    storyteller.check("input[name=confirm_withdraw]")
    storyteller.locator("form[action$='/withdraw'] button[type=submit]").click()
    storyteller.wait_for_load_state()
    save_screenshot(storyteller, "journey-ko-withdrawn")

    # Readers' browsers may keep a page for the minute that Cache-Control allows; a reader who
    # comes afterwards (or reloads) finds the story gone.
    reader = browser_context(java_script_enabled=False, locale="ko-KR").new_page()
    gone = reader.goto(story_url)
    assert gone is not None and gone.status == 410
    assert TITLE not in reader.content()
    assert (
        ko.gettext("The person who shared this story has taken it back. We respect their choice.")
        in reader.content()
    )
    reader.goto(live_site("/ko/search?q=%EA%B0%80%EC%A1%B1"))
    assert TITLE not in reader.content()

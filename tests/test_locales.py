"""Locale negotiation, locale URLs, <html lang dir>, and the language switcher."""

from __future__ import annotations

import re

import pytest

from browser_support import catalog
from conftest import story_fields
from storybank.i18n import (
    LOCALE_REGISTRY,
    match_tag,
    negotiate,
    shipped_locales,
)

ALL_TAGS = tuple(LOCALE_REGISTRY)


def test_root_redirects_a_korean_browser_to_korean(client):
    """Does a browser that prefers Korean land on the Korean home page?"""
    response = client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en-US;q=0.8"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/ko/"
    assert "Accept-Language" in response.headers["Vary"]
    page = client.get("/ko/")
    assert page.status_code == 200
    assert '<html lang="ko" dir="ltr">' in page.get_data(as_text=True)


def test_cookie_choice_wins_over_browser_languages(client):
    """Does the visitor's explicit earlier choice beat Accept-Language?"""
    client.set_cookie("lang", "en")
    response = client.get("/", headers={"Accept-Language": "ko"})
    assert response.headers["Location"] == "/en/"


def test_unusable_cookie_falls_back_to_browser_languages(client):
    """Is a cookie naming a language we do not offer ignored?"""
    client.set_cookie("lang", "xx")
    response = client.get("/", headers={"Accept-Language": "ko"})
    assert response.headers["Location"] == "/ko/"


@pytest.mark.parametrize("header", ["", "de-DE,fr;q=0.8", "*"])
def test_default_locale_when_nothing_matches(client, header):
    """Without a cookie or a usable header, is the configured default used?"""
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.headers["Location"] == "/en/"


def test_configured_default_locale(app_factory):
    """Does STORYBANK_DEFAULT_LOCALE choose where visitors without preferences go?"""
    app = app_factory(STORYBANK_DEFAULT_LOCALE="ko")
    response = app.test_client().get("/", headers={"Accept-Language": "de"})
    assert response.headers["Location"] == "/ko/"


def test_quality_values_are_respected(client):
    """Does a higher q-value win even when listed later?"""
    response = client.get("/", headers={"Accept-Language": "en;q=0.3, ko;q=0.9"})
    assert response.headers["Location"] == "/ko/"


@pytest.mark.parametrize("path", ["/xx/", "/KO/", "/de/privacy", "/ko-kr/"])
def test_unknown_locale_is_not_found(client, path):
    """Is a locale segment we do not offer answered with 404?"""
    assert client.get(path).status_code == 404


def test_disabled_locale_is_not_found(app_factory):
    """Is a shipped locale left out of STORYBANK_LOCALES unreachable?"""
    app = app_factory(STORYBANK_LOCALES="en")
    client = app.test_client()
    assert client.get("/ko/").status_code == 404
    assert client.get("/", headers={"Accept-Language": "ko"}).headers["Location"] == "/en/"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ko-KR", "ko"),
        ("KO", "ko"),
        ("tl", "tl"),
        ("fil", "tl"),
        ("fil-PH", "tl"),
        ("zh-TW", "zh-hant"),
        ("zh-HK", "zh-hant"),
        ("zh-MO", "zh-hant"),
        ("zh-Hant-TW", "zh-hant"),
        ("zh-CN", "zh-hans"),
        ("zh-Hans", "zh-hans"),
        ("zh", "zh-hans"),
        ("es-MX", "es"),
        ("ur-PK", "ur"),
        ("de", None),
        ("*", None),
        ("", None),
    ],
)
def test_explicit_tag_mappings(tag, expected):
    """Do browser tags reach the right catalog (tl → fil, zh-TW/HK/MO → Traditional)?"""
    assert match_tag(tag, ALL_TAGS) == expected


def test_negotiation_skips_refused_languages():
    """Is a language with q=0 never chosen?"""
    assert negotiate([("ko", 0.0), ("en", 0.5)], ("en", "ko")) == "en"


def test_registry_knows_the_twelve_languages_and_directions():
    """Does the registry hold the goal set, with Urdu right-to-left and the rest left-to-right?"""
    assert set(ALL_TAGS) == {
        "en",
        "ko",
        "es",
        "zh-hans",
        "zh-hant",
        "vi",
        "tl",
        "ja",
        "hi",
        "th",
        "km",
        "ur",
    }
    assert LOCALE_REGISTRY["ur"].direction == "rtl"
    assert {LOCALE_REGISTRY[t].direction for t in ALL_TAGS if t != "ur"} == {"ltr"}
    assert LOCALE_REGISTRY["tl"].catalog == "fil"
    assert LOCALE_REGISTRY["zh-hant"].catalog == "zh_Hant"
    assert {"en", "ko"} <= set(shipped_locales())


def test_switcher_names_each_language_in_itself_and_keeps_the_page(client):
    """Does the switcher list 한국어 and English, each pointing at this same page?"""
    html = client.get("/en/privacy").get_data(as_text=True)
    assert re.search(
        r'<a href="/language/ko\?next=/ko/privacy" lang="ko" hreflang="ko">한국어</a>', html
    )
    assert re.search(
        r'<a href="/language/en\?next=/en/privacy" lang="en" aria-current="true">English</a>', html
    )


def test_choosing_a_language_remembers_it(client):
    """Does following the switcher set the `lang` cookie and land on the same page?"""
    response = client.get("/language/ko?next=/ko/privacy")
    assert response.status_code == 303
    assert response.headers["Location"] == "/ko/privacy"
    cookie = client.get_cookie("lang")
    assert cookie is not None and cookie.value == "ko"
    assert cookie.http_only
    assert client.get("/").headers["Location"] == "/ko/"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/ko/", "/en/privacy", "ko/", "/\\evil"]
)
def test_choosing_a_language_never_redirects_elsewhere(client, target):
    """Is `next` only followed to a page of the chosen language on this site?"""
    response = client.get("/language/ko", query_string={"next": target})
    assert response.headers["Location"] == "/ko/"


def test_choosing_an_unknown_language_is_not_found(client):
    assert client.get("/language/xx?next=/xx/").status_code == 404


def test_korean_page_is_translated(client):
    """Is the Korean home page in Korean, with no English interface text left?"""
    html = client.get("/ko/").get_data(as_text=True)
    assert "본문으로 바로 가기" in html
    assert "최근 이야기" in html
    assert "Latest stories" not in html
    assert "Skip to main content" not in html


@pytest.mark.parametrize(
    ("tag", "expected"), [("en", "Family, Work, and Housing"), ("ja", "Family、Work、Housing")]
)
def test_lists_are_joined_the_way_each_language_joins_them(app, tag, expected):
    """Are several items written as one phrase by the language's own rules?"""
    from flask_babel import force_locale

    from storybank.i18n import LOCALE_REGISTRY, format_items

    with app.test_request_context(), force_locale(LOCALE_REGISTRY[tag].catalog):
        assert format_items(["Family", "Work", "Housing"]) == expected


def test_urdu_pages_are_right_to_left_with_codes_and_other_scripts_kept_apart(
    client, share, make_story
):
    """On Urdu pages, is the page right to left, while the claim code, links and a Korean
    story keep their own left-to-right direction?"""
    story = make_story(state="published", language="ko", title="기다림", body="가족을 기다립니다.")
    page = client.get(f"/ur/stories/{story.public_id}").get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in page
    assert '<h1 id="story-title" lang="ko" dir="ltr">기다림</h1>' in page
    assert '<div class="story__text" lang="ko" dir="ltr">' in page
    assert re.search(r'<input[^>]*id="story-link"[^>]*dir="ltr"', page)

    receipt = share("ur", story_fields()).get_data(as_text=True)
    assert '<html lang="ur" dir="rtl">' in receipt
    assert re.search(r'id="claim-code" dir="ltr" translate="no">[0-9A-Z-]+<', receipt)
    assert catalog("ur").gettext("Your claim code") in receipt

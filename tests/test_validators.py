"""The real validators: the W3C Nu HTML Checker over every page the pseudo-locale check reaches,
the sitemaps.org schema (with the xhtml:link alternates) over the sitemap, and the language of
every piece of text a storyteller typed (WCAG 3.1.2, language of parts)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pyotp
import pytest
from sqlalchemy import select

from conftest import (
    STAFF_PASSWORD,
    claim_code_in,
    form_token,
    forms_in,
    hidden_fields,
    story_fields,
)
from site_pages import demo_facts, endpoint_of, page_endpoints, public_pages, staff_pages
from storybank.extensions import db
from storybank.i18n import LOCALE_REGISTRY, text_direction

HERE = Path(__file__).parent
VNU_JAR = HERE / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCHEMAS = HERE / "schemas"
# Left to right, a script of its own, and right to left; the staff area in two directions.
PUBLIC_LANGUAGES = ("en", "ko", "ur")
STAFF_LANGUAGES = ("en", "ur")

# What a storyteller types in the journey: always in another language than the page's, so that
# text left without its own `lang` shows (each value unique to its story).
TYPED = {
    "en": story_fields(
        story_language="ko",
        title="기다림의 여덟 해",
        body="언니가 2009년에 우리를 초청했습니다.\n\n우리는 아직도 기다리고 있습니다.",
        storyteller_name="김은진",
        shown_name="은진",
        city="나일스",
        consent_contact="y",
        contact_email="eunjin@example.org",
    ),
    "ko": story_fields(
        title="Eight years of waiting",
        body="My sister filed for us in 2009.\n\nWe are still waiting.",
        storyteller_name="Kim Eun-jin",
        shown_name="Eun Jin",
        city="Skokie",
    ),
    "ur": story_fields(
        story_language="es",
        title="Ocho años de espera",
        body="Mi hermana nos pidió en 2009.\n\nTodavía esperamos.",
        attribution="pen_name",
        storyteller_name="Rosa Elena Martínez",
        shown_name="La abuela de Pilsen",
        city="Cicero",
    ),
}
# A story a staff member records on a storyteller's behalf (assisted intake).
TYPED_AT_INTAKE = story_fields(
    story_language="vi",
    title="Tám năm chờ đợi",
    body="Chị tôi bảo lãnh cho chúng tôi năm 2009.\n\nChúng tôi vẫn đang chờ.",
    storyteller_name="Nguyễn Thị Lan",
    shown_name="Cô Lan ở Westminster",
    attribution="pen_name",
    city="Westminster",
    region="CA",
)


@dataclass
class Journey:
    """Pages rendered through the test client, as the pseudo-locale check reaches them: every
    address of site_pages, forms with their errors, the receipt, the status page with its
    forms, error pages and the staff area."""

    client: Any
    pages: list[tuple[str, str]] = field(default_factory=list)
    endpoints: set[str] = field(default_factory=set)

    def keep(self, answer: Any, label: str, status: int) -> str:
        assert answer.status_code == status, (label, answer.status_code)
        html = answer.get_data(as_text=True)
        self.pages.append((label, html))
        return html

    def get(self, path: str, status: int = 200) -> str:
        self.endpoints.add(endpoint_of(self.client.application, path))
        return self.keep(self.client.get(path), path, status)

    def post(self, path: str, data: dict[str, Any], status: int = 400, label: str = "") -> str:
        answer = self.client.post(path, data=data, content_type="multipart/form-data")
        return self.keep(answer, label or f"POST {path}", status)


def ask_a_question(code: str, moderator: Any) -> None:
    """A moderator sends the storyteller a question, so the status page shows its answer form."""
    from storybank.services import decisions, moderation, storyteller

    db.session.rollback()
    story = storyteller.find_by_code(code)
    moderation.claim(story, moderator, seen_holder_id=None)
    decisions.decide(story, moderator, "request_changes", "Which year did you arrive?")
    db.session.commit()


def storyteller_pages(journey: Journey, tag: str, moderator: Any) -> int:
    """The storyteller's side in `tag`: the form refused, the receipt, a wrong code, the status
    page before and after a question, each follow-up form refused. Returns the story's id."""
    from storybank.services import storyteller

    here = f"/{tag}"
    html = journey.post(f"{here}/share", hidden_fields(journey.get(f"{here}/share")), label="")
    assert "error-summary" in html
    fields = {**hidden_fields(html), **TYPED[tag]}
    receipt = journey.post(f"{here}/share", fields, status=200, label=f"{here} receipt")
    code = claim_code_in(receipt)

    token = form_token(journey.client, f"{here}/my-story")
    journey.post(f"{here}/my-story", {"csrf_token": token, "code": "AAAA-BBBB-CCCC-DDDD"})
    journey.post(f"{here}/my-story", {"csrf_token": token, "code": code}, 200, f"{here} status")
    ask_a_question(code, moderator)
    status_page = journey.post(
        f"{here}/my-story", {"csrf_token": token, "code": code}, 200, f"{here} status, question"
    )
    [(_form, answer_fields)] = forms_in(status_page, f"{here}/my-story/answer")
    journey.post(f"{here}/my-story/answer", answer_fields, label=f"{here} answer refused")
    [(_form, withdraw_fields)] = forms_in(status_page, f"{here}/my-story/withdraw")
    journey.post(f"{here}/my-story/withdraw", withdraw_fields, label=f"{here} withdrawal refused")
    [(_form, consent_fields)] = forms_in(status_page, f"{here}/my-story/consent")
    journey.post(f"{here}/my-story/consent", consent_fields, 200, label=f"{here} consent narrowed")

    # Error pages the visitor can meet.
    journey.post(f"{here}/share", {}, label=f"{here} expired form")
    journey.post(f"{here}/consent", {}, status=405, label=f"{here} wrong method")
    db.session.rollback()
    return storyteller.find_by_code(code).id


def staff_area(journey: Journey, tag: str, facts: dict[str, Any], told: list[int]) -> None:
    """Every staff page, signed in as a new administrator who chose language `tag`."""
    from storybank.models import Role
    from storybank.services.accounts import create_staff_user

    client = journey.client
    client.set_cookie("lang", tag)
    email = f"validator-{tag}@example.org"
    create_staff_user(email, Role.ADMIN, STAFF_PASSWORD)
    db.session.commit()
    login = journey.get("/moderate/login")
    journey.post(
        "/moderate/login",
        {**hidden_fields(login), "email": "nobody@example.org", "password": "wrong"},
        label=f"{tag} sign-in refused",
    )
    credentials = {"email": email, "password": STAFF_PASSWORD}
    answer = client.post("/moderate/login", data={**hidden_fields(login), **credentials})
    assert answer.status_code == 303
    enrol = journey.get("/moderate/login/enrol")
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', enrol)[1]
    answer = client.post(
        "/moderate/login/enrol", data={**hidden_fields(enrol), "totp": pyotp.TOTP(secret).now()}
    )
    assert answer.status_code == 303
    for path in staff_pages(facts):
        journey.get(path)
    intake = journey.get("/moderate/intake?lang=vi")
    [(_form, intake_fields)] = [
        form for form in forms_in(intake, "/moderate/intake") if "submission_key" in form[1]
    ]
    journey.post(
        "/moderate/intake?lang=vi",
        {**intake_fields, **TYPED_AT_INTAKE},
        status=200,
        label=f"{tag} intake receipt",
    )
    for story_id in told:
        journey.get(f"/moderate/stories/{story_id}")
    journey.get("/moderate/admin/themes/999999", 404)
    journey.post(
        "/moderate/account/password",
        hidden_fields(journey.get("/moderate/account/password")),
        label=f"{tag} password form errors",
    )
    logout = client.get("/moderate/logout").get_data(as_text=True)
    client.post("/moderate/logout", data=hidden_fields(logout))
    login = journey.get("/moderate/login")
    answer = client.post("/moderate/login", data={**hidden_fields(login), **credentials})
    assert answer.status_code == 303
    journey.get("/moderate/login/code")


@pytest.fixture
def journey(app, client, moderator):
    """Every page of every audience, over the demo content and one story told per language."""
    from storybank.services import demo

    demo.seed()
    db.session.commit()
    facts = demo_facts(app)
    journey = Journey(client)
    told = []
    for tag in PUBLIC_LANGUAGES:
        told.append(storyteller_pages(journey, tag, moderator))
        for path, status in public_pages(tag, facts):
            journey.get(path, status)
    for tag in STAFF_LANGUAGES:
        journey.client = app.test_client()  # signed out, with no language chosen yet
        staff_area(journey, tag, facts, told)
    assert page_endpoints(app) <= journey.endpoints, page_endpoints(app) - journey.endpoints
    return journey


# ---------------------------------------------------------------------------------------------
# The Nu HTML Checker


def nu_check(directory: Path, files: list[Path]) -> list[dict[str, Any]]:
    """The checker's errors over all `files`, in one run of the checker (its start is slow)."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("the Nu HTML Checker needs java and vnu.jar: `make browser-deps` installs them")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=directory,
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return [
        message
        for message in json.loads(result.stdout)["messages"]
        if message.get("type") == "error" or message.get("subType") == "fatal"
    ]


def test_every_page_passes_the_nu_html_checker(journey, tmp_path, coverage_line):
    """Does the W3C Nu HTML Checker find no error on any page, public or staff, left to right
    and right to left, with forms refused, the receipt and the status page included?"""
    files, labels = [], {}
    for number, (label, html) in enumerate(journey.pages):
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files.append(path)
        labels[path.name] = label
    errors = nu_check(tmp_path, files)
    report = [
        f"{labels.get(message.get('url', '').rsplit('/', 1)[-1])}:{message.get('lastLine', '?')}: "
        f"{message['message']} [{message.get('extract', '').strip()[:160]}]"
        for message in errors
    ]
    coverage_line(f"Nu HTML Checker: {len(files)} pages checked, {len(errors)} errors")
    assert report == [], "\n".join(report)


# ---------------------------------------------------------------------------------------------
# The sitemap against the sitemaps.org schema, with the xhtml:link alternates

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_NS = "{http://www.w3.org/1999/xhtml}"


def schema(name: str) -> lxml.etree.XMLSchema:
    """A schema of tests/schemas (parsed from its file, so that its imports are found)."""
    return lxml.etree.XMLSchema(lxml.etree.parse(str(SCHEMAS / name)))


def valid_xml(client: Any, path: str, against: lxml.etree.XMLSchema) -> Any:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    document = lxml.etree.fromstring(response.data)
    assert against.validate(document), f"{path}: {against.error_log}"
    return document


def test_the_sitemap_is_valid_with_its_alternates(client, make_story, moderator):
    """Is /sitemap.xml valid against the sitemaps.org 0.9 schema and the xhtml:link schema, with
    every address listing itself among its alternates and an x-default?"""
    from conftest import add_translation

    story = make_story(state="published", language="ko", title="기다림", body="기다렸습니다.")
    add_translation(story, moderator, "en", "Waiting", "We waited.")
    make_story(state="published", language="ur", title="انتظار", body="ہم نے انتظار کیا۔")
    root = valid_xml(client, "/sitemap.xml", schema("sitemap.xsd"))
    urls = root.findall(f"{SITEMAP_NS}url")
    assert 0 < len(urls) <= 50_000
    for url in urls:
        location = url.findtext(f"{SITEMAP_NS}loc")
        links = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML_NS}link")}
        assert location in links.values() and "x-default" in links, location


def test_a_sitemap_index_and_its_parts_are_valid(client, make_story, monkeypatch):
    """On a large site, are the index and each of its parts valid against their schemas?"""
    from storybank import discovery

    monkeypatch.setattr(discovery, "URLS_PER_SITEMAP", 36)
    for _ in range(5):
        make_story(state="published")
    index = valid_xml(client, "/sitemap.xml", schema("siteindex.xsd"))
    parts = [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]
    assert len(parts) > 1
    urlset = schema("sitemap.xsd")
    for part in parts:
        valid_xml(client, part.removeprefix("http://localhost"), urlset)


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("<loc>http://localhost/en/</loc><lastmod>2026-11-21T04:24:33Z</lastmod>", True),
        (
            "<loc>http://localhost/en/</loc><xhtml:link rel='alternate' hreflang='zh-Hant' "
            "href='http://localhost/zh-hant/'/>",
            True,
        ),
        ("<loc>http://localhost/en/</loc><lastmod>yesterday</lastmod>", False),
        ("<loc>/en/</loc>", False),
        (
            "<loc>http://localhost/en/</loc><xhtml:link rel='alternate' href='http://localhost/'/>",
            False,
        ),
        (
            "<loc>http://localhost/en/</loc><xhtml:link rel='next' hreflang='ko' "
            "href='http://localhost/ko/'/>",
            False,
        ),
        ("<loc>http://localhost/en/</loc><other:thing xmlns:other='urn:x'/>", False),
    ],
)
def test_the_sitemap_schema_refuses_what_the_protocol_does_not_allow(url, valid):
    """Does the schema take a proper address, and refuse a bad date, a relative address, an
    alternate without its language or of another kind, and an extension it has no schema for?"""
    document = lxml.etree.fromstring(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url>{url}</url></urlset>'
    )
    assert schema("sitemap.xsd").validate(document) is valid


# ---------------------------------------------------------------------------------------------
# Language of parts (WCAG 3.1.2): what a storyteller typed carries its own lang and dir

ELLIPSIS = "…"
# A piece of a longer text is recognised from this many characters on (shorter ones could be
# interface words that happen to occur in a story).
PIECE_MIN = 8


def html_lang(tag: str) -> str:
    info = LOCALE_REGISTRY.get(tag)
    return info.html_lang if info else tag


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class TypedText:
    """Everything storytellers typed, with the language it is in: names, cities, titles and
    texts, of every story and translation in the database."""

    whole: dict[str, set[str]] = field(default_factory=dict)  # shown whole: names, titles
    long: dict[str, set[str]] = field(default_factory=dict)  # shown in pieces: story texts
    # Interface text that a storyteller may type too (a city called like its state).
    interface: set[str] = field(default_factory=set)

    def add(self, text: str | None, language: str, *, long: bool = False) -> None:
        value = flat(text)
        if value:
            self.whole.setdefault(value, set()).add(language)
            if long:
                self.long.setdefault(value, set()).add(language)

    def languages_of(self, text: str) -> set[str] | None:
        """The languages `text` may be in if a storyteller typed it (whole, a piece of a story,
        or an excerpt cut with an ellipsis); None for any other text."""
        value = flat(text)
        if value in self.interface:
            return None
        if value in self.whole:
            return self.whole[value]
        piece = value.strip(ELLIPSIS + ". ")
        if len(piece) < PIECE_MIN:
            return None
        found = {tag for story, tags in self.long.items() if piece in story for tag in tags}
        return found or None


def typed_text() -> TypedText:
    from flask_babel import force_locale

    from storybank.models import ConsentRecord, MessageAuthor, Story
    from storybank.regions import US_REGIONS, region_name

    db.session.rollback()
    typed = TypedText()
    for tag in PUBLIC_LANGUAGES:
        with force_locale(LOCALE_REGISTRY[tag].catalog):
            typed.interface.update(flat(region_name(code)) for code in US_REGIONS)
    for story in db.session.scalars(select(Story)):
        language = story.story_language
        typed.add(story.title, language)
        typed.add(story.city, language)
        typed.add(story.storyteller_name, language)
        typed.add(story.original_text, language, long=True)
        for revision in story.revisions:
            typed.add(revision.title, language)
            typed.add(revision.text, language, long=True)
        for message in story.messages:
            if message.author is MessageAuthor.STORYTELLER:
                typed.add(message.body, language, long=True)
        for translation in story.translations:
            typed.add(translation.title, translation.language)
            typed.add(translation.text, translation.language, long=True)
    for record in db.session.scalars(select(ConsentRecord)):
        typed.add(record.shown_name, record.story.story_language)
    return typed


def text_nodes(body: Any) -> Any:
    """Each piece of text of a page's body with the element it belongs to; input values too."""
    for element in body.iter(lxml.etree.Element):
        if element.text:
            yield element, element.text
        for child in element:
            if child.tail:
                yield element, child.tail
        if element.tag == "input" and element.get("type") in (None, "text", "search"):
            yield element, element.get("value")


def unmarked_parts(html: str, typed: TypedText) -> tuple[int, list[str]]:
    """How many pieces of typed text a page shows, and those whose nearest `lang` is not their
    own, or whose `dir` is missing or wrong (form fields may say `auto`: what is typed there
    decides)."""
    page = lxml.html.document_fromstring(html)
    checked, problems = 0, []
    for element, text in text_nodes(page.body):
        languages = typed.languages_of(text or "")
        if languages is None:
            continue
        checked += 1
        holder = next((node for node in element.iterancestors() if "lang" in node.attrib), None)
        if "lang" in element.attrib:
            holder = element
        expected = {html_lang(tag) for tag in languages}
        directions = {text_direction(tag) for tag in languages}
        if element.tag in ("input", "textarea"):
            directions.add("auto")
        where = f"<{element.tag} class={element.get('class')!r}> {flat(text)[:60]!r}"
        if holder is None or holder.get("lang") not in expected:
            found = holder.get("lang") if holder is not None else None
            problems.append(f"{where}: lang {found!r}, not {sorted(expected)}")
        elif holder.tag != "html" and holder.get("dir") not in directions:
            problems.append(f"{where}: dir {holder.get('dir')!r}, not {sorted(directions)}")
    return checked, problems


def test_what_storytellers_typed_carries_its_own_language(journey, coverage_line):
    """Does every name, city, title and story text a storyteller typed carry the story's `lang`
    and `dir` on every page that shows it, public or staff, whatever the page's language?"""
    typed = typed_text()
    checked: dict[str, int] = {}
    problems = []
    for label, html in journey.pages:
        checked[label], found = unmarked_parts(html, typed)
        problems += [f"{label}: {problem}" for problem in found]
    assert problems == [], "\n".join(sorted(set(problems)))
    # The check saw the typed text where it must be: the receipt and status page (title, name,
    # text), the stories' review pages (city too), and the readers' pages of the demo stories.
    for tag in PUBLIC_LANGUAGES:
        assert checked[f"/{tag} receipt"] >= 1 and checked[f"/{tag} status, question"] >= 3
        assert checked[f"/{tag}/stories"] >= 10 and checked[f"/{tag}/"] >= 6
    assert checked["en intake receipt"] >= 1
    coverage_line(
        f"language of parts: {sum(checked.values())} pieces of typed text on "
        f"{sum(1 for count in checked.values() if count)} pages, each with its lang and dir"
    )


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<p>By <bdi lang="ko" dir="ltr">은진</bdi></p>', None),
        ("<p>By <bdi>은진</bdi></p>", "lang 'en'"),
        ('<p lang="ko">By <bdi>은진</bdi></p>', "dir None"),
        ('<div lang="ko" dir="ltr"><p>언니가 2009년에 우리를 초청했습니다.</p></div>', None),
        ('<p class="excerpt">언니가 2009년에 우리를 초청했…</p>', "lang 'en'"),
        ('<input value="은진" lang="ko" dir="auto">', None),
        ('<p lang="ko" dir="rtl">은진</p>', "dir 'rtl'"),
    ],
)
def test_the_language_check_finds_unmarked_text(html, problem):
    """Does the check flag typed text without its language or direction, and only that?"""
    typed = TypedText()
    typed.add("은진", "ko")
    typed.add(
        "언니가 2009년에 우리를 초청했습니다.\n\n우리는 아직도 기다리고 있습니다.", "ko", long=True
    )
    _checked, found = unmarked_parts(f'<html lang="en" dir="ltr"><body>{html}</body></html>', typed)
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found

"""Pseudo-localisation: every interface string is accented, lengthened and bracketed in a
generated catalog, every page of every audience is rendered in it, and any visible text that is
not bracketed is a string someone forgot to mark for translation."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pyotp
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import select

from conftest import STAFF_PASSWORD, form_token, forms_in, hidden_fields, story_fields
from site_pages import demo_facts, endpoint_of, page_endpoints, public_pages, staff_pages
from storybank.catalogs import TEMPLATE
from storybank.extensions import db
from storybank.i18n import LOCALE_REGISTRY, LocaleInfo

PSEUDO = LocaleInfo("qps-ploc", "en_001", "Pseudo")
OPEN, CLOSE = "⟦", "⟧"
ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ",
        strict=True,
    )
)
# Placeholders, markup and entities keep their exact form; only the words around them change.
PROTECTED = re.compile(r"%\(\w+\)[sd]|%[sd%]|\{\w*\}|<[^>]+>|&\w+;|&#\d+;")
# A window title holds story titles and the organisation's name, and cannot mark their language;
# its interface words are those of the page's heading, which is checked.
EXEMPT_TAGS = frozenset({"script", "style", "code", "kbd", "textarea", "title"})
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
CHECKED_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
WORD = re.compile(r"[^\W\d_]+")


def pseudo(text: str) -> str:
    """Accent every letter outside placeholders and markup, lengthen by about a third, and
    bracket the whole string, so that untranslated text stands out."""
    pieces, position = [], 0
    for match in PROTECTED.finditer(text):
        pieces.append("".join(ACCENTED.get(ch, ch) for ch in text[position : match.start()]))
        pieces.append(match.group())
        position = match.end()
    pieces.append("".join(ACCENTED.get(ch, ch) for ch in text[position:]))
    padding = "~" * max(1, len(WORD.findall(text)) // 3)
    return f"{OPEN}{''.join(pieces)} {padding}{CLOSE}"


def write_pseudo_catalog(directory: Path) -> None:
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=PSEUDO.catalog)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string: Any = tuple(pseudo(form) for form in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, context=message.context)
    target = directory / PSEUDO.catalog / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


def locale_data_words() -> set[str]:
    """Words that Babel's locale data supplies for the pseudo-locale's formatting: month and day
    names, times of day, the words that join lists, and the names of languages and
    territories."""
    locale = Locale.parse(PSEUDO.catalog)
    words: set[str] = set()
    names: list[str] = list(locale.languages.values()) + list(locale.territories.values())
    for widths in locale.day_periods["format"].values():
        names += widths.values()
    names += locale.list_patterns["standard"].values()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names += locale.months[context][width].values()
            names += locale.days[context][width].values()
    for name in names:
        words.update(WORD.findall(name))
    return words


class UntranslatedText(HTMLParser):
    """Visible text and labelling attributes that are neither bracketed nor exempt (content in
    its own language, `translate="no"`, code, the user's own text). The text of a page is read
    as a whole, so a sentence that holds a link or a name is still one bracketed string."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.stack: list[bool] = []  # whether each open element is exempt
        self.text: list[str] = []
        self.found: list[str] = []

    def exempt(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        exempt = (
            tag in EXEMPT_TAGS
            or attributes.get("translate") == "no"
            or (tag != "html" and "lang" in attributes)
        )
        if not (exempt or self.exempt()):
            for name in CHECKED_ATTRIBUTES:
                self.check(attributes.get(name), f"<{tag} {name}>")
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.check(attributes.get("value"), "<input value>")
        if tag not in VOID_TAGS:
            self.stack.append(exempt)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(" " if self.exempt() else data)

    def close(self) -> None:
        super().close()
        self.check("".join(self.text), "text")

    def check(self, text: str | None, where: str) -> None:
        if not text:
            return
        remaining = " ".join(text.split())
        while INNERMOST.search(remaining):
            remaining = INNERMOST.sub(" ", remaining)
        for match in WORD.finditer(remaining):
            if match.group() not in self.allowed:
                context = remaining[max(0, match.start() - 40) : match.end() + 40]
                self.found.append(f"{where}: {match.group()!r} in {context!r}")


@pytest.fixture
def pseudo_app(app, tmp_path, monkeypatch):
    """The application with a pseudo-locale beside the shipped ones, and the demo content with
    its organisation texts (themes, campaign, consent) also in the pseudo-locale."""
    from storybank.models import CampaignText, ConsentText, ThemeName
    from storybank.services import demo

    write_pseudo_catalog(tmp_path)
    monkeypatch.setitem(LOCALE_REGISTRY, PSEUDO.tag, PSEUDO)
    monkeypatch.setitem(
        app.config, "STORYBANK_LOCALES", (*app.config["STORYBANK_LOCALES"], PSEUDO.tag)
    )
    app.extensions["babel"].translation_directories.append(str(tmp_path))
    demo.seed()
    for name in db.session.scalars(select(ThemeName).where(ThemeName.locale == "en")).all():
        db.session.add(ThemeName(theme=name.theme, locale=PSEUDO.tag, name=pseudo(name.name)))
    for text in db.session.scalars(select(CampaignText).where(CampaignText.locale == "en")).all():
        db.session.add(
            CampaignText(
                campaign=text.campaign,
                locale=PSEUDO.tag,
                name=pseudo(text.name),
                prompt=pseudo(text.prompt),
            )
        )
    english = db.session.scalars(select(ConsentText).where(ConsentText.language == "en")).first()
    db.session.add(
        ConsentText(
            version=english.version,
            language=PSEUDO.tag,
            body="\n\n".join(pseudo(part) for part in english.body.split("\n\n")),
            effective_from=english.effective_from,
        )
    )
    db.session.commit()
    return app


class Pages:
    """Renders pages through the test client and gathers any text left untranslated."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.allowed = locale_data_words()
        self.problems: list[str] = []
        self.count = 0
        self.endpoints: set[str] = set()

    def check(self, answer: Any, label: str) -> str:
        html = answer.get_data(as_text=True)
        parser = UntranslatedText(self.allowed)
        parser.feed(html)
        parser.close()
        self.problems += [f"{label}: {line}" for line in parser.found]
        self.count += 1
        return html

    def get(self, path: str, status: int = 200) -> str:
        answer = self.client.get(path)
        assert answer.status_code == status, (path, answer.status_code)
        self.endpoints.add(endpoint_of(self.client.application, path))
        return self.check(answer, path)

    def post(self, path: str, data: dict[str, Any], status: int = 400, label: str = "") -> str:
        """Send a form (by default one the page refuses, to show its messages)."""
        answer = self.client.post(path, data=data, content_type="multipart/form-data")
        assert answer.status_code == status, (path, answer.status_code)
        return self.check(answer, label or f"POST {path}")


def test_every_page_is_translated_in_the_pseudo_locale(pseudo_app, client, coverage_line):
    """Is every visible string on every page, for storytellers, readers and staff, including
    form errors, the receipt and error pages, marked for translation?"""
    from storybank.models import Role
    from storybank.services.accounts import create_staff_user

    tag = PSEUDO.tag
    facts = demo_facts(pseudo_app)
    pages = Pages(client)

    for path, status in public_pages(tag, facts):
        pages.get(path, status)

    # The story form with its errors, the receipt, and the receipt as a file.
    html = pages.post(
        f"/{tag}/share", hidden_fields(pages.get(f"/{tag}/share")), label="form errors"
    )
    assert "error-summary" in html
    fields = {**hidden_fields(html), **story_fields()}
    receipt = pages.post(f"/{tag}/share", fields, status=200, label="receipt")
    code = re.search(r'id="claim-code"[^>]*>([^<]+)<', receipt)[1].strip()
    [(_form, receipt_fields)] = forms_in(receipt, f"/{tag}/my-story/receipt")
    download = client.post(f"/{tag}/my-story/receipt", data=receipt_fields)
    assert download.status_code == 200, download.get_data(as_text=True)[-3000:]
    # The receipt file is plain text: what the storyteller typed and the fingerprint are theirs.
    receipt_text = download.get_data(as_text=True).replace(code, "")
    receipt_text = receipt_text.replace(pseudo_app.config["STORYBANK_ORGANISATION"].name, "")
    for typed in story_fields().values():
        receipt_text = receipt_text.replace(typed, "")
    parser = UntranslatedText(pages.allowed)
    # Tick marks and the name of the checksum are symbols, the same in every language.
    receipt_text = re.sub(r"\[x\]|SHA-256|\b[0-9a-f]{64}\b", "", receipt_text)
    parser.check(receipt_text, "receipt file")
    pages.problems += parser.found

    # The claim-code form: a wrong code, then the status page and its refusals.
    token = form_token(client, f"/{tag}/my-story")
    pages.post(f"/{tag}/my-story", {"csrf_token": token, "code": "AAAA-BBBB-CCCC"})
    status_page = pages.post(f"/{tag}/my-story", {"csrf_token": token, "code": code}, status=200)
    pages.post(
        f"/{tag}/my-story/withdraw", hidden_fields(status_page), label="withdrawal not confirmed"
    )

    # Error pages the visitor can meet.
    pages.post(f"/{tag}/share", {}, status=400, label="expired form")
    pages.post(f"/{tag}/consent", {}, status=405, label="wrong method")

    # Staff pages, in the language the staff member chose.
    client.set_cookie("lang", tag)
    create_staff_user("pseudo-admin@example.org", Role.ADMIN, STAFF_PASSWORD)
    db.session.commit()
    login = pages.get("/moderate/login")
    pages.post(
        "/moderate/login",
        {**hidden_fields(login), "email": "nobody@example.org", "password": "wrong"},
        label="sign-in refused",
    )
    answer = client.post(
        "/moderate/login",
        data={
            **hidden_fields(login),
            "email": "pseudo-admin@example.org",
            "password": STAFF_PASSWORD,
        },
    )
    assert answer.status_code == 303
    enrol = pages.get("/moderate/login/enrol")
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', enrol)[1]
    answer = client.post(
        "/moderate/login/enrol",
        data={**hidden_fields(enrol), "totp": pyotp.TOTP(secret).now()},
    )
    assert answer.status_code == 303
    for path in staff_pages(facts):
        pages.get(path)
    pages.get("/moderate/admin/themes/999999", 404)
    pages.post(
        "/moderate/account/password",
        hidden_fields(pages.get("/moderate/account/password")),
        label="password form errors",
    )

    # Signed out, then in again: the page that asks for the code.
    logout = client.get("/moderate/logout").get_data(as_text=True)
    client.post("/moderate/logout", data=hidden_fields(logout))
    login = pages.get("/moderate/login")
    credentials = {"email": "pseudo-admin@example.org", "password": STAFF_PASSWORD}
    assert (
        client.post("/moderate/login", data={**hidden_fields(login), **credentials}).status_code
        == 303
    )
    pages.get("/moderate/login/code")
    assert page_endpoints(pseudo_app) <= pages.endpoints
    assert pages.problems == [], "\n".join(pages.problems)
    coverage_line(f"pseudo-locale: {pages.count} pages rendered, no untranslated text")


@pytest.mark.parametrize(
    ("html", "untranslated"),
    [
        ("<p>⟦Ħḗŀŀǿ ~⟧</p>", False),
        ("<p>⟦Ɓẏ <bdi translate='no'>Eun Jin</bdi> ~⟧</p>", False),
        ("<p>⟦Ŧḗẋŧ ~⟧ <a href='#'>⟦ŀīƞķ ~⟧</a> 12 November 2026</p>", False),
        ("<p lang='ko'>가족</p><code>story.submitted</code>", False),
        ("<p>Hello</p>", True),
        ("<p>⟦Ħḗŀŀǿ ~⟧ friend</p>", True),
        ("<button aria-label='Close'>×</button>", True),
        ("<input type='submit' value='Send'>", True),
    ],
)
def test_the_check_finds_text_left_untranslated(html, untranslated):
    """Does the check flag English left outside the brackets, in text and in labels, and leave
    alone what is exempt?"""
    parser = UntranslatedText(locale_data_words())
    parser.feed(html)
    parser.close()
    assert bool(parser.found) is untranslated

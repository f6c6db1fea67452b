"""Requests to the forms: the story form, the claim-code forms and the staff sign-in steps."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from hypothesis import strategies as st

from .bodies import form_request, uploads
from .pages import locale_segment, placeholder
from .site import Facts, Site
from .transport import Fields, Request, Upload
from .values import (
    FORM_MEMORY_LIMIT,
    PNG,
    TRICKY,
    WAV,
    chance,
    hostile_text,
    hostile_value,
    variants,
    weighted,
)

# ---------------------------------------------------------------------------------------------
# The story form

ATTRIBUTIONS = ("full_name", "first_name", "initials", "pen_name", "anonymous")
SCOPES = ("store", "publish", "advocacy", "press", "officials", "contact")
BODIES = (
    "My sister filed for us in 2009. We are still waiting.",
    "가족을 기다린 지 8년이 되었습니다. 아직도 기다리고 있습니다.",
    "Tôi đã chờ đợi gia đình mình tám năm.",
    "我们一家人等了八年。",
    "Call me at 312-555-0199 or kim@example.org; my A-number is A123456789.",
    "I live at 1234 W Foster Ave, Chicago, IL 60640. SSN 123-45-6789.",
    "میں آٹھ سال سے انتظار کر رہا ہوں۔",
    "Line one\r\nLine two\r\n\r\nLine four",
)
STORY_LIMITS = {
    "title": 200,
    "body": 20_000,
    "storyteller_name": 200,
    "shown_name": 100,
    "city": 120,
    "contact_email": 200,
    "contact_phone": 40,
    "submission_key": 64,
    "csrf_token": FORM_MEMORY_LIMIT,
}
TEXT_SIZES = (300, 20_001, FORM_MEMORY_LIMIT + 1)


@cache
def story_values(site: Site) -> dict[str, st.SearchStrategy[Any]]:
    facts = site.facts
    valid_key = st.binary(min_size=18, max_size=18).map(lambda b: _urlsafe(b))
    return {
        "csrf_token": hostile_value((site.visitor.fields.get("csrf_token", ""),)),
        "submission_key": weighted((3, valid_key), (1, hostile_value(("a" * 23, "a" * 65)))),
        "consent_version": hostile_value(("1", "2", "0")),
        "title": hostile_value(("Eight years of waiting", "기다린 세월"), TEXT_SIZES),
        "body": hostile_value(BODIES, TEXT_SIZES),
        "story_language": hostile_value(facts.story_languages),
        "attribution": hostile_value(ATTRIBUTIONS),
        "storyteller_name": hostile_value(("Kim Eun-jin", "김은진"), TEXT_SIZES),
        "shown_name": hostile_value(("Eun Jin", "E. J. K."), TEXT_SIZES),
        "region": hostile_value(facts.regions),
        "city": hostile_value(("Chicago", "로스앤젤레스"), TEXT_SIZES),
        "themes": hostile_value(facts.theme_slugs),
        "contact_email": hostile_value(("kim@example.org", "a@b.c", "@", "a@@b.c")),
        "contact_phone": hostile_value(("312-555-0199", "+1 (312) 555 0199", "٣١٢٥٥٥٠١٩٩")),
        "website": hostile_value(("", "https://spam.example")),
        "photo": uploads(),
        "audio": uploads(),
        **{f"consent_{scope}": hostile_value(("y", "on", "1", "n", "")) for scope in SCOPES},
        "age_confirm": hostile_value(("y", "on", "")),
    }


def _urlsafe(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@st.composite
def valid_story(draw: st.DrawFn, site: Site) -> Fields:
    """A story form as a browser sends it, with choices a storyteller may make."""
    facts = site.facts
    hidden = site.visitor.fields
    attribution = draw(st.sampled_from(ATTRIBUTIONS))
    key = draw(st.binary(min_size=18, max_size=18).map(_urlsafe))
    fields: Fields = [
        ("csrf_token", hidden.get("csrf_token", "")),
        # Now and then the key this session's form came with: the same form sent again.
        ("submission_key", hidden.get("submission_key", "") if draw(chance(10)) else key),
        ("consent_version", hidden.get("consent_version", "1")),
        ("title", draw(st.sampled_from(("", "Eight years of waiting", "기다린 세월")))),
        ("body", draw(st.sampled_from(BODIES))),
        ("story_language", draw(st.sampled_from(facts.story_languages))),
        ("attribution", attribution),
        ("storyteller_name", draw(st.sampled_from(("", "Kim Eun-jin", "김은진")))),
        ("shown_name", draw(st.sampled_from(("", "Eun Jin", "E. J. K.")))),
        ("region", draw(st.sampled_from(("", *facts.regions)))),
        ("city", draw(st.sampled_from(("", "Chicago", "시카고")))),
        ("contact_email", draw(st.sampled_from(("", "kim@example.org")))),
        ("contact_phone", draw(st.sampled_from(("", "312-555-0199")))),
        ("website", ""),
    ]
    fields += [
        ("themes", slug)
        for slug in draw(st.lists(st.sampled_from(facts.theme_slugs), max_size=3, unique=True))
    ]
    scopes = {"store", *draw(st.lists(st.sampled_from(SCOPES), max_size=5, unique=True))}
    fields += [(f"consent_{scope}", "y") for scope in SCOPES if scope in scopes]
    fields.append(("age_confirm", "y"))
    for name in ("photo", "audio"):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            fields.append(
                (
                    name,
                    Upload(
                        "photo.png" if name == "photo" else "voice.wav",
                        PNG if name == "photo" else WAV,
                        None,
                    ),
                )
            )
        elif choice < 4:
            fields.append((name, Upload("", b"", "application/octet-stream")))
    return fields


@st.composite
def story_form_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /L/share and /L/share/<campaign>: a valid story with a few parts changed."""
    facts = site.facts
    locale = draw(weighted((9, st.sampled_from(facts.locales)), (1, locale_segment(facts))))
    path = f"/{locale}/share"
    aim = "POST /L/share"
    if draw(chance(4)):
        path += "/" + draw(placeholder(facts, "campaign"))
        aim = "POST /L/share/<campaign>"
    fields = draw(valid_story(site))
    if draw(chance(60)):
        fields.append((draw(st.sampled_from(("photo", "audio", "body"))), draw(uploads(big=True))))
    return draw(
        form_request(
            site,
            path,
            fields,
            site.visitor,
            story_values(site),
            STORY_LIMITS,
            files=("photo", "audio"),
            multipart_first=True,
            aim=aim,
            odd=odd,
        )
    )


# ---------------------------------------------------------------------------------------------
# The claim code and the forms behind it

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@cache
def code_variants(codes: Sequence[str]) -> st.SearchStrategy[str]:
    """A claim code as people type it (case, spaces, dashes, look-alike letters) or mistype it."""
    real = st.sampled_from(codes) if codes else st.just("ABCD-EFGH-JKMN-PQRS")
    fullwidth = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in CROCKFORD})
    return weighted(
        (6, real),
        (2, real.map(str.lower)),
        (1, real.map(lambda c: c.replace("-", ""))),
        (1, real.map(lambda c: c.replace("-", " "))),
        (1, real.map(lambda c: f"  {c}\t")),
        (1, real.map(lambda c: c.replace("0", "O").replace("1", "I"))),
        (1, real.map(lambda c: c.translate(fullwidth))),
        (1, real.map(lambda c: c[:-1])),
        (1, st.builds(lambda c, t: c + t, real, st.sampled_from(TRICKY))),
        (2, st.text(st.sampled_from(CROCKFORD + "-"), min_size=16, max_size=19)),
        (3, hostile_text(sizes=(64, 5_000))),
    )


CODE_FORMS = (
    "my-story",
    "my-story/answer",
    "my-story/consent",
    "my-story/withdraw",
    "my-story/receipt",
)
ANSWER_LIMITS = {"answer": 5_000, "body": 20_000, "code": 64, "message": 5_000}


@st.composite
def claim_code_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /L/my-story and the follow-up forms (answer, consent, withdraw, receipt)."""
    facts = site.facts
    form = draw(st.sampled_from(CODE_FORMS))
    codes = {
        "my-story": facts.codes["lookup"],
        "my-story/answer": facts.codes["answer"] + facts.codes["lookup"][:1],
        "my-story/consent": facts.codes["change"],
        "my-story/withdraw": facts.codes["change"],
        "my-story/receipt": facts.codes["lookup"],
    }[form]
    locale = draw(weighted((9, st.sampled_from(facts.locales)), (1, locale_segment(facts))))
    fields: Fields = [
        ("csrf_token", site.visitor.fields.get("csrf_token", "")),
        ("code", draw(code_variants(codes))),
    ]
    if form == "my-story/answer":
        fields += [
            ("answer", draw(st.sampled_from(("It was in 2019.", "2019년이었습니다.")))),
            ("body", draw(st.sampled_from(BODIES))),
        ]
    elif form == "my-story/consent":
        kept = draw(st.lists(st.sampled_from(SCOPES), unique=True))
        fields += [(f"consent_{scope}", "y") for scope in kept]
    elif form == "my-story/withdraw":
        fields += [("confirm_withdraw", "y")] if draw(st.booleans()) else []
    if draw(chance(5)):
        # Fields SPEC §6 names for this page that the forms may not (yet) take.
        fields += [
            ("message", draw(hostile_value(("Thank you",), (5_001,)))),
            ("final_text", draw(hostile_value(("approve", "change")))),
        ]
    values: dict[str, st.SearchStrategy[Any]] = {
        "csrf_token": hostile_value((site.visitor.fields.get("csrf_token", ""),)),
        "code": code_variants(codes),
        "answer": hostile_value(("It was in 2019.",), (5_001, 20_001)),
        "body": hostile_value(BODIES, (20_001, FORM_MEMORY_LIMIT + 1)),
        "confirm_withdraw": hostile_value(("y", "on", "")),
        **{f"consent_{scope}": hostile_value(("y", "on", "")) for scope in SCOPES},
    }
    return draw(
        form_request(
            site,
            f"/{locale}/{form}",
            fields,
            site.visitor,
            values,
            ANSWER_LIMITS,
            aim=f"POST /L/{form}",
            odd=odd,
        )
    )


# ---------------------------------------------------------------------------------------------
# Staff sign-in: password, then the second factor (or its enrolment)


@cache
def passwords(facts: Facts) -> st.SearchStrategy[str]:
    return weighted(
        (4, st.just(facts.staff_password)),
        (2, st.sampled_from(("a" * 72, "a" * 73, "가" * 25, "가" * 100, "a" * 4096, "😀" * 19))),
        (1, st.just(facts.staff_password + "x" * 60)),
        (3, hostile_text(sizes=(73, 1_000, 100_000))),
    )


@cache
def emails(facts: Facts) -> st.SearchStrategy[str]:
    accounts = (facts.new_staff, facts.enrolled_staff, "nobody@example.org")
    return weighted(
        (5, st.sampled_from(accounts)),
        (2, variants(accounts)),
        (3, hostile_text(sizes=(255, 10_000))),
    )


@cache
def totp_codes() -> st.SearchStrategy[str]:
    return weighted(
        (3, st.text(st.sampled_from("0123456789"), min_size=6, max_size=6)),
        (
            2,
            st.sampled_from(
                ("١٢٣٤٥٦", "１２３４５６", "12345²", "123 456", " 123456 ", "1234567", "12345", "")
            ),
        ),
        (2, hostile_text(sizes=(7, 10_000))),
    )


@st.composite
def staff_requests(draw: st.DrawFn, site: Site, odd: bool = False) -> Request:
    """POST /moderate/login (email, password), /moderate/login/code and /login/enrol (totp)."""
    facts = site.facts
    step = draw(st.sampled_from(("login", "login", "login/code", "login/enrol")))
    if step == "login":
        session = site.visitor
        fields: Fields = [
            ("csrf_token", session.fields.get("csrf_token", "")),
            ("email", draw(emails(facts))),
            ("password", draw(passwords(facts))),
        ]
        values: dict[str, st.SearchStrategy[Any]] = {
            "email": emails(facts),
            "password": passwords(facts),
        }
    else:
        session = site.enrol if step == "login/enrol" else site.second_step
        fields = [
            ("csrf_token", session.fields.get("csrf_token", "")),
            ("totp", draw(totp_codes())),
        ]
        values = {"totp": totp_codes()}
    values["csrf_token"] = hostile_value((session.fields.get("csrf_token", ""),))
    return draw(
        form_request(
            site,
            f"/moderate/{step}",
            fields,
            session,
            values,
            {"email": 255, "password": 1_000, "totp": 6},
            aim=f"POST /moderate/{step}",
            odd=odd,
        )
    )

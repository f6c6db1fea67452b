"""What the requests know of the site: its seeded content and the sessions of its forms."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from .transport import Request, Send, urlencoded
from .values import PNG, WAV

STAFF_PASSWORD = "river stone lantern harvest"
NEW_STAFF = "fuzz-new@example.org"
ENROLLED_STAFF = "fuzz-enrolled@example.org"


@dataclass(frozen=True, eq=False)
class Facts:
    """What the site holds: made by `seed_site`, read by the strategies."""

    locales: tuple[str, ...]
    story_languages: tuple[str, ...]
    regions: tuple[str, ...]
    public_ids: tuple[str, ...]
    hidden_ids: tuple[str, ...]  # stories that exist but are not public (withdrawn among them)
    media_ids: tuple[str, ...]
    campaign_slugs: tuple[str, ...]
    theme_slugs: tuple[str, ...]
    # Claim codes by what a form may do with them without changing what the public sees:
    # "lookup" all; "answer" a story with a question; "change" stories that are not published.
    codes: Mapping[str, tuple[str, ...]]
    staff_password: str = STAFF_PASSWORD
    new_staff: str = NEW_STAFF
    enrolled_staff: str = ENROLLED_STAFF


@dataclass(frozen=True, eq=False)
class Session:
    """A visitor's session cookie with the hidden fields of a form it opened."""

    cookie: str
    fields: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class Site:
    facts: Facts
    visitor: Session  # opened the story form: form token, idempotency key, consent version
    enrol: Session  # gave the password of an account without a second factor
    second_step: Session  # gave the password of an account with one


def seed_site(app: Any) -> Facts:
    """Add the demo content, two staff accounts and media of a published story; say what is
    there. The database must be migrated and empty."""
    import pyotp
    from sqlalchemy import select

    from storybank.extensions import db
    from storybank.i18n import STORY_LANGUAGES
    from storybank.models import Campaign, Media, MediaKind, Role, Story, StoryState, Theme
    from storybank.regions import US_REGIONS
    from storybank.services import accounts, demo

    with app.app_context():
        result = demo.seed()
        if result is None:
            raise RuntimeError("the database has demo content already: it must start empty")
        accounts.create_staff_user(NEW_STAFF, Role.MODERATOR, STAFF_PASSWORD)
        enrolled = accounts.create_staff_user(ENROLLED_STAFF, Role.MODERATOR, STAFF_PASSWORD)
        secret = accounts.start_enrolment(enrolled)
        if not accounts.confirm_enrolment(enrolled, pyotp.TOTP(secret).now()):
            raise RuntimeError("could not enrol the second factor of the fuzz account")
        stories = db.session.scalars(select(Story).order_by(Story.id)).all()
        published = [s for s in stories if s.state is StoryState.PUBLISHED]
        for kind, content_type, data in (
            (MediaKind.PHOTO, "image/png", PNG),
            (MediaKind.AUDIO, "audio/wav", WAV),
        ):
            db.session.add(stored_media(published[0], kind, content_type, data))
        db.session.commit()
        codes: dict[str, list[str]] = {"lookup": [], "answer": [], "change": []}
        for _language, state, code in result.claim_codes:
            codes["lookup"].append(code)
            if state == StoryState.CHANGES_REQUESTED.value:
                codes["answer"].append(code)
            if state != StoryState.PUBLISHED.value:
                codes["change"].append(code)
        facts = Facts(
            locales=tuple(app.config["STORYBANK_LOCALES"]),
            story_languages=tuple(STORY_LANGUAGES),
            regions=tuple(US_REGIONS),
            public_ids=tuple(s.public_id for s in published),
            hidden_ids=tuple(s.public_id for s in stories if s not in published),
            media_ids=tuple(db.session.scalars(select(Media.public_id)).all()),
            campaign_slugs=tuple(db.session.scalars(select(Campaign.slug)).all()),
            theme_slugs=tuple(db.session.scalars(select(Theme.slug)).all()),
            codes={purpose: tuple(found) for purpose, found in codes.items()},
        )
        db.session.remove()
    return facts


def stored_media(story: Any, kind: Any, content_type: str, data: bytes) -> Any:
    """A media row of `story` holding `data` as given: a 1×1 photo, or a recording."""
    from storybank.models import Media, MediaKind

    return Media(
        story=story,
        kind=kind,
        content_type=content_type,
        byte_size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        width=1 if kind is MediaKind.PHOTO else None,
        height=1 if kind is MediaKind.PHOTO else None,
    )


INPUT_TAG = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)="([^"]*)"')


def hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in INPUT_TAG.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "hidden" and "name" in attributes:
            fields[attributes["name"]] = unescape(attributes.get("value", ""))
    return fields


def _cookie_header(jar: Mapping[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items() if value)


def _open_form(send: Send, path: str, jar: dict[str, str]) -> Session:
    reply = send(Request("GET", path, headers=(("Cookie", _cookie_header(jar)),) if jar else ()))
    if reply.status != 200:
        raise RuntimeError(f"GET {path} answered {reply.status} while preparing the fuzz")
    jar.update(reply.cookies())
    fields = hidden_fields(reply.text)
    if "csrf_token" not in fields:
        raise RuntimeError(f"GET {path} shows no form token")
    return Session(_cookie_header(jar), fields)


def _after_password(send: Send, email: str, password: str, step: str) -> Session:
    """A session that gave the right password and waits at `step` (enrolment or code)."""
    jar: dict[str, str] = {}
    login = _open_form(send, "/moderate/login", jar)
    body = urlencoded([("csrf_token", login.fields["csrf_token"]), ("email", email)])
    body += b"&" + urlencoded([("password", password)])
    reply = send(
        Request(
            "POST",
            "/moderate/login",
            headers=(
                ("Cookie", login.cookie),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ),
            body=body,
        )
    )
    location = dict((k.lower(), v) for k, v in reply.headers).get("location", "")
    if reply.status != 303 or not location.endswith(step):
        raise RuntimeError(f"signing in as {email} answered {reply.status} → {location or '-'}")
    jar.update(reply.cookies())
    return _open_form(send, step, jar)


def open_sessions(send: Send, facts: Facts) -> Site:
    """Open the forms the fuzz posts to, as a visitor and as staff half-way through signing in."""
    return Site(
        facts=facts,
        visitor=_open_form(send, "/en/share", {}),
        enrol=_after_password(send, facts.new_staff, facts.staff_password, "/moderate/login/enrol"),
        second_step=_after_password(
            send, facts.enrolled_staff, facts.staff_password, "/moderate/login/code"
        ),
    )

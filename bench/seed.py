"""Bulk seeding of published and queued stories for the benchmark, with Core inserts."""

from __future__ import annotations

import hashlib
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from flask import Flask
from sqlalchemy import Table, insert, select, text
from tqdm import tqdm

from bench.texts import FAMILY_SHARE, LANGUAGE_WEIGHTS, POOLS, story_text
from storybank.db import editions
from storybank.extensions import db
from storybank.models import (
    AuditEvent,
    Campaign,
    ConsentEvent,
    ConsentRecord,
    ConsentText,
    PublishableRevision,
    RevisionReason,
    StaffUser,
    Story,
    StoryTranslation,
    Theme,
)
from storybank.models._types import new_public_id
from storybank.models.story import story_themes
from storybank.services.demo import DEMO_MODERATOR_EMAIL

BATCH = 2_000
REINDEX_BATCH = 1_000
# For every 100 published stories: this many waiting in the moderation queue, and a few in the
# states a real site accumulates (declined, taken down, withdrawn tombstones).
OPEN_PER_HUNDRED = 2
OTHER_PER_THOUSAND = 3
TRANSLATED_SHARE = 0.1
REDACTED_SHARE = 0.1
CAMPAIGN_SHARE = 0.2
HISTORY = timedelta(days=3 * 365)

REGIONS = {
    "CA": ("Los Angeles", "San Jose", "Oakland"),
    "NY": ("New York", "Queens", "Buffalo"),
    "TX": ("Houston", "Dallas", "El Paso"),
    "IL": ("Chicago", "Aurora"),
    "WA": ("Seattle", "Federal Way"),
    "NJ": ("Fort Lee", "Newark", "Jersey City"),
    "GA": ("Duluth", "Atlanta"),
    "VA": ("Annandale", "Fairfax"),
    "FL": ("Miami", "Orlando"),
    "MA": ("Boston", "Lowell"),
}
# Who translates what: stories in other languages into English, English ones into the others.
TRANSLATE_INTO = {"en": ("es", "ko", "vi", "zh-hans")}
ATTRIBUTIONS = (
    ("anonymous", 50),
    ("first_name", 15),
    ("initials", 10),
    ("pen_name", 10),
    ("full_name", 15),
)
OPEN_STATES = (("submitted", 70), ("in_review", 20), ("changes_requested", 10))
SCOPE_CHOICES = (
    ("store publish", 40),
    ("advocacy publish store", 30),
    ("advocacy officials press publish store", 20),
    ("contact publish store", 10),
)


@dataclass
class SeedReport:
    """What one seeding pass added and how long each part took."""

    published: int = 0
    open: int = 0
    other: int = 0
    translations: int = 0
    insert_seconds: float = 0.0
    reindex_seconds: float = 0.0
    public_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class World:
    """Rows the seeded stories refer to: the demo's themes, campaign, texts and moderator."""

    theme_ids: tuple[int, ...]
    campaign_id: int
    consent_texts: dict[str, tuple[int, int, str]]
    moderator_id: int


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _load_world() -> World:
    texts = {
        row.language: (row.id, row.version, row.body_sha256)
        for row in db.session.execute(
            select(
                ConsentText.id, ConsentText.language, ConsentText.version, ConsentText.body_sha256
            )
        )
    }
    moderator_id = db.session.scalar(
        select(StaffUser.id).where(StaffUser.email == DEMO_MODERATOR_EMAIL)
    )
    campaign_id = db.session.scalar(select(Campaign.id).order_by(Campaign.id).limit(1))
    theme_ids = tuple(db.session.scalars(select(Theme.id).order_by(Theme.position)))
    if not (texts and moderator_id and campaign_id and theme_ids):
        raise RuntimeError("the demo content is missing: run `storybank seed-demo` first")
    return World(theme_ids, campaign_id, texts, moderator_id)


class StoryFactory:
    """Builds the rows of one story (and everything that hangs off it) as plain dicts."""

    def __init__(self, rng: random.Random, world: World, now: datetime) -> None:
        self.rng = rng
        self.world = world
        self.now = now
        self.languages = list(LANGUAGE_WEIGHTS)
        self.weights = list(LANGUAGE_WEIGHTS.values())

    def story(self, state: str) -> dict[str, Any]:
        rng = self.rng
        language = rng.choices(self.languages, weights=self.weights)[0]
        family = language == "ko" and rng.random() < FAMILY_SHARE
        title, body = story_text(rng, language, family=family)
        submitted_at = self.now - HISTORY * rng.random() - timedelta(days=12)
        published_at = None
        if state in ("published", "unpublished"):
            published_at = submitted_at + timedelta(days=rng.randint(1, 10), hours=rng.random())
        attribution = _weighted(rng, ATTRIBUTIONS)
        full, first, initials, pen = rng.choice(POOLS[language].names)
        region = rng.choice([None, *REGIONS])
        withdrawn = state == "withdrawn"
        scopes = frozenset(_weighted(rng, SCOPE_CHOICES).split())
        if state == "unpublished":
            scopes = scopes - {"publish"}
        shown = {"first_name": first, "initials": initials, "pen_name": pen}.get(attribution)
        return {
            "story": {
                "public_id": new_public_id(),
                "state": state,
                "story_language": language,
                "campaign_id": self.world.campaign_id if rng.random() < CAMPAIGN_SHARE else None,
                "title": None if withdrawn else title,
                "original_text": None if withdrawn else body,
                # The private name is kept for every attribution that needs it (SPEC §6).
                "storyteller_name": None
                if withdrawn or attribution in ("anonymous", "pen_name")
                else full,
                "contact_email": None,
                "contact_phone": None,
                "region": region,
                "city": rng.choice(REGIONS[region]) if region else None,
                "claim_code_hash": hashlib.sha256(rng.randbytes(16)).hexdigest(),
                "submission_key": None,
                "flag_count": rng.choice((0, 0, 0, 1, 2)) if published_at is None else 0,
                "assigned_to_id": self.world.moderator_id
                if state not in ("submitted", "withdrawn")
                else None,
                "assigned_at": submitted_at + timedelta(days=1)
                if state not in ("submitted", "withdrawn")
                else None,
                "submitted_at": submitted_at,
                "updated_at": published_at or submitted_at,
                "published_at": published_at,
                "withdrawn_at": submitted_at + timedelta(days=2) if withdrawn else None,
            },
            "title": title,
            "body": body,
            "family": family,
            "scopes": scopes,
            "attribution": attribution,
            "shown_name": None if withdrawn else shown,
        }


def _table(model: type[Any]) -> Table:
    """A model's table, as the type the insert helpers take."""
    return cast(Table, model.__table__)


def _insert_returning_ids(table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert many rows and return their new ids in the order given."""
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.connection().execute(statement, rows).scalars())


def _insert(table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        db.session.connection().execute(insert(table), rows)


def _insert_batch(factory: StoryFactory, states: list[str], report: SeedReport) -> list[int]:
    """Insert one batch of stories with their revisions, consent, themes, translations, audit."""
    rng, world = factory.rng, factory.world
    specs = [factory.story(state) for state in states]
    story_ids = _insert_returning_ids(_table(Story), [s["story"] for s in specs])

    revisions, records, themes, translations, audits = [], [], [], [], []
    for story_id, spec in zip(story_ids, specs, strict=True):
        row = spec["story"]
        state = row["state"]
        submitted_at = row["submitted_at"]
        if state != "withdrawn":
            revisions.append(
                {
                    "story_id": story_id,
                    "number": 1,
                    "title": spec["title"],
                    "text": spec["body"],
                    "created_by_id": None,
                    "created_at": submitted_at,
                    "reason": None,
                    "redacted_kinds": None,
                }
            )
            if row["published_at"] is not None and rng.random() < REDACTED_SHARE:
                # A moderator's redaction: the second revision is what readers see.
                revisions.append(
                    {
                        "story_id": story_id,
                        "number": 2,
                        "title": spec["title"],
                        "text": spec["body"].replace("2009", "[…]"),
                        "created_by_id": world.moderator_id,
                        "created_at": submitted_at + timedelta(hours=20),
                        "reason": RevisionReason.REDACTED,
                        "redacted_kinds": "date_of_birth",
                    }
                )
        language = row["story_language"]
        text_id, version, sha = world.consent_texts.get(language) or world.consent_texts["en"]
        shown_in = language if language in world.consent_texts else "en"
        records.append(
            {
                "story_id": story_id,
                "consent_text_id": text_id,
                "text_version": version,
                "text_sha256": sha,
                "language_shown": shown_in,
                "language_requested": language,
                "scopes_given": spec["scopes"],
                "attribution": spec["attribution"],
                "shown_name": spec["shown_name"],
                "method": "online",
                "recorded_by_id": None,
                "age_confirmed": True,
                "given_at": submitted_at,
                "is_current": True,
                "current_scopes": frozenset() if state == "withdrawn" else spec["scopes"],
            }
        )
        for theme_id in rng.sample(world.theme_ids, rng.choice((0, 1, 1, 2))):
            themes.append({"story_id": story_id, "theme_id": theme_id})
        if row["published_at"] is not None and rng.random() < TRANSLATED_SHARE:
            target = rng.choice(TRANSLATE_INTO.get(language, ("en",)))
            family = target == "ko" and rng.random() < FAMILY_SHARE
            title, body = story_text(rng, target, family=family)
            translations.append(
                {
                    "story_id": story_id,
                    "language": target,
                    "title": title,
                    "text": body,
                    "review_state": "approved",
                    "is_machine": False,
                    "translator_id": world.moderator_id,
                    "reviewed_by_id": world.moderator_id,
                    "source_revision_number": 1,
                    "created_at": row["published_at"],
                    "updated_at": row["published_at"],
                }
            )
        audits.append(
            {
                "occurred_at": submitted_at,
                "actor_kind": "storyteller",
                "actor_id": None,
                "story_id": story_id,
                "action": "story.submitted",
                "from_state": None,
                "to_state": "submitted",
                "note": "method=online; media=0",
            }
        )
        if state != "submitted":
            audits.append(
                {
                    "occurred_at": row["updated_at"],
                    "actor_kind": "storyteller" if state == "withdrawn" else "staff",
                    "actor_id": None if state == "withdrawn" else world.moderator_id,
                    "story_id": story_id,
                    "action": "story.state_changed",
                    "from_state": "submitted",
                    "to_state": state,
                    "note": None,
                }
            )

    record_ids = _insert_returning_ids(_table(ConsentRecord), records)
    events = []
    for record_id, record in zip(record_ids, records, strict=True):
        events.append(
            {
                "consent_record_id": record_id,
                "kind": "given",
                "scopes": record["scopes_given"],
                "occurred_at": record["given_at"],
                "staff_user_id": None,
            }
        )
        if record["current_scopes"] != record["scopes_given"]:
            # Narrowed or withdrawn later: the events say so, as the service would have.
            withdrawn = not record["current_scopes"]
            events.append(
                {
                    "consent_record_id": record_id,
                    "kind": "withdrawn" if withdrawn else "narrowed",
                    "scopes": record["current_scopes"],
                    "occurred_at": record["given_at"] + timedelta(days=30),
                    "staff_user_id": None,
                }
            )
    _insert(_table(PublishableRevision), revisions)
    _insert(_table(ConsentEvent), events)
    _insert(story_themes, themes)
    _insert(_table(StoryTranslation), translations)
    _insert(_table(AuditEvent), audits)

    report.translations += len(translations)
    published = [
        (story_id, spec["story"]["public_id"])
        for story_id, spec in zip(story_ids, specs, strict=True)
        if spec["story"]["state"] == "published"
    ]
    report.public_ids.extend(public_id for _, public_id in published)
    return [story_id for story_id, _ in published]


def _states(published: int, rng: random.Random) -> list[str]:
    """The states of the stories to add, shuffled so that ids and dates interleave."""
    open_count = published * OPEN_PER_HUNDRED // 100
    other = published * OTHER_PER_THOUSAND // 1000
    states = ["published"] * published
    states += [_weighted(rng, OPEN_STATES) for _ in range(open_count)]
    states += ["declined", "unpublished", "withdrawn"] * other
    rng.shuffle(states)
    return states


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _progress(total: int, label: str) -> tqdm[Any]:
    # On stdout, like the rest of the report; plain characters read well in a CI log too.
    return tqdm(total=total, desc=label, unit=" stories", file=sys.stdout, ascii=True)


def seed_stories(app: Flask, published: int, *, seed: int, label: str) -> SeedReport:
    """Add `published` public stories (plus queued and other ones) and bring search up to date."""
    from storybank.search import reindex_stories

    rng = random.Random(seed)  # noqa: S311 (benchmark content, not a secret)
    report = SeedReport()
    with app.app_context():
        world = _load_world()
        factory = StoryFactory(rng, world, datetime.now(UTC))
        states = _states(published, rng)
        report.published = states.count("published")
        report.open = sum(state in dict(OPEN_STATES) for state in states)
        report.other = len(states) - report.published - report.open

        started = time.perf_counter()
        public_ids: list[int] = []
        with _progress(len(states), f"{label}: stories") as bar:
            for batch in _chunks(states, BATCH):
                public_ids += _insert_batch(factory, list(batch), report)
                db.session.commit()
                bar.update(len(batch))
        report.insert_seconds = time.perf_counter() - started

        # Core inserts bypass the ORM hooks that keep the search index, the state counts and the
        # public edition current, so they are brought up to date here, as the application would.
        started = time.perf_counter()
        with _progress(len(public_ids), f"{label}: search index") as bar:
            for ids in _chunks(public_ids, REINDEX_BATCH):
                reindex_stories(db.session(), list(ids))
                db.session.commit()
                bar.update(len(ids))
        _recount_states()
        editions.advance(db.session)
        db.session.commit()
        report.reindex_seconds = time.perf_counter() - started
        _settle(app)
    return report


def _recount_states() -> None:
    """Bring the per-state story counts up to date, on a schema that keeps them."""
    try:
        from storybank.db.state_counts import recount
    except ImportError:  # an older schema counts the stories on every queue page instead
        return
    recount(db.session)


def _settle(app: Flask) -> None:
    """Leave the database as a server would find it: WAL folded in (SQLite), statistics (PG)."""
    engine = db.engine
    if engine.dialect.name == "sqlite":
        # Outside any transaction (the application's engine begins one on every use).
        raw = engine.raw_connection()
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    else:
        # Autovacuum would analyse the new rows within minutes; the benchmark cannot wait.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    db.session.remove()
    engine.dispose()

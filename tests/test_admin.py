"""The admin pages: staff accounts, themes and campaigns, consent texts and the audit log."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import post_form, sign_in
from storybank.models import (
    AuditEvent,
    Campaign,
    ConsentRecord,
    ConsentText,
    Role,
    StaffUser,
    Theme,
)

ADMIN = "/moderate/admin/"
USERS = "/moderate/admin/users"
THEMES = "/moderate/admin/themes"
CAMPAIGNS = "/moderate/admin/campaigns"
CONSENT = "/moderate/admin/consent"
AUDIT = "/moderate/admin/audit"
NEW_PASSWORD = "copper meadow violin sunrise"
SELF_REFUSAL = "You cannot do this to your own account"


def nfd(text: str) -> str:
    """Text as some keyboards send it: decomposed (Hangul as separate jamo)."""
    return unicodedata.normalize("NFD", text)


def page(response: Any) -> str:
    return unescape(response.get_data(as_text=True))


def events(db: Any, action: str) -> list[AuditEvent]:
    db.session.rollback()  # see what the requests committed
    return list(
        db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def fresh(db: Any, model: type[Any], key: int) -> Any:
    db.session.rollback()
    return db.session.get(model, key)


def account(db: Any, email: str) -> StaffUser | None:
    db.session.rollback()
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email))


def count(db: Any, model: type[Any]) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def admin_client(staff_client: Any) -> Any:
    return staff_client("admin")


def test_admin_index_links_every_section(admin_client: Any) -> None:
    """Does the administration page lead to each of its sections?"""
    answer = admin_client.get(ADMIN)
    assert answer.status_code == 200
    for path in (USERS, THEMES, CAMPAIGNS, CONSENT, AUDIT):
        assert f'href="{path}"' in answer.get_data(as_text=True)


# ---------------------------------------------------------------------------------------------
# Staff accounts


def test_admin_creates_an_account_that_can_sign_in(app: Any, db: Any, admin_client: Any) -> None:
    """Can an admin add a translator, who then signs in and sets up a second factor?"""
    answer = post_form(
        admin_client,
        USERS,
        USERS,
        email=" New.Person@Example.org ",
        display_name="Kim Min-ji",
        role="translator",
        password=NEW_PASSWORD,
    )
    assert answer.status_code == 303
    assert answer.location.endswith(USERS)
    listing = page(admin_client.get(USERS))
    assert "The account of new.person@example.org was created." in listing
    assert "Kim Min-ji" in listing

    user = account(db, "new.person@example.org")
    assert user is not None
    assert (user.role, user.display_name, user.is_disabled) == (
        Role.TRANSLATOR,
        "Kim Min-ji",
        False,
    )
    (created,) = [e for e in events(db, "account.created") if e.note.endswith(f"={user.id}")]
    assert created.actor_id == admin_client.user.id
    assert created.note == f"role=translator; account={user.id}"

    newcomer = app.test_client()
    assert sign_in(newcomer, "new.person@example.org", NEW_PASSWORD)
    assert newcomer.get("/moderate/account/password").status_code == 200
    assert newcomer.get(ADMIN).status_code == 403


def test_a_duplicate_address_is_refused_and_the_form_kept(
    db: Any, make_staff: Any, admin_client: Any
) -> None:
    """Is a second account with the same address refused, keeping what was typed but the
    password?"""
    make_staff("moderator", email="taken@example.org")
    created_before = len(events(db, "account.created"))
    answer = post_form(
        admin_client,
        USERS,
        USERS,
        email="Taken@Example.org",
        display_name="Someone Else",
        role="moderator",
        password=NEW_PASSWORD,
    )
    assert answer.status_code == 409
    html = page(answer)
    assert "An account with this e-mail address already exists." in html
    assert 'value="Someone Else"' in html
    assert 'value="taken@example.org"' in html
    assert NEW_PASSWORD not in html
    assert count(db, StaffUser) == 2  # the admin and the first holder of the address
    assert len(events(db, "account.created")) == created_before


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password1234", "This password is too easy to guess."),
        ("short", "Use at least 12 characters for the password."),
        ("", "Enter a first password for the account."),
    ],
)
def test_a_weak_password_is_refused(
    db: Any, admin_client: Any, password: str, message: str
) -> None:
    """Is a weak or missing first password refused with the reason, and nothing stored?"""
    answer = post_form(
        admin_client, USERS, USERS, email="weak@example.org", role="moderator", password=password
    )
    assert answer.status_code == 400
    html = page(answer)
    assert message in html
    assert 'value="weak@example.org"' in html
    assert password == "" or f'value="{password}"' not in html
    assert account(db, "weak@example.org") is None


def test_an_unknown_role_or_a_bad_address_is_refused(db: Any, admin_client: Any) -> None:
    answer = post_form(
        admin_client, USERS, USERS, email="x@example.org", role="owner", password=NEW_PASSWORD
    )
    assert answer.status_code == 400
    answer = post_form(
        admin_client, USERS, USERS, email="not-an-address", role="admin", password=NEW_PASSWORD
    )
    assert answer.status_code == 400
    assert "Enter a valid e-mail address." in page(answer)
    assert count(db, StaffUser) == 1


def test_disabling_ends_the_accounts_sessions_and_enabling_lets_it_back(
    db: Any, staff_client: Any, admin_client: Any
) -> None:
    """Is a disabled moderator signed out at their next request, and unable to sign in, until
    an admin enables the account again?"""
    moderator = staff_client("moderator")
    user_id = moderator.user.id
    assert moderator.get("/moderate/").status_code == 200

    answer = post_form(admin_client, USERS, f"{USERS}/{user_id}/disable")
    assert answer.status_code == 303
    assert "can no longer sign in" in page(admin_client.get(USERS))
    assert fresh(db, StaffUser, user_id).is_disabled
    (event,) = events(db, "account.disabled")
    assert (event.actor_id, event.note) == (admin_client.user.id, f"account={user_id}")

    answer = moderator.get("/moderate/")
    assert answer.status_code == 303
    assert answer.location.endswith("/moderate/login")
    refused = post_form(
        moderator,
        "/moderate/login",
        "/moderate/login",
        email=moderator.user.email,
        password="river stone lantern harvest",
    )
    assert refused.status_code == 400

    answer = post_form(admin_client, USERS, f"{USERS}/{user_id}/enable")
    assert answer.status_code == 303
    assert not fresh(db, StaffUser, user_id).is_disabled
    (event,) = events(db, "account.enabled")
    assert (event.actor_id, event.note) == (admin_client.user.id, f"account={user_id}")
    back = post_form(
        moderator,
        "/moderate/login",
        "/moderate/login",
        email=moderator.user.email,
        password="river stone lantern harvest",
    )
    assert back.status_code == 303
    assert back.location.endswith("/moderate/login/code")


def test_resetting_the_second_factor_sends_the_next_sign_in_to_enrolment(
    app: Any, db: Any, staff_client: Any, admin_client: Any
) -> None:
    """After a reset (a lost phone), does the account's next sign-in enrol a new factor?"""
    moderator = staff_client("moderator")
    user_id = moderator.user.id
    assert f"{USERS}/{user_id}/reset-second-factor" in page(admin_client.get(USERS))

    answer = post_form(admin_client, USERS, f"{USERS}/{user_id}/reset-second-factor")
    assert answer.status_code == 303
    user = fresh(db, StaffUser, user_id)
    assert (user.totp_secret, user.totp_confirmed_at) == (None, None)
    (event,) = events(db, "account.second_factor_reset")
    assert (event.actor_id, event.note) == (admin_client.user.id, f"account={user_id}")

    assert moderator.get("/moderate/").location.endswith("/moderate/login")
    assert sign_in(app.test_client(), user.email)  # asserts the way through enrolment


def test_changing_a_role_applies_at_once(db: Any, staff_client: Any, admin_client: Any) -> None:
    """Does a moderator made a translator lose the queue, with the change audited?"""
    moderator = staff_client("moderator")
    user_id = moderator.user.id
    answer = post_form(admin_client, USERS, f"{USERS}/{user_id}/role", role="translator")
    assert answer.status_code == 303
    assert "now has the role: Translator" in page(admin_client.get(USERS))
    assert fresh(db, StaffUser, user_id).role is Role.TRANSLATOR
    (event,) = events(db, "account.role_changed")
    assert event.actor_id == admin_client.user.id
    assert event.note == f"account={user_id}; role=moderator -> translator"
    # The old session ended: the account signs in again with its new role.
    assert moderator.get("/moderate/").location.endswith("/moderate/login")

    answer = post_form(admin_client, USERS, f"{USERS}/{user_id}/role", role="owner")
    assert answer.status_code == 400
    assert fresh(db, StaffUser, user_id).role is Role.TRANSLATOR
    assert len(events(db, "account.role_changed")) == 1


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("disable", {}),
        ("reset-second-factor", {}),
        ("role", {"role": "moderator"}),
        ("role", {"role": "admin"}),
    ],
)
def test_an_admin_cannot_lock_themself_out(
    db: Any, admin_client: Any, action: str, fields: dict[str, str]
) -> None:
    """Is an admin refused disabling, resetting or demoting their own account?"""
    me = admin_client.user.id
    answer = post_form(admin_client, USERS, f"{USERS}/{me}/{action}", **fields)
    assert answer.status_code == 409
    assert SELF_REFUSAL in page(answer)
    user = fresh(db, StaffUser, me)
    assert (user.role, user.is_disabled) == (Role.ADMIN, False)
    assert user.totp_confirmed_at is not None
    for refused in ("account.disabled", "account.second_factor_reset", "account.role_changed"):
        assert events(db, refused) == []
    assert admin_client.get(ADMIN).status_code == 200  # still signed in


def test_the_list_offers_no_actions_on_ones_own_account(admin_client: Any) -> None:
    me = admin_client.user.id
    html = page(admin_client.get(USERS))
    assert admin_client.user.email in html
    assert f"{USERS}/{me}/disable" not in html
    assert f"{USERS}/{me}/role" not in html


def test_an_unknown_account_is_not_found(admin_client: Any) -> None:
    assert post_form(admin_client, USERS, f"{USERS}/9999/disable").status_code == 404


# ---------------------------------------------------------------------------------------------
# Themes


def theme_named(db: Any, slug: str) -> Theme | None:
    db.session.rollback()
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def names_of(theme: Theme) -> dict[str, str]:
    return {row.locale: row.name for row in theme.names}


def test_themes_are_created_and_edited_with_korean_names(db: Any, admin_client: Any) -> None:
    """Can an admin add a theme named in Korean and English, then rename and reorder it,
    while its short name stays?"""
    answer = post_form(
        admin_client,
        THEMES,
        THEMES,
        slug="Family",
        position="2",
        name_en="Family",
        name_ko=nfd("가족"),
    )
    assert answer.status_code == 303
    listing = page(admin_client.get(THEMES))
    assert "Theme family was saved." in listing
    assert '<td lang="ko" dir="ltr">가족</td>' in listing
    theme = theme_named(db, "family")
    assert theme is not None
    assert (theme.position, names_of(theme)) == (2, {"en": "Family", "ko": "가족"})
    (event,) = events(db, "theme.created")
    assert (event.actor_id, event.note) == (admin_client.user.id, "slug=family")

    edit = f"{THEMES}/{theme.id}"
    form = page(admin_client.get(edit))
    assert 'value="가족"' in form
    answer = post_form(
        admin_client,
        edit,
        edit,
        slug="hijacked",
        position="5",
        name_en="",
        name_ko="가족 이야기",
    )
    assert answer.status_code == 303
    theme = theme_named(db, "family")
    assert theme is not None
    assert (theme.position, names_of(theme)) == (5, {"ko": "가족 이야기"})
    assert theme_named(db, "hijacked") is None
    (event,) = events(db, "theme.updated")
    assert (event.actor_id, event.note) == (admin_client.user.id, "slug=family")

    # Saving the same again changes nothing and writes no event.
    answer = post_form(admin_client, edit, edit, position="5", name_ko="가족 이야기")
    assert answer.status_code == 303
    assert "Nothing was changed." in page(admin_client.get(THEMES))
    assert len(events(db, "theme.updated")) == 1


def test_a_theme_needs_a_free_short_name_and_a_name(db: Any, admin_client: Any) -> None:
    """Are a taken or malformed short name, or no name at all, refused on their fields?"""
    assert post_form(admin_client, THEMES, THEMES, slug="work", name_en="Work").status_code == 303

    answer = post_form(admin_client, THEMES, THEMES, slug="work", name_ko="일", position="1")
    assert answer.status_code == 409
    html = page(answer)
    assert "Another theme already has this short name." in html
    assert 'value="일"' in html
    assert 'id="slug-errors"' in html

    answer = post_form(admin_client, THEMES, THEMES, slug="work stories", name_en="Work")
    assert answer.status_code == 400
    assert "Use only lower-case letters a to z, digits and hyphens (-)." in page(answer)

    answer = post_form(admin_client, THEMES, THEMES, slug="nameless", name_en=" ", name_ko="")
    assert answer.status_code == 400
    assert "Give the theme a name in at least one language." in page(answer)

    answer = post_form(admin_client, THEMES, THEMES, slug="late", name_en="Late", position="x")
    assert answer.status_code == 400
    assert "Use a whole number" in page(answer)

    assert count(db, Theme) == 1
    assert len(events(db, "theme.created")) == 1

    theme = theme_named(db, "work")
    assert theme is not None
    edit = f"{THEMES}/{theme.id}"
    answer = post_form(admin_client, edit, edit, name_en="", name_ko="")
    assert answer.status_code == 400
    assert "Give the theme a name in at least one language." in page(answer)
    theme = theme_named(db, "work")
    assert theme is not None
    assert names_of(theme) == {"en": "Work"}
    assert events(db, "theme.updated") == []
    assert admin_client.get(f"{THEMES}/9999").status_code == 404


# ---------------------------------------------------------------------------------------------
# Campaigns


def campaign_named(db: Any, slug: str) -> Campaign | None:
    db.session.rollback()
    return db.session.scalar(select(Campaign).where(Campaign.slug == slug))


def test_campaigns_are_created_and_edited(db: Any, admin_client: Any) -> None:
    """Can an admin add a campaign with Korean and English texts and a window, then stop it
    and rename it?"""
    answer = post_form(
        admin_client,
        CAMPAIGNS,
        CAMPAIGNS,
        slug="waiting-years",
        is_open="y",
        opens_at="2026-06-01",
        closes_at="2026-09-01",
        name_en="Waiting years",
        prompt_en="How long have you waited?",
        name_ko="기다린 세월",
        prompt_ko=nfd("얼마나 기다리셨나요?"),
    )
    assert answer.status_code == 303
    listing = page(admin_client.get(CAMPAIGNS))
    assert "Campaign waiting-years was saved." in listing
    campaign = campaign_named(db, "waiting-years")
    assert campaign is not None
    assert campaign.is_open
    assert campaign.opens_at == datetime(2026, 6, 1, tzinfo=UTC)
    assert campaign.closes_at == datetime(2026, 9, 1, tzinfo=UTC)
    texts = {row.locale: (row.name, row.prompt) for row in campaign.texts}
    assert texts == {
        "en": ("Waiting years", "How long have you waited?"),
        "ko": ("기다린 세월", "얼마나 기다리셨나요?"),
    }
    (event,) = events(db, "campaign.created")
    assert (event.actor_id, event.note) == (admin_client.user.id, "slug=waiting-years")

    edit = f"{CAMPAIGNS}/{campaign.id}"
    form = page(admin_client.get(edit))
    assert 'value="2026-06-01"' in form
    assert "기다린 세월" in form
    answer = post_form(
        admin_client,
        edit,
        edit,
        opens_at="2026-06-01",
        closes_at="",
        name_en="",
        prompt_en="",
        name_ko="기다림의 세월",
        prompt_ko="얼마나 기다리셨나요?",
    )  # is_open left unticked
    assert answer.status_code == 303
    campaign = campaign_named(db, "waiting-years")
    assert campaign is not None
    assert (campaign.is_open, campaign.closes_at) == (False, None)
    assert {row.locale: row.name for row in campaign.texts} == {"ko": "기다림의 세월"}
    (event,) = events(db, "campaign.updated")
    assert (event.actor_id, event.note) == (admin_client.user.id, "slug=waiting-years")
    assert "Stopped" in page(admin_client.get(CAMPAIGNS))


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        (
            {"opens_at": "2026-06-01", "closes_at": "2026-05-01"},
            400,
            "The closing day must come after the opening day.",
        ),
        (
            {"opens_at": "2026-06-01", "closes_at": "2026-06-01"},
            400,
            "The closing day must come after the opening day.",
        ),
        ({"opens_at": "31/05/2026"}, 400, "Enter a date, such as 2026-05-31."),
        ({"name_en": ""}, 400, "Give the campaign a name in at least one language."),
        (
            {"name_en": "", "name_ko": "", "prompt_ko": "무엇이든"},
            400,
            "Give the campaign a name in this language too",
        ),
        ({"slug": "first"}, 409, "Another campaign already has this short name."),
    ],
)
def test_a_bad_campaign_is_refused(
    db: Any, admin_client: Any, fields: dict[str, str], status: int, message: str
) -> None:
    """Are a window that closes before it opens, a bad date, a missing name or a taken short
    name refused, with nothing stored?"""
    first = {"slug": "first", "is_open": "y", "name_en": "First"}
    assert post_form(admin_client, CAMPAIGNS, CAMPAIGNS, **first).status_code == 303
    answer = post_form(
        admin_client, CAMPAIGNS, CAMPAIGNS, **{"slug": "second", "name_en": "Second", **fields}
    )
    assert answer.status_code == status
    assert message in page(answer)
    assert count(db, Campaign) == 1
    assert len(events(db, "campaign.created")) == 1


def test_an_edit_cannot_close_a_campaign_before_it_opens(db: Any, admin_client: Any) -> None:
    post_form(admin_client, CAMPAIGNS, CAMPAIGNS, slug="c", name_en="C", opens_at="2026-06-01")
    campaign = campaign_named(db, "c")
    assert campaign is not None
    edit = f"{CAMPAIGNS}/{campaign.id}"
    answer = post_form(
        admin_client, edit, edit, name_en="C", opens_at="2026-06-01", closes_at="2026-01-01"
    )
    assert answer.status_code == 400
    assert "The closing day must come after the opening day." in page(answer)
    campaign = campaign_named(db, "c")
    assert campaign is not None
    assert campaign.closes_at is None
    assert events(db, "campaign.updated") == []


# ---------------------------------------------------------------------------------------------
# Consent texts


def test_a_new_consent_version_leaves_earlier_versions_and_records_alone(
    db: Any, make_story: Any, admin_client: Any
) -> None:
    """Does publishing version 2 keep version 1 and the consent given under it as they were?"""
    story = make_story()
    db.session.rollback()
    first = db.session.scalar(select(ConsentText).where(ConsentText.language == "en"))
    assert first is not None
    before_text = (first.id, first.version, first.body, first.body_sha256, first.effective_from)
    record = db.session.scalar(select(ConsentRecord).where(ConsentRecord.story_id == story.id))
    assert record is not None
    before_record = (record.consent_text_id, record.text_version, record.text_sha256)

    body = "We keep your story " + nfd("café") + " notes.\r\n\r\nYou can take it back."
    answer = post_form(admin_client, CONSENT, CONSENT, language="en", body=body)
    assert answer.status_code == 303
    assert "Version 2 of the consent text in English is published." in page(
        admin_client.get(CONSENT)
    )

    db.session.rollback()
    versions = db.session.scalars(
        select(ConsentText).where(ConsentText.language == "en").order_by(ConsentText.version)
    ).all()
    assert [text.version for text in versions] == [1, 2]
    old, new = versions
    assert (old.id, old.version, old.body, old.body_sha256, old.effective_from) == before_text
    expected = "We keep your story café notes.\n\nYou can take it back."
    assert new.body == expected
    assert new.body_sha256 == hashlib.sha256(expected.encode()).hexdigest()
    record = db.session.get(ConsentRecord, record.id)
    assert (record.consent_text_id, record.text_version, record.text_sha256) == before_record
    (event,) = events(db, "consent_text.published")
    assert (event.actor_id, event.note) == (admin_client.user.id, "language=en; version=2")

    from storybank.services.consent import current_consent_text

    current = current_consent_text("en")
    assert current is not None
    assert current.version == 2

    listing = page(admin_client.get(CONSENT))
    assert new.body_sha256 in listing
    assert old.body_sha256 in listing
    detail = page(admin_client.get(f"{CONSENT}/{new.id}"))
    assert "<p>We keep your story café notes.</p>" in detail
    assert new.body_sha256 in detail
    assert admin_client.get(f"{CONSENT}/9999").status_code == 404


def test_the_first_korean_version_is_version_one(
    db: Any, make_story: Any, admin_client: Any
) -> None:
    make_story()
    answer = post_form(admin_client, CONSENT, CONSENT, language="ko", body="이야기를 보관합니다.")
    assert answer.status_code == 303
    db.session.rollback()
    text = db.session.scalar(select(ConsentText).where(ConsentText.language == "ko"))
    assert text is not None
    assert text.version == 1
    (event,) = events(db, "consent_text.published")
    assert event.note == "language=ko; version=1"


def test_consent_versions_can_be_scheduled_but_not_backdated(
    db: Any, make_story: Any, admin_client: Any
) -> None:
    """Does a future day schedule the version, while a past day, or a version in force before
    the one it follows, is refused?"""
    make_story()
    today = date.today()
    past = (today - timedelta(days=2)).isoformat()
    answer = post_form(admin_client, CONSENT, CONSENT, language="en", body="B", effective_from=past)
    assert answer.status_code == 400
    assert "A new version cannot take effect on a day that has passed." in page(answer)

    later = today + timedelta(days=30)
    answer = post_form(
        admin_client,
        CONSENT,
        CONSENT,
        language="en",
        body="Later",
        effective_from=later.isoformat(),
    )
    assert answer.status_code == 303
    assert "Scheduled" in page(admin_client.get(CONSENT))
    db.session.rollback()
    scheduled = db.session.scalar(select(ConsentText).where(ConsentText.version == 2))
    assert scheduled is not None
    assert scheduled.effective_from == datetime(later.year, later.month, later.day, tzinfo=UTC)

    from storybank.services.consent import current_consent_text

    current = current_consent_text("en")
    assert current is not None
    assert current.version == 1  # until the day comes

    answer = post_form(admin_client, CONSENT, CONSENT, language="en", body="Sooner")
    assert answer.status_code == 400
    assert "Version 2 takes effect on" in page(answer)
    assert len(events(db, "consent_text.published")) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"language": "en", "body": "  "}, "Write the text of the new version."),
        ({"language": "en", "body": "x" * 20_001}, "The most we can take is 20,000."),
        ({"language": "xx", "body": "Text"}, "Not a valid choice."),
        ({"language": "en", "body": "Text", "effective_from": "soon"}, "Enter a date"),
    ],
)
def test_a_bad_consent_version_is_refused(
    db: Any, admin_client: Any, fields: dict[str, str], message: str
) -> None:
    answer = post_form(admin_client, CONSENT, CONSENT, **fields)
    assert answer.status_code == 400
    assert message in page(answer)
    assert count(db, ConsentText) == 0


# ---------------------------------------------------------------------------------------------
# The audit log


def rows_of(html: str, action: str) -> int:
    return html.count(f"<code>{action}</code>")


def test_the_audit_log_lists_events_and_filters_them(
    db: Any, make_story: Any, make_staff: Any, admin_client: Any
) -> None:
    """Does the log show the events newest first, and narrow them by action, person, story
    and days?"""
    from storybank.services import audit

    story = make_story()
    other = make_staff("moderator")
    db.session.rollback()
    me = db.session.get(StaffUser, admin_client.user.id)
    them = db.session.get(StaffUser, other.id)
    the_story = db.session.merge(story)
    audit.record(
        "test.january", actor=me, story=the_story, occurred_at=datetime(2026, 1, 5, 12, tzinfo=UTC)
    )
    audit.record("test.march", actor=them, occurred_at=datetime(2026, 3, 10, 9, tzinfo=UTC))
    db.session.commit()

    html = page(admin_client.get(AUDIT))
    assert rows_of(html, "test.january") == rows_of(html, "test.march") == 1
    assert html.index("<code>test.march") < html.index("<code>test.january")  # newest first
    assert f'href="/moderate/stories/{story.id}"' in html
    assert story.public_id in html

    def shown(**query: str) -> str:
        answer = admin_client.get(AUDIT, query_string=query)
        assert answer.status_code == 200
        return page(answer)

    html = shown(action="test.march")
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (0, 1)
    html = shown(actor=str(other.id))
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (0, 1)
    html = shown(story=story.public_id.upper())
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (1, 0)
    html = shown(date_from="2026-03-01")
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (0, 1)
    html = shown(date_from="2026-01-05", date_to="2026-01-05")
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (1, 0)
    html = shown(story="0000000000000000")
    assert "No story has this address." in html
    assert (rows_of(html, "test.january"), rows_of(html, "test.march")) == (0, 0)


@pytest.mark.parametrize(
    "query",
    [
        {"action": "no.such.action"},
        {"actor": "abc"},
        {"actor": "99999"},
        {"story": "<script>"},
        {"date_from": "yesterday"},
        {"date_from": "2026-02-30"},
        {"date_from": "2026-03-01", "date_to": "2026-01-01"},
        {"page": "-3"},
        {"page": "999999999999"},
    ],
)
def test_bad_audit_filters_are_ignored_with_a_message(
    admin_client: Any, query: dict[str, str]
) -> None:
    """Does a bad filter value leave the log working instead of failing?"""
    answer = admin_client.get(AUDIT, query_string=query)
    assert answer.status_code == 200
    html = page(answer)
    assert "account.signed_in" in html  # the filter was left out
    if "page" not in query:
        assert "field__errors" in html


def test_the_audit_log_has_pages_of_fifty(db: Any, admin_client: Any) -> None:
    from storybank.services import audit

    db.session.rollback()
    for _ in range(60):
        audit.record("test.bulk")
    db.session.commit()
    first = page(admin_client.get(AUDIT, query_string={"action": "test.bulk"}))
    assert rows_of(first, "test.bulk") == 50
    assert "60 events" in first
    assert re.search(r'href="[^"]*page=2[^"]*"', first)
    second = page(admin_client.get(AUDIT, query_string={"action": "test.bulk", "page": "2"}))
    assert rows_of(second, "test.bulk") == 10


# ---------------------------------------------------------------------------------------------
# Who may open the admin pages

ADMIN_PAGES = [
    ADMIN,
    USERS,
    THEMES,
    f"{THEMES}/1",
    CAMPAIGNS,
    f"{CAMPAIGNS}/1",
    CONSENT,
    f"{CONSENT}/1",
    AUDIT,
]
ADMIN_ACTIONS = [
    USERS,
    f"{USERS}/1/disable",
    f"{USERS}/1/enable",
    f"{USERS}/1/reset-second-factor",
    f"{USERS}/1/role",
    THEMES,
    f"{THEMES}/1",
    CAMPAIGNS,
    f"{CAMPAIGNS}/1",
    CONSENT,
]


@pytest.mark.parametrize("role", ["moderator", "translator"])
def test_moderators_and_translators_are_refused_every_admin_page(
    db: Any, staff_client: Any, role: str
) -> None:
    """Does every admin page and action answer 403 to a moderator and a translator?"""
    client = staff_client(role)
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path
    for path in ADMIN_ACTIONS:
        answer = post_form(client, "/moderate/account/password", path, role="admin")
        assert answer.status_code == 403, path
    user = fresh(db, StaffUser, client.user.id)
    assert user.role is Role(role)
    assert count(db, Theme) == count(db, Campaign) == count(db, ConsentText) == 0


def test_visitors_without_a_session_are_sent_to_sign_in(client: Any) -> None:
    for path in ADMIN_PAGES:
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.location.endswith("/moderate/login"), path

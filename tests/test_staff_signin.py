"""Staff sign-in: password, then a TOTP code (enrolled on first sign-in), throttling per
account, session expiry, and sessions that end on the server."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from conftest import STAFF_PASSWORD, form_token, hidden_fields, sign_in
from storybank.models import AuditEvent, StaffUser


def _code_for(secret: str, step: int) -> str:
    return pyotp.TOTP(secret).generate_otp(step)


def _last_step(db: Any, user: Any) -> int:
    db.session.rollback()
    step = db.session.get(StaffUser, user.id).totp_last_step
    assert step is not None
    return step


def _password_step(client: Any, email: str, password: str = STAFF_PASSWORD) -> Any:
    token = form_token(client, "/moderate/login")
    return client.post(
        "/moderate/login", data={"csrf_token": token, "email": email, "password": password}
    )


def _code_step(client: Any, code: str) -> Any:
    token = form_token(client, "/moderate/login/code")
    return client.post("/moderate/login/code", data={"csrf_token": token, "totp": code})


def _sign_out(client: Any) -> Any:
    return client.post(
        "/moderate/logout", data={"csrf_token": form_token(client, "/moderate/logout")}
    )


def _actions(db: Any) -> list[str]:
    db.session.rollback()
    return [event.action for event in db.session.query(AuditEvent).order_by(AuditEvent.id)]


def test_first_sign_in_enrols_the_second_factor(client, moderator, db):
    """Does a first sign-in show a QR code and the secret, and sign in only after a code?"""
    answer = _password_step(client, moderator.email)
    assert answer.status_code == 303 and answer.location.endswith("/moderate/login/enrol")
    # Not signed in yet: the queue still sends the visitor to sign in.
    assert client.get("/moderate/").location.endswith("/moderate/login")
    page = client.get("/moderate/login/enrol").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # the QR code, made here, not by a third party
    secret = page.split('id="totp-secret"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert len(secret) == 32
    wrong = client.post(
        "/moderate/login/enrol",
        data={"csrf_token": hidden_fields(page)["csrf_token"], "totp": "000000"},
    )
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.get_data(as_text=True)
    page = client.get("/moderate/login/enrol").get_data(as_text=True)
    answer = client.post(
        "/moderate/login/enrol",
        data={"csrf_token": hidden_fields(page)["csrf_token"], "totp": pyotp.TOTP(secret).now()},
    )
    assert answer.status_code == 303 and answer.location.endswith("/moderate/")
    assert client.get("/moderate/").status_code == 200
    db.session.rollback()
    user = db.session.get(StaffUser, moderator.id)
    assert user.totp_confirmed_at is not None
    # The secret is encrypted at rest, like a password.
    raw = db.session.execute(
        db.text("SELECT totp_secret FROM staff_users WHERE id = :id"), {"id": user.id}
    ).scalar()
    assert secret not in raw
    assert _actions(db)[-3:] == [
        "account.sign_in_failed",
        "account.second_factor_enrolled",
        "account.signed_in",
    ]


def test_a_used_code_is_refused_the_second_time(app, client, moderator, db):
    """Is a TOTP code that was accepted once refused when it is used again?"""
    secret = sign_in(client, moderator.email)
    used = _last_step(db, moderator)
    assert _sign_out(client).status_code == 303
    assert _password_step(client, moderator.email).location.endswith("/moderate/login/code")
    replay = _code_step(client, _code_for(secret, used))
    assert replay.status_code == 400
    assert "used already" in replay.get_data(as_text=True)
    older = _code_step(client, _code_for(secret, used - 1))
    assert older.status_code == 400
    fresh = _code_step(client, _code_for(secret, used + 1))
    assert fresh.status_code == 303
    assert client.get("/moderate/").status_code == 200


def test_wrong_password_and_unknown_address_get_the_same_answer(client, moderator):
    """Does a wrong password read exactly like an address that has no account?"""
    wrong_password = _password_step(client, moderator.email, "not the password at all")
    unknown = _password_step(client, "nobody@example.org")
    assert wrong_password.status_code == unknown.status_code == 400
    message = "The e-mail address or the password is not right"
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_the_sixth_failed_sign_in_in_a_minute_is_refused(app, moderator, make_staff):
    """After five failures in a minute, is the account throttled, and only that account?"""
    client = app.test_client()
    for _ in range(5):
        assert _password_step(client, moderator.email, "wrong password here").status_code == 400
    sixth = _password_step(client, moderator.email)  # even the right password waits
    assert sixth.status_code == 429
    assert "Too many tries" in sixth.get_data(as_text=True)
    other = make_staff("moderator")
    assert _password_step(app.test_client(), other.email).status_code == 303


def test_wrong_codes_count_towards_the_same_limit(app, client, moderator, db):
    """Are wrong second-factor codes throttled per account too?"""
    secret = sign_in(client, moderator.email)
    _sign_out(client)
    _password_step(client, moderator.email)
    for _ in range(5):
        assert _code_step(client, "123456").status_code == 400
    assert _code_step(client, _code_for(secret, _last_step(db, moderator) + 1)).status_code == 429


def test_an_idle_session_expires_after_thirty_minutes(client, moderator):
    """Is a session unused for over 30 minutes ended, and the visitor sent to sign in?"""
    sign_in(client, moderator.email)
    with client.session_transaction() as session:
        session["staff_seen_at"] -= 29 * 60
    assert client.get("/moderate/").status_code == 200
    with client.session_transaction() as session:
        session["staff_seen_at"] -= 31 * 60
    expired = client.get("/moderate/")
    assert expired.status_code == 303 and expired.location.endswith("/moderate/login")
    page = client.get("/moderate/login").get_data(as_text=True)
    assert "signed out after a time without activity" in page
    # The old cookie does not come back to life.
    assert client.get("/moderate/").status_code == 303


def test_a_session_ends_after_twelve_hours_however_busy(client, moderator):
    """Does a session end twelve hours after sign-in even when it was used all along?"""
    sign_in(client, moderator.email)
    with client.session_transaction() as session:
        session["staff_signed_in_at"] -= 12 * 60 * 60 + 1
    assert client.get("/moderate/").location.endswith("/moderate/login")


def test_text_typed_when_the_session_ended_is_shown_to_copy(client, moderator, make_story):
    """When a session expired while someone typed, is their text shown back, not lost?"""
    story = make_story()
    sign_in(client, moderator.email)
    token = form_token(client, f"/moderate/stories/{story.id}")
    with client.session_transaction() as session:
        session["staff_seen_at"] -= 31 * 60
    answer = client.post(
        f"/moderate/stories/{story.id}/text",
        data={
            "csrf_token": token,
            "publishable_text": "A long edit, typed slowly.",
            "revision": "1",
        },
    )
    assert answer.status_code == 401
    page = answer.get_data(as_text=True)
    assert "A long edit, typed slowly." in page and "was not saved" in page


def test_signing_out_ends_every_session_of_the_account(app, moderator, db):
    """Does signing out on one device end the account's session on the others too?"""
    laptop, phone = app.test_client(), app.test_client()
    secret = sign_in(laptop, moderator.email)
    _password_step(phone, moderator.email)
    assert _code_step(phone, _code_for(secret, _last_step(db, moderator) + 1)).status_code == 303
    assert phone.get("/moderate/").status_code == 200
    assert _sign_out(laptop).status_code == 303
    ended = phone.get("/moderate/")
    assert ended.status_code == 303 and ended.location.endswith("/moderate/login")
    assert "account.signed_out" in _actions(db)


def test_a_new_password_ends_every_session(app, moderator, db):
    """Does changing the password end all sessions, and does only the new one work after?"""
    laptop, phone = app.test_client(), app.test_client()
    secret = sign_in(laptop, moderator.email)
    _password_step(phone, moderator.email)
    _code_step(phone, _code_for(secret, _last_step(db, moderator) + 1))
    token = form_token(laptop, "/moderate/account/password")
    weak = laptop.post(
        "/moderate/account/password",
        data={
            "csrf_token": token,
            "current_password": STAFF_PASSWORD,
            "new_password": "password1234",
            "confirm_password": "password1234",
        },
    )
    assert weak.status_code == 400 and "too easy to guess" in weak.get_data(as_text=True)
    wrong = laptop.post(
        "/moderate/account/password",
        data={
            "csrf_token": token,
            "current_password": "not my password",
            "new_password": "quiet harbour pepper violin",
            "confirm_password": "quiet harbour pepper violin",
        },
    )
    assert wrong.status_code == 400 and "current password is not right" in wrong.get_data(
        as_text=True
    )
    changed = laptop.post(
        "/moderate/account/password",
        data={
            "csrf_token": token,
            "current_password": STAFF_PASSWORD,
            "new_password": "quiet harbour pepper violin",
            "confirm_password": "quiet harbour pepper violin",
        },
    )
    assert changed.status_code == 303
    assert laptop.get("/moderate/").status_code == 303
    assert phone.get("/moderate/").status_code == 303
    assert _password_step(app.test_client(), moderator.email).status_code == 400
    assert (
        _password_step(
            app.test_client(), moderator.email, "quiet harbour pepper violin"
        ).status_code
        == 303
    )
    assert "account.password_changed" in _actions(db)


def test_the_code_step_needs_a_recent_password_step(client, moderator):
    """Can the code step be reached without the password, or long after it?"""
    assert client.get("/moderate/login/code").location.endswith("/moderate/login")
    assert client.get("/moderate/login/enrol").location.endswith("/moderate/login")
    _password_step(client, moderator.email)
    with client.session_transaction() as session:
        session["staff_pending_at"] = int(time.time()) - 11 * 60
    assert client.get("/moderate/login/enrol").location.endswith("/moderate/login")


def test_staff_pages_are_never_stored(client, moderator):
    """Do staff pages, the sign-in page included, tell browsers and proxies not to keep them?"""
    assert client.get("/moderate/login").headers["Cache-Control"] == "no-store"
    sign_in(client, moderator.email)
    assert client.get("/moderate/").headers["Cache-Control"] == "no-store"


def test_the_session_cookie_holds_no_address_hash(client, moderator):
    """Does the staff session carry nothing derived from the address or browser?"""
    sign_in(client, moderator.email)
    with client.session_transaction() as session:
        assert session["_id"] == "staff"
        assert set(session) <= {
            "_user_id",
            "_fresh",
            "_id",
            "csrf_token",
            "staff_signed_in_at",
            "staff_seen_at",
            "_flashes",
        }


@pytest.mark.parametrize("setting", ["0"])
def test_without_required_totp_the_password_is_enough(app_factory, make_staff, setting):
    """When an organisation turns the second factor off, does the password alone sign in?"""
    app = app_factory(STORYBANK_STAFF_TOTP_REQUIRED=setting)
    client = app.test_client()
    with app.app_context():
        user = make_staff("moderator")
        email = user.email
    assert _password_step(client, email).location.endswith("/moderate/")
    assert client.get("/moderate/").status_code == 200


def test_the_staff_language_switcher_stays_in_the_staff_area(client, moderator):
    """Does choosing Korean on a staff page show that same page in Korean?"""
    sign_in(client, moderator.email)
    answer = client.get("/language/ko?next=/moderate/")
    assert answer.status_code == 303 and answer.location.endswith("/moderate/")
    page = client.get("/moderate/").get_data(as_text=True)
    assert '<html lang="ko"' in page
    assert client.get("/language/ko?next=//evil.example/moderate/").location.endswith("/ko/")


def test_only_the_test_suite_hashes_passwords_cheaply(app_factory):
    """A site hashes staff passwords with Argon2id at the library's recommended costs; only the
    suite's own applications use the lowest costs, and either verifies the other's hashes."""
    from argon2 import PasswordHasher

    from storybank.services.accounts import hasher

    served = app_factory(STORYBANK_ENV="development")
    with served.app_context():
        full = hasher()
    with app_factory().app_context():
        cheap = hasher()
    recommended = PasswordHasher()
    assert (full.time_cost, full.memory_cost) == (recommended.time_cost, recommended.memory_cost)
    assert cheap.memory_cost < full.memory_cost
    assert full.verify(cheap.hash("river stone lantern"), "river stone lantern")
    assert cheap.verify(full.hash("river stone lantern"), "river stone lantern")

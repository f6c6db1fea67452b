"""Staff accounts: creation, password rules, signing in with a second factor, and what admins
do to accounts. Every change is audited."""

from __future__ import annotations

import functools
import hmac
import re
import time

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from zxcvbn import zxcvbn

from ..extensions import db
from ..models import Role, StaffUser
from ..models._types import utcnow
from . import audit

MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: "safely unguessable"
ZXCVBN_LIMIT = 72
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

password_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs
# The same Argon2id at its lowest costs, for the test suite only (STORYBANK_ENV=testing): it
# signs in hundreds of staff members, each of whom would otherwise cost a quarter of a second.
_TESTING_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def hasher() -> PasswordHasher:
    """The password hasher of this application (any of them verifies any stored hash)."""
    return _TESTING_HASHER if current_app.config.get("TESTING") else password_hasher


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


class WrongPassword(AccountError):
    """The current password given to confirm a change is not the account's."""


def password_problem(password: str, context: tuple[str, ...] = ()) -> str | None:
    """Why a password is not acceptable, or None if it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(count)d characters for the password.", count=MIN_PASSWORD_LENGTH)
    # zxcvbn refuses to rate more than 72 characters; a longer passphrase is rated by its start.
    result = zxcvbn(password[:ZXCVBN_LIMIT], user_inputs=[text[:ZXCVBN_LIMIT] for text in context])
    if result["score"] < MIN_PASSWORD_SCORE:
        return _("This password is too easy to guess. A few uncommon words together work well.")
    return None


def create_staff_user(
    email: str,
    role: Role,
    password: str,
    display_name: str = "",
    created_by: StaffUser | None = None,
) -> StaffUser:
    """Create a staff account; refuses a duplicate address or a weak password."""
    email = email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise AccountError(_("Enter a valid e-mail address."))
    exists = db.session.scalar(select(func.count()).where(StaffUser.email == email))
    if exists:
        raise AccountError(_("An account with this e-mail address already exists."))
    problem = password_problem(password, context=(email, display_name))
    if problem:
        raise AccountError(problem)
    user = StaffUser(
        email=email,
        role=role,
        display_name=display_name.strip(),
        password_hash=hasher().hash(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", actor=created_by, note=f"role={role.value}; account={user.id}")
    return user


# ---------------------------------------------------------------------------------------------
# Signing in


@functools.cache
def _dummy_hash(used: PasswordHasher) -> str:
    """Verified when no account has the address, so that a wrong address takes as long as a
    wrong password."""
    return used.hash("storybank: no account has this address")


def find_staff_user(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(StaffUser.email == email.strip().lower()))


def check_password(email: str, password: str) -> StaffUser | None:
    """The enabled account with this address and password, or None (same work either way)."""
    user = find_staff_user(email)
    try:
        hasher().verify(user.password_hash if user else _dummy_hash(hasher()), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user_ok = False
    else:
        user_ok = user is not None
    if user is None or not user_ok or user.is_disabled:
        if user is not None:
            audit.record("account.sign_in_failed", note=f"account={user.id}; step=password")
        return None
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
    return user


TOTP_STEP_SECONDS = 30
TOTP_DIGITS = 6
TOTP_PATTERN = re.compile(r"^[0-9]{6}$")


def start_enrolment(user: StaffUser) -> str:
    """A new TOTP secret for an account without a confirmed second factor."""
    if user.totp_confirmed_at is not None:
        raise AccountError(_("This account already has a second factor."))
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        user.totp_last_step = None
    return user.totp_secret


def provisioning_uri(user: StaffUser, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    assert user.totp_secret is not None
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)


def check_totp(user: StaffUser, code: str, now: float | None = None) -> bool:
    """Whether `code` is the account's current code (one step of clock drift either way).

    A code that was accepted once is refused afterwards, as is any code older than it.
    """
    code = re.sub(r"\s", "", code or "")
    if user.totp_secret is None or not TOTP_PATTERN.match(code):
        return False
    totp = pyotp.TOTP(user.totp_secret, digits=TOTP_DIGITS, interval=TOTP_STEP_SECONDS)
    step_now = int((time.time() if now is None else now) // TOTP_STEP_SECONDS)
    for step in (step_now - 1, step_now, step_now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            if user.totp_last_step is not None and step <= user.totp_last_step:
                return False  # replayed
            user.totp_last_step = step
            return True
    return False


def record_failed_code(user: StaffUser) -> None:
    audit.record("account.sign_in_failed", note=f"account={user.id}; step=second_factor")


def confirm_enrolment(user: StaffUser, code: str) -> bool:
    """Confirm the second factor with a first code from the authenticator app."""
    if user.totp_confirmed_at is not None or not check_totp(user, code):
        return False
    user.totp_confirmed_at = utcnow()
    audit.record("account.second_factor_enrolled", actor=user)
    return True


def signed_in(user: StaffUser) -> None:
    user.last_sign_in_at = utcnow()
    audit.record("account.signed_in", actor=user)


def end_sessions(user: StaffUser) -> None:
    """Every session of this account stops working at its next request."""
    user.session_version += 1


def sign_out(user: StaffUser) -> None:
    end_sessions(user)
    audit.record("account.signed_out", actor=user)


def change_password(user: StaffUser, current: str, new: str) -> None:
    """Change one's own password; every session of the account ends."""
    try:
        hasher().verify(user.password_hash, current)
    except (VerifyMismatchError, VerificationError, InvalidHashError) as wrong:
        raise WrongPassword(_("The current password is not right.")) from wrong
    if current == new:
        raise AccountError(_("Choose a new password that differs from the current one."))
    problem = password_problem(new, context=(user.email, user.display_name))
    if problem:
        raise AccountError(problem)
    user.password_hash = hasher().hash(new)
    user.password_changed_at = utcnow()
    end_sessions(user)
    audit.record("account.password_changed", actor=user, note=f"account={user.id}")


# ---------------------------------------------------------------------------------------------
# What admins do to accounts


def _refuse_self(admin: StaffUser, user: StaffUser) -> None:
    if admin.id == user.id:
        raise AccountError(_("You cannot do this to your own account. Ask another administrator."))


def set_disabled(admin: StaffUser, user: StaffUser, disabled: bool) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    _refuse_self(admin, user)
    if user.is_disabled == disabled:
        return
    user.is_disabled = disabled
    if disabled:
        end_sessions(user)
    action = "account.disabled" if disabled else "account.enabled"
    audit.record(action, actor=admin, note=f"account={user.id}")


def reset_second_factor(admin: StaffUser, user: StaffUser) -> None:
    """Forget the account's second factor: it enrols again at its next sign-in."""
    _refuse_self(admin, user)
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    end_sessions(user)
    audit.record("account.second_factor_reset", actor=admin, note=f"account={user.id}")


def change_role(admin: StaffUser, user: StaffUser, role: Role) -> None:
    _refuse_self(admin, user)
    if user.role is role:
        return
    before = user.role
    user.role = role
    end_sessions(user)
    audit.record(
        "account.role_changed",
        actor=admin,
        note=f"account={user.id}; role={before.value} -> {role.value}",
    )

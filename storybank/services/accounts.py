"""Staff accounts: creation and password rules."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from flask_babel import gettext as _
from sqlalchemy import func, select
from zxcvbn import zxcvbn

from ..extensions import db
from ..models import Role, StaffUser
from . import audit

MIN_PASSWORD_LENGTH = 12
MIN_PASSWORD_SCORE = 3  # zxcvbn: "safely unguessable"
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

password_hasher = PasswordHasher()  # Argon2id with the library's current recommended costs


class AccountError(ValueError):
    """The account cannot be created or changed as asked; the message says why."""


def password_problem(password: str, context: tuple[str, ...] = ()) -> str | None:
    """Why a password is not acceptable, or None if it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Use at least %(count)d characters for the password.", count=MIN_PASSWORD_LENGTH)
    result = zxcvbn(password[:100], user_inputs=list(context))
    if result["score"] < MIN_PASSWORD_SCORE:
        return _("This password is too easy to guess. A few uncommon words together work well.")
    return None


def create_staff_user(email: str, role: Role, password: str, display_name: str = "") -> StaffUser:
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
        password_hash=password_hasher.hash(password),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", note=f"role={role.value}; account={user.id}")
    return user

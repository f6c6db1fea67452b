"""Staff sessions: the account a session belongs to, valid only at its current session version."""

from __future__ import annotations

from flask import Flask

from .extensions import db, login_manager
from .models import StaffUser


def load_staff_user(session_id: str) -> StaffUser | None:
    """The account for a session id `"<id>:<version>"`, if enabled and the version is current."""
    user_id, _, version = session_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(StaffUser, int(user_id))
    if user is None or user.is_disabled or user.session_version != int(version):
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_staff_user)
    # No "strong" protection: it would keep a hash of the address and browser in the session.
    # Sessions end on the server instead, through the account's session version.
    login_manager.session_protection = None
    # Flask-Login would also put that hash in every session cookie; a constant keeps it out.
    login_manager._session_identifier_generator = lambda: "staff"

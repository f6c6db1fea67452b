"""Staff accounts: moderators, translators and admins."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..crypto import EncryptedText
from ..extensions import Model
from ._types import UTCDateTime, string_enum, utcnow


class Role(enum.StrEnum):
    TRANSLATOR = "translator"
    MODERATOR = "moderator"
    # Builds packets and exports of the stories whose consent allows that use (SPEC §10).
    ORGANIZER = "organizer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.TRANSLATOR: _l("Translator"),
    Role.MODERATOR: _l("Moderator"),
    Role.ORGANIZER: _l("Organizer"),
    Role.ADMIN: _l("Administrator"),
}


class StaffUser(Model):
    """A staff account: Argon2id password hash, TOTP second factor, and a session version."""

    __tablename__ = "staff_users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("session_version >= 1", name="session_version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[Role] = mapped_column(string_enum(Role, "role"))
    password_hash: Mapped[str] = mapped_column(String(255))
    # The TOTP secret is as sensitive as the password: encrypted at rest.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last accepted TOTP time step, so a code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Bumped on sign-out, password change and disabling: every older session stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    is_disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def name(self) -> str:
        """How the account is shown to other staff."""
        return self.display_name or self.email

    # Flask-Login's user protocol.
    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The session identifier: the account and its session version."""
        return f"{self.id}:{self.session_version}"

"""Who may do what in the staff area: one table, used by every staff view and tested as a table."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, TypeVar

from .models import Role, StaffUser


class Permission(enum.StrEnum):
    OWN_ACCOUNT = "own_account"  # sign out, change one's own password
    REVIEW = "review"  # the queue, the review page, claiming, editing and redacting the text
    DECIDE = "decide"  # publish, unpublish, request changes, decline (also in bulk)
    VIEW_CONTACT = "view_contact"  # the storyteller's contact details, when they allowed contact
    INTAKE = "intake"  # record a story on a storyteller's behalf
    TRANSLATE = "translate"  # add and edit translations of the publishable text
    APPROVE_TRANSLATION = "approve_translation"  # make a translation public
    MANAGE_USERS = "manage_users"
    MANAGE_TAXONOMY = "manage_taxonomy"  # themes and campaigns
    MANAGE_CONSENT_TEXTS = "manage_consent_texts"
    VIEW_AUDIT_LOG = "view_audit_log"
    # Export the stories whose storyteller allows a use (SPEC §10): their approved text only.
    EXPORT = "export"


P = Permission

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.TRANSLATOR: frozenset({P.OWN_ACCOUNT, P.TRANSLATE}),
    Role.MODERATOR: frozenset(
        {P.OWN_ACCOUNT, P.REVIEW, P.DECIDE, P.VIEW_CONTACT, P.INTAKE, P.APPROVE_TRANSLATION}
    ),
    # Puts finished stories to the uses their storytellers allow: never the queue, the originals,
    # the flags, names beyond the attribution or contact details.
    Role.ORGANIZER: frozenset({P.OWN_ACCOUNT, P.EXPORT}),
    Role.ADMIN: frozenset(Permission),
}


def role_allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]


def user_can(user: Any, permission: Permission) -> bool:
    """Whether a signed-in staff member holds `permission` (False for anyone else)."""
    return isinstance(user, StaffUser) and role_allows(user.role, permission)


ViewT = TypeVar("ViewT", bound=Callable[..., Any])

# Where the permission of a staff view is kept; a view without one is refused to everyone.
PERMISSION_ATTRIBUTE = "required_permission"


def requires(permission: Permission) -> Callable[[ViewT], ViewT]:
    """Mark a staff view with the permission it needs (checked by the blueprint's guard)."""

    def mark(view: ViewT) -> ViewT:
        setattr(view, PERMISSION_ATTRIBUTE, permission)
        return view

    return mark


def required_permission(view: Callable[..., Any] | None) -> Permission | None:
    return getattr(view, PERMISSION_ATTRIBUTE, None)

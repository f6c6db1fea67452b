"""Staff accounts: add one, disable and enable, reset a second factor, change a role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...models import Role, StaffUser
from ...permissions import requires
from ...services import accounts
from ..access import bp
from ..forms import ConfirmForm
from .common import P, or_404
from .forms import new_user_form, role_form


def _render_users(form: Any = None, *, error: str | None = None, status: int = 200) -> Any:
    users = db.session.scalars(
        select(StaffUser).order_by(StaffUser.is_disabled, StaffUser.email)
    ).all()
    return (
        render_template(
            "moderate/admin/users.html",
            users=users,
            form=form if form is not None else new_user_form(formdata=None),
            roles=list(Role),
            action_form=ConfirmForm(formdata=None),
            error=error,
        ),
        status,
    )


def _creation_refused(form: Any, refusal: accounts.AccountError) -> Any:
    """The form again with the reason on the field at fault; nothing was stored."""
    db.session.rollback()
    email = (form.email.data or "").strip().lower()
    if accounts.find_staff_user(email) is not None:
        field, status = form.email, 409
    elif not accounts.EMAIL_PATTERN.match(email):
        field, status = form.email, 400
    else:
        field, status = form.password, 400
    field.errors = [str(refusal)]
    return _render_users(form, status=status)


@bp.route("/admin/users", methods=["GET", "POST"])
@requires(P.MANAGE_USERS)
def admin_users() -> Any:
    """The staff accounts, and the form to add one."""
    form = new_user_form()
    if not form.is_submitted():
        return _render_users(form)
    if not form.validate_on_submit():
        return _render_users(form, status=400)
    try:
        user = accounts.create_staff_user(
            form.email.data,
            Role(form.role.data),
            form.password.data,
            display_name=form.display_name.data or "",
            created_by=current_user,
        )
    except accounts.AccountError as refused:
        return _creation_refused(form, refused)
    db.session.commit()
    flash(
        _(
            "The account of %(email)s was created. Give them the first password in person: they "
            "set up their second factor when they first sign in.",
            email=user.email,
        ),
        "notice",
    )
    return redirect(url_for("moderate.admin_users"), code=303)


def _change_account(
    user_id: int,
    form: Any,
    change: Callable[[StaffUser], str],
) -> Any:
    """Apply one admin action to an account; a refusal shows the list with the reason."""
    user = or_404(StaffUser, user_id)
    if not form.validate_on_submit():
        return _render_users(
            error=_("Nothing was changed: choose one of the roles in the list, then send again."),
            status=400,
        )
    try:
        notice = change(user)
    except accounts.AccountError as refused:
        db.session.rollback()
        return _render_users(error=str(refused), status=409)
    db.session.commit()
    flash(notice, "notice")
    return redirect(url_for("moderate.admin_users"), code=303)


@bp.post("/admin/users/<int:user_id>/disable")
@requires(P.MANAGE_USERS)
def admin_user_disable(user_id: int) -> Any:
    """Disable an account: it cannot sign in, and its open sessions end at once."""

    def disable(user: StaffUser) -> str:
        accounts.set_disabled(current_user, user, True)
        return _("%(name)s can no longer sign in. Their open sessions have ended.", name=user.name)

    return _change_account(user_id, ConfirmForm(), disable)


@bp.post("/admin/users/<int:user_id>/enable")
@requires(P.MANAGE_USERS)
def admin_user_enable(user_id: int) -> Any:
    """Let a disabled account sign in again."""

    def enable(user: StaffUser) -> str:
        accounts.set_disabled(current_user, user, False)
        return _("%(name)s can sign in again.", name=user.name)

    return _change_account(user_id, ConfirmForm(), enable)


@bp.post("/admin/users/<int:user_id>/reset-second-factor")
@requires(P.MANAGE_USERS)
def admin_user_reset_second_factor(user_id: int) -> Any:
    """Forget an account's second factor (a lost phone): it enrols again at its next sign-in."""

    def reset(user: StaffUser) -> str:
        accounts.reset_second_factor(current_user, user)
        return _(
            "The second factor of %(name)s was reset. They set up a new one when they next "
            "sign in.",
            name=user.name,
        )

    return _change_account(user_id, ConfirmForm(), reset)


@bp.post("/admin/users/<int:user_id>/role")
@requires(P.MANAGE_USERS)
def admin_user_role(user_id: int) -> Any:
    """Give an account another role; its open sessions end so the new role applies at once."""
    form = role_form()

    def change(user: StaffUser) -> str:
        role = Role(form.role.data)
        if user.role is role and user.id != current_user.id:
            return _("Nothing was changed: %(name)s has this role already.", name=user.name)
        accounts.change_role(current_user, user, role)
        return _("%(name)s now has the role: %(role)s.", name=user.name, role=role.label)

    return _change_account(user_id, form, change)

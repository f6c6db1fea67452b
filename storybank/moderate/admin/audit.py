"""The audit log: every event, newest first, with filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import false, select
from sqlalchemy.orm import selectinload

from ...db.pagination import paginate_rows
from ...extensions import db
from ...models import AuditEvent, StaffUser, Story
from ...permissions import requires, user_can
from ..access import bp
from .common import P
from .forms import (
    AuditFilterForm,
    add_error,
    audit_filter_form,
    day_start,
)

AUDIT_PER_PAGE = 50


def _audit_query(form: AuditFilterForm) -> Any:
    """The events the filters ask for; a filter with a bad value is left out (with its message)."""
    query = select(AuditEvent, Story.public_id).outerjoin(Story, AuditEvent.story_id == Story.id)
    if form.action.data and not form.action.errors:
        query = query.where(AuditEvent.action == form.action.data)
    if form.actor.data and not form.actor.errors:
        query = query.where(AuditEvent.actor_id == int(form.actor.data))
    if form.story.data and not form.story.errors:
        story_id = db.session.scalar(select(Story.id).where(Story.public_id == form.story.data))
        if story_id is None:
            add_error(form.story, _("No story has this address."))
            query = query.where(false())
        else:
            query = query.where(AuditEvent.story_id == story_id)
    if form.date_from.data and not form.date_from.errors:
        query = query.where(AuditEvent.occurred_at >= day_start(form.date_from.data))
    if form.date_to.data and not form.date_to.errors:
        end = day_start(form.date_to.data + timedelta(days=1))
        query = query.where(AuditEvent.occurred_at < end)
    return query


@bp.get("/admin/audit")
@requires(P.VIEW_AUDIT_LOG)
def audit_log() -> Any:
    """Every audit event, newest first, 50 to a page, with filters."""
    actions = db.session.scalars(
        select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    ).all()
    staff = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    actors = [
        (user.id, f"{user.display_name} <{user.email}>" if user.display_name else user.email)
        for user in staff
    ]
    form = audit_filter_form(request.args, actions, actors)
    form.validate()
    query = (
        _audit_query(form)
        .options(selectinload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    return render_template(
        "moderate/admin/audit.html",
        form=form,
        page=paginate_rows(db.session, query, form.page.data, AUDIT_PER_PAGE, last_if_beyond=True),
        show_back=user_can(current_user, P.MANAGE_USERS),
    )

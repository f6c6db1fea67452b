"""Signing in (password, then the second factor, with enrolment the first time), signing out,
and changing one's own password."""

from __future__ import annotations

import time
from typing import Any

import segno
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers.response import Response as BaseResponse

from ..auth import load_staff_user
from ..extensions import db, limiter
from ..models import StaffUser
from ..permissions import Permission, requires
from ..ratelimit import keyed_hash
from ..services import accounts
from .access import bp, end_session, landing_endpoint, start_session
from .forms import CodeForm, ConfirmForm, PasswordChangeForm, SignInForm

# SPEC §4.10: sign-in is throttled per account, so guessing one account's password cannot
# lock out any other; the same budget covers wrong second-factor codes.
ACCOUNT_LIMIT = "5 per minute"
# One address trying many accounts.
ADDRESS_LIMIT = "30 per 10 minutes"

PENDING = "staff_pending"
PENDING_AT = "staff_pending_at"
# The password step is good for this long; then the second step starts over.
PENDING_SECONDS = 10 * 60


def _failed(_response: Any) -> bool:
    return bool(g.get("sign_in_failed"))


def _pending_user() -> StaffUser | None:
    """The account that gave its password in this session, if recently and still valid."""
    pending, started = session.get(PENDING), session.get(PENDING_AT)
    if not isinstance(pending, str) or not isinstance(started, int):
        return None
    if time.time() - started > PENDING_SECONDS:
        return None
    return load_staff_user(pending)


def _account_key() -> str:
    """The throttling key of the account being signed in to (never the address itself)."""
    if request.endpoint == "moderate.login":
        email = (request.form.get("email") or "").strip().lower()
    else:
        user = _pending_user()
        email = user.email if user else "(no account)"
    return keyed_hash(f"staff-account:{email}")


account_limit = limiter.shared_limit(
    ACCOUNT_LIMIT,
    scope="staff-sign-in",
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed)
@account_limit
def login() -> Any:
    """Step one: e-mail address and password."""
    if current_user.is_authenticated:
        return redirect(url_for(landing_endpoint(current_user)))
    form = SignInForm()
    if not form.validate_on_submit():
        return render_template(
            "moderate/login.html", form=form
        ), 400 if form.is_submitted() else 200
    user = accounts.check_password(form.email.data, form.password.data or "")
    if user is None:
        g.sign_in_failed = True
        db.session.commit()  # the audit event of a failed attempt on a real account
        form.password.errors = [
            _("The e-mail address or the password is not right, or the account is disabled.")
        ]
        return render_template("moderate/login.html", form=form), 400
    needs_enrolment = user.totp_confirmed_at is None
    if needs_enrolment and not current_app.config["STORYBANK_STAFF_TOTP_REQUIRED"]:
        accounts.signed_in(user)
        db.session.commit()
        start_session(user)
        return redirect(url_for(landing_endpoint(user)), code=303)
    if needs_enrolment:
        accounts.start_enrolment(user)
    db.session.commit()
    session.clear()
    session[PENDING] = user.get_id()
    session[PENDING_AT] = int(time.time())
    target = "moderate.enrol" if needs_enrolment else "moderate.second_factor"
    return redirect(url_for(target), code=303)


def _restart_sign_in() -> BaseResponse:
    session.clear()
    flash(_("Please sign in again: the first step was too long ago."), "notice")
    return redirect(url_for("moderate.login"), code=303)


def _finish(user: StaffUser) -> BaseResponse:
    accounts.signed_in(user)
    db.session.commit()
    start_session(user)
    return redirect(url_for(landing_endpoint(user)), code=303)


@bp.route("/login/code", methods=["GET", "POST"])
@account_limit
def second_factor() -> Any:
    """Step two: the code from the authenticator app."""
    user = _pending_user()
    if user is None or user.totp_confirmed_at is None:
        return _restart_sign_in()
    form = CodeForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("moderate/second_factor.html", form=form), status
    if not accounts.check_totp(user, form.totp.data):
        g.sign_in_failed = True
        accounts.record_failed_code(user)
        db.session.commit()
        form.totp.errors = [
            _("This code is not right, or it was used already. Wait for the next code and try it.")
        ]
        return render_template("moderate/second_factor.html", form=form), 400
    return _finish(user)


@bp.route("/login/enrol", methods=["GET", "POST"])
@account_limit
def enrol() -> Any:
    """First sign-in: set up the authenticator app with a QR code, then confirm with a code."""
    user = _pending_user()
    if user is None or user.totp_confirmed_at is not None or user.totp_secret is None:
        return _restart_sign_in()
    form = CodeForm()
    if form.validate_on_submit():
        if accounts.confirm_enrolment(user, form.totp.data):
            return _finish(user)
        g.sign_in_failed = True
        accounts.record_failed_code(user)
        db.session.commit()
        form.totp.errors = [
            _(
                "This code is not right. Check that the app shows this account, then try the "
                "new code."
            )
        ]
    organisation = current_app.config["STORYBANK_ORGANISATION"]
    uri = accounts.provisioning_uri(user, issuer=organisation.name)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, border=4)
    status = 400 if form.is_submitted() else 200
    return (
        render_template(
            "moderate/enrol.html", form=form, qr=qr, secret=user.totp_secret, email=user.email
        ),
        status,
    )


@bp.route("/logout", methods=["GET", "POST"])
@requires(Permission.OWN_ACCOUNT)
def logout() -> Any:
    """Sign out: every session of this account ends on the server."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("moderate/logout.html", form=form)
    accounts.sign_out(current_user)
    db.session.commit()
    end_session()
    flash(_("You are signed out."), "notice")
    return redirect(url_for("moderate.login"), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.OWN_ACCOUNT)
def change_password() -> Any:
    """Change one's own password; every session of the account ends, this one included."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except accounts.AccountError as refused:
            db.session.rollback()
            field = (
                form.current_password
                if isinstance(refused, accounts.WrongPassword)
                else form.new_password
            )
            field.errors = [str(refused)]
        else:
            db.session.commit()
            end_session()
            flash(_("Your password was changed. Please sign in with the new one."), "notice")
            return redirect(url_for("moderate.login"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("moderate/password.html", form=form), status

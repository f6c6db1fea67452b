"""Routes outside any language: the language redirect, the language choice, the health check."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers.response import Response as BaseResponse

from .extensions import db
from .i18n import LANG_COOKIE, STAFF_PREFIX, enabled_locales, preferred_locale

bp = Blueprint("site", __name__)

ONE_YEAR = 365 * 24 * 60 * 60


@bp.get("/")
def root() -> BaseResponse:
    """Send the visitor to their language: earlier choice, then browser languages, then default."""
    response = redirect(url_for("stories.home", locale=preferred_locale()), code=302)
    response.headers["Vary"] = "Accept-Language, Cookie"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/language/<tag>")
def choose_language(tag: str) -> BaseResponse:
    """Remember the visitor's explicit choice of language, then show the page in it."""
    if tag not in enabled_locales():
        abort(404)
    target = request.args.get("next", "")
    stays = target.startswith(f"/{tag}/") or target.startswith(f"{STAFF_PREFIX}/")
    if not is_local_path(target) or not stays:
        target = url_for("stories.home", locale=tag)
    response = redirect(target, code=303)
    response.set_cookie(
        LANG_COOKIE,
        tag,
        max_age=ONE_YEAR,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def is_local_path(target: str) -> bool:
    """Whether a redirect target stays on this site (a path, not a scheme or another host)."""
    return target.startswith("/") and not target.startswith("//") and "\\" not in target


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        response, status = jsonify(status="error", database="unreachable"), 503
    else:
        response, status = jsonify(status="ok", database="ok"), 200
    response.headers["Cache-Control"] = "no-store"
    return response, status


@bp.get("/theme.css")
def theme_css() -> Response:
    """The organisation's colours as CSS custom properties (no inline styles anywhere)."""
    organisation = current_app.config["STORYBANK_ORGANISATION"]
    css = (
        ":root {\n"
        f"  --colour-brand: {organisation.primary_colour};\n"
        f"  --colour-accent: {organisation.accent_colour};\n"
        "}\n"
    )
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response

"""Routes outside any language: the language redirect, the language choice, the health check,
the page for a body the proxy refused."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, request, url_for
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import is_resource_modified
from werkzeug.wrappers.response import Response as BaseResponse

from .errors import RETRY_AFTER_SECONDS, render_error
from .extensions import db
from .i18n import LANG_COOKIE, STAFF_PREFIX, enabled_locales, preferred_locale
from .models import Media, Story
from .services.public import public_stories

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


@bp.get("/request-too-large")
@bp.get("/<locale>/request-too-large")
def request_too_large(locale: str | None = None) -> Response:
    """The page for a request whose body the proxy refused for its size (nginx asks for it
    instead of its own English page), in the language of the address the form was sent to."""
    response = render_error(413)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    """Answer 200 when the database answers, 503 otherwise."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("health check: database unreachable")
        db.session.rollback()
        response, status = jsonify(status="error", database="unreachable"), 503
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
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


@bp.get("/media/<public_id:media_id>")
def media(media_id: str) -> Response:
    """A photo or recording of a story the public may see now, 404 otherwise. The ETag is the
    file's checksum: a cached copy stays valid for as long as the story is public, and a cache
    that asks again after `max-age` is refused the moment it is not."""
    public_ids = public_stories().with_only_columns(Story.id)
    found = db.session.execute(
        select(Media.id, Media.sha256, Media.content_type, Media.created_at).where(
            Media.public_id == media_id, Media.story_id.in_(public_ids)
        )
    ).one_or_none()
    if found is None:
        abort(404)
    max_age = current_app.config["STORYBANK_PUBLIC_MAX_AGE"]
    if is_resource_modified(request.environ, etag=found.sha256):
        data = db.session.scalar(select(Media.data).where(Media.id == found.id)) or b""
        response = Response(data, mimetype=found.content_type)
        response.headers["Content-Disposition"] = "inline"
        # Byte ranges let a browser seek in a recording.
        response.make_conditional(request, accept_ranges=True, complete_length=len(data))
    else:
        response = Response(status=304)
    response.set_etag(found.sha256)
    response.last_modified = found.created_at.replace(microsecond=0)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response

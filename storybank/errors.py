"""Error pages in the visitor's language (and JSON for the API), never a stack trace; a
database that is away answers 503 with everything a person typed kept on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, current_app, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import StatementError
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.urls import iri_to_uri

from .db.engines import describe_database_error, is_unavailable, statement_error_message
from .extensions import db
from .i18n import STORY_LANGUAGES

MESSAGES = {
    400: (
        _l("Something in the request was not right"),
        _l("Please go back, check what you entered, and try again."),
    ),
    403: (
        _l("You cannot open this page"),
        _l("Your account does not have permission for this page."),
    ),
    404: (
        _l("Page not found"),
        _l("We could not find this page. The address may be mistyped, or the page was moved."),
    ),
    405: (
        _l("This action is not possible here"),
        _l("This page cannot be used that way. Please go back and use the buttons on the page."),
    ),
    410: (
        _l("This story is no longer here"),
        _l("The person who shared this story has taken it back. We respect their choice."),
    ),
    413: (
        _l("The files are too large"),
        _l(
            "What you sent is larger than we can accept. Photos can be up to 10 MB and "
            "recordings up to 25 MB. Please choose a smaller file and try again."
        ),
    ),
    429: (
        _l("Too many tries"),
        _l("Please wait a few minutes, then try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("This is not your fault. Please try again in a few minutes."),
    ),
    503: (
        _l("We have a short technical problem"),
        _l("This is not your fault. Please wait a moment, then try again."),
    ),
}


def messages_for(code: int) -> tuple[Any, Any]:
    """The title and message of an error page: its own, else those of its class (4xx or 5xx),
    so a status without words of its own keeps its code and never becomes a 500."""
    return MESSAGES.get(code) or MESSAGES[400 if code < 500 else 500]


def render_error(code: int, parameter: str | None = None) -> Response:
    """The error answer for `code`: JSON under /api/, otherwise a page in the visitor's language."""
    title, message = messages_for(code)
    if request_ctx.url_adapter is None:
        # Not even routable (a Host header no server could have): a page would need addresses
        # of this site to link its stylesheet and navigation, so the answer is plain text.
        response = plain_answer(code)
    elif request.path.startswith("/api/"):
        error: dict[str, Any] = {"status": code, "title": str(title)}
        if parameter is not None:
            error["parameter"] = parameter
        response = jsonify(error=error)
    else:
        response = make_response(
            render_template(
                "errors/error.html", code=code, title=title, message=message, layout=layout()
            )
        )
    response.status_code = code
    return response


def layout() -> str:
    return "layouts/staff.html" if request.path.startswith("/moderate") else "layouts/public.html"


# Read and discard at most this much of a refused upload, so the sender sees the answer.
DRAIN_LIMIT = 128 * 1024 * 1024


def drain_request_body() -> None:
    """Read the rest of a refused request: a browser still sending a large file when the server
    answers and closes the connection shows "connection reset" instead of the 413 page."""
    declared, limit = request.content_length, request.max_content_length
    # Only a request refused for its declared size is unread; any other may be partly read, and
    # reading past its end would wait for bytes that never come.
    if not declared or not limit or declared <= limit:
        return
    remaining = min(declared, DRAIN_LIMIT)
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return
    try:
        while remaining > 0:
            chunk = stream.read(min(remaining, 64 * 1024))
            if not chunk:
                break
            remaining -= len(chunk)
    except OSError:
        pass  # the sender went away; nothing to answer


def handle_http_error(error: HTTPException) -> Response | HTTPException:
    code = error.code or 500
    if code < 400:
        return error
    if code == 413:
        drain_request_body()
    try:
        response = render_error(code, getattr(error, "parameter", None))
    except Exception as failure:
        # The page needed the database (the staff layout reads the signed-in account).
        if not is_unavailable(failure):
            raise
        return answer_unavailable(failure)
    # Keep what the error says beyond its page, such as `Allow` (405) and `Retry-After` (429).
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def handle_unexpected(error: InternalServerError) -> Response:
    """The 500 page, or the 503 page when the error that got this far (from an `after_request`
    hook, or from an error page) says the database is away."""
    if is_unavailable(error.original_exception):
        return answer_unavailable(error.original_exception)
    rollback_quietly()
    try:
        return render_error(500)
    except Exception as failure:
        if is_unavailable(failure):
            return answer_unavailable(failure)
        current_app.logger.exception("the error page could not be drawn")
        return plain_answer(500)


def plain_answer(code: int) -> Response:
    """An error as plain text in the visitor's language, for when no page can be drawn."""
    title, message = messages_for(code)
    response = make_response(f"{title}\n\n{message}\n", code)
    response.mimetype = "text/plain"
    return response


def rollback_quietly() -> None:
    """End the request's transaction; with the server gone, the rollback itself may fail, and
    then the session gives its connections up instead."""
    try:
        db.session.rollback()
    except Exception:
        try:
            db.session().invalidate()
        except Exception:
            current_app.logger.warning("the database session could not be closed", exc_info=True)


# ---------------------------------------------------------------------------------------------
# The database is away: 503, come back soon, nothing you typed is lost

# What `Retry-After` says: long enough for a database server to restart, short enough for a
# person to wait with the page open.
RETRY_AFTER_SECONDS = 30

# Never written back into a page: a person types these again.
SECRET_FIELD_NAMES = ("password", "passphrase", "secret", "totp")
# Fields that hold what someone wrote at length, shown so it can also be copied.
PROSE_FIELDS = frozenset({"body", "answer", "message", "note", "text", "publishable_text"})
PROSE_LENGTH = 200
# Characters an HTML page cannot hold (controls other than white space, noncharacters).
_NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class KeptForm:
    """A form sent while the database was away, as the page that answers it writes it back:
    every field again (hidden), long texts shown, files to choose again, secrets left out."""

    action: str
    enctype: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (field, name of the file)
    secrets_left_out: bool = False
    text_language: str | None = None  # the story's language, when the form says it


def html_text(value: str) -> str:
    return _NOT_IN_HTML.sub("", value)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_FIELD_NAMES)


def kept_form() -> KeptForm | None:
    """The form this request sent, to send again; None when it sent none (or one that cannot
    be read, such as a body over the size limit)."""
    if request.method != "POST":
        return None
    try:
        form, files = request.form, request.files
    except HTTPException:
        drain_request_body()
        return None
    multipart = request.mimetype == "multipart/form-data" or bool(files)
    kept = KeptForm(
        action=iri_to_uri(request.full_path.removesuffix("?")),
        enctype=FORM_TYPES[1] if multipart else FORM_TYPES[0],
    )
    for name, value in form.items(multi=True):
        if is_secret(name):
            kept.secrets_left_out = True
            continue
        value = html_text(value)
        kept.fields.append((html_text(name), value))
        if value.strip() and (name in PROSE_FIELDS or "\n" in value or len(value) >= PROSE_LENGTH):
            kept.texts.append(value)
    kept.files = [
        (html_text(name), html_text(upload.filename))
        for name, upload in files.items(multi=True)
        if upload.filename
    ]
    if not (kept.fields or kept.files or kept.secrets_left_out):
        return None
    language = form.get("story_language")
    if language in STORY_LANGUAGES:
        kept.text_language = language
    return kept


def describe_outage(error: BaseException) -> str:
    """One log line's worth of what the database said, quoting no stored value."""
    if isinstance(error, StatementError):
        return statement_error_message(error)
    kind = type(error)
    return f"({kind.__module__}.{kind.__qualname__}) {describe_database_error(error)}"


def handle_database_error(error: Exception) -> Response:
    """Any exception a view, a hook or a stored page meets: the 503 answer when it says the
    database is away, otherwise on to the 500 handling (log, page) as before."""
    if not is_unavailable(error):
        raise error
    return answer_unavailable(error)


def answer_unavailable(error: BaseException | None) -> Response:
    """503 with `Retry-After`: a page in the visitor's language (JSON under /api/) that keeps
    whatever form was sent, drawn without the database."""
    current_app.logger.warning(
        "database unavailable, answered 503: %s", describe_outage(error) if error else "-"
    )
    rollback_quietly()
    response = unavailable_body()
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # It may hold a form token and what someone typed; and it must not outlive the outage.
    response.headers["Cache-Control"] = "no-store"
    return response


MINIMAL_LAYOUT = "errors/_minimal.html"


def unavailable_body() -> Response:
    if request_ctx.url_adapter is None or request.path.startswith("/api/"):
        return render_error(503)
    title, message = messages_for(503)
    context: dict[str, Any] = {
        "code": 503,
        "title": title,
        "message": message,
        "kept": kept_form(),
        "again": iri_to_uri(request.full_path.removesuffix("?")),
        "is_get": request.method in ("GET", "HEAD"),
        # The account is not read again: the page must be drawn without the database.
        "current_user": None,
    }
    try:
        return make_response(render_template("errors/unavailable.html", layout=layout(), **context))
    except Exception:
        # The layout (or something it calls) needed the database after all.
        current_app.logger.warning("503 page drawn without its layout", exc_info=True)
        rollback_quietly()
    try:
        # Without the context processors either: only what the page itself is given.
        page = current_app.jinja_env.get_template("errors/unavailable.html").render(
            layout=MINIMAL_LAYOUT,
            organisation=current_app.config["STORYBANK_ORGANISATION"],
            **context,
        )
        return make_response(page)
    except Exception:
        current_app.logger.exception("503 page could not be drawn")
        return plain_answer(503)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)
    # Every other exception passes here first: a database away is answered 503 at once.
    app.register_error_handler(Exception, handle_database_error)

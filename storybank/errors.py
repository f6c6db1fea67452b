"""Error pages in the visitor's language (and JSON for the API), never a stack trace."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask.globals import request_ctx
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db

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
        response = make_response(f"{title}\n\n{message}\n")
        response.mimetype = "text/plain"
    elif request.path.startswith("/api/"):
        error: dict[str, Any] = {"status": code, "title": str(title)}
        if parameter is not None:
            error["parameter"] = parameter
        response = jsonify(error=error)
    else:
        layout = (
            "layouts/staff.html" if request.path.startswith("/moderate") else "layouts/public.html"
        )
        response = make_response(
            render_template(
                "errors/error.html", code=code, title=title, message=message, layout=layout
            )
        )
    response.status_code = code
    return response


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
    response = render_error(code, getattr(error, "parameter", None))
    # Keep what the error says beyond its page, such as `Allow` (405) and `Retry-After` (429).
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def handle_unexpected(error: Exception) -> Response:
    db.session.rollback()
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected)

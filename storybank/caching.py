"""HTTP caching of what the public reads: validators from the public edition, checked before
anything is rendered, and a small per-process store of rendered pages keyed by those validators.

A page's ETag digests the deployment (code, templates, catalogs, settings), the public edition
number and the address. Any change the public can see moves the edition (db/editions.py),
so every validator changes in the same transaction; a conditional request whose ETag still
matches is answered 304 after one primary-key read. The page store is only a shortcut: its keys
include the edition, which is read from the database on every request, so a worker never serves
a page older than the database says (no correctness rests on process memory).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple, TypeVar, cast

from flask import Flask, Response, current_app, g, make_response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.http import is_resource_modified
from werkzeug.wrappers import Request

from . import PROJECT_ROOT
from .db.editions import read_edition
from .db.engines import is_database_error
from .extensions import db
from .inputs import usable_host

View = TypeVar("View", bound=Callable[..., Any])

_FINGERPRINT = "STORYBANK_DEPLOYMENT"
_STORE = "storybank.page_store"


class Validators(NamedTuple):
    etag: str
    last_modified: datetime | None


class StoredPage(NamedTuple):
    body: bytes
    headers: tuple[tuple[str, str], ...]


# Headers that belong to one answer, not to every answer of a page.
_OWN_HEADERS = frozenset(
    {"content-length", "set-cookie", "etag", "last-modified", "cache-control", "date"}
)


class PageStore:
    """Rendered public pages, least recently used out first, and the headers each public
    endpoint answers with (thread-safe)."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._pages: OrderedDict[str, StoredPage] = OrderedDict()
        self._lock = threading.Lock()
        self.endpoint_headers: dict[str, tuple[tuple[str, str], ...]] = {}

    def get(self, key: str) -> StoredPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: StoredPage) -> None:
        if not self.entries:
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)


def deployment_fingerprint(app: Flask) -> str:
    """A digest of what shapes public pages besides the database: the code, templates, catalogs,
    static files and settings. The same on every worker and host running the same release."""
    digest = hashlib.sha256()
    for key in (
        "STORYBANK_ORGANISATION",
        "STORYBANK_LOCALES",
        "STORYBANK_DEFAULT_LOCALE",
        "STORYBANK_PUBLIC_MAX_AGE",
    ):
        digest.update(repr(app.config.get(key)).encode())
    roots = (PROJECT_ROOT / "storybank", PROJECT_ROOT / "templates", PROJECT_ROOT / "translations")
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".html", ".txt", ".mo", ".css", ".js"):
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(PROJECT_ROOT)}:{stat.st_size}:{stat.st_mtime_ns}".encode()
                )
    return digest.hexdigest()[:16]


def public_validators(app: Flask, engine: Engine, request: Request) -> Validators:
    """Validators for a request's address at the current public edition."""
    edition = read_edition(engine)
    key = "\x1f".join(
        (
            app.config[_FINGERPRINT],
            str(edition.number),
            # With the number, when it moved: a restored backup starts again from an older
            # number, and must not match what caches kept from before the restore.
            edition.changed_at.isoformat() if edition.changed_at else "",
            # Pages hold absolute links (canonical, feed, API): one copy per host name.
            request.host_url,
            request.full_path,
        )
    )
    etag = hashlib.sha256(key.encode()).hexdigest()[:32]
    changed = edition.changed_at.replace(microsecond=0) if edition.changed_at else None
    return Validators(etag, changed)


def _finish(response: Response, validators: Validators, max_age: int) -> Response:
    response.set_etag(validators.etag)
    if validators.last_modified is not None:
        response.last_modified = validators.last_modified
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response


def answer_early(
    app: Flask, engine: Engine, request: Request, endpoint: str
) -> tuple[Response | None, Validators]:
    """A 304 when the reader's copy is current, or this worker's stored rendering of the page
    at the current edition; None when the page has to be rendered."""
    validators = public_validators(app, engine, request)
    store: PageStore = app.extensions[_STORE]
    max_age = app.config["STORYBANK_PUBLIC_MAX_AGE"]
    headers = store.endpoint_headers.get(endpoint)
    if headers is not None and not is_resource_modified(
        request.environ, etag=validators.etag, last_modified=validators.last_modified
    ):
        plain = [(name, value) for name, value in headers if name.lower() != "content-type"]
        return _finish(Response(status=304, headers=plain), validators, max_age), validators
    stored = store.get(validators.etag)
    if stored is not None:
        return _finish(Response(stored.body, headers=list(stored.headers)), validators, max_age), (
            validators
        )
    return None, validators


def cached_publicly(view: View) -> View:
    """Serve a public GET view with validators: 304 before rendering when the reader's copy is
    current, a stored rendering when this worker has one for the current edition, and
    `Cache-Control: public, max-age=STORYBANK_PUBLIC_MAX_AGE` on what it renders."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        early, validators = answer_early(app, db.engine, request, request.endpoint or "")
        if early is not None:
            return early
        response = make_response(view(*args, **kwargs))
        if response.status_code != 200:
            return response
        g.page_store_key = validators.etag
        return _finish(response, validators, app.config["STORYBANK_PUBLIC_MAX_AGE"])

    wrapper.cached_publicly = True  # type: ignore[attr-defined]
    return cast(View, wrapper)


def _remember(response: Response) -> Response:
    """After every other hook: keep the headers of public answers, and the page just rendered,
    exactly as they leave the application."""
    endpoint = request.endpoint
    view = current_app.view_functions.get(endpoint or "")
    if not getattr(view, "cached_publicly", False) or response.status_code != 200:
        return response
    headers = tuple(
        (name, value) for name, value in response.headers if name.lower() not in _OWN_HEADERS
    )
    store: PageStore = current_app.extensions[_STORE]
    store.endpoint_headers[endpoint or ""] = headers
    key = g.pop("page_store_key", None)
    if key and not response.is_streamed:
        store.put(key, StoredPage(response.get_data(), headers))
    return response


class FastPath:
    """WSGI middleware: conditional requests and stored pages of public views are answered
    before Flask sets up a request (no session, no routing twice, no rate-limit bookkeeping),
    with the same validators and headers the view would send. Anything else goes to Flask."""

    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.engine: Engine | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            response = self._early(environ)
            if response is not None:
                return response(environ, start_response)
        return self.wsgi_app(environ, start_response)

    def _early(self, environ: dict[str, Any]) -> Response | None:
        store: PageStore = self.app.extensions[_STORE]
        request = Request(environ)
        if not usable_host(request):
            return None  # Flask refuses it (storybank/inputs.py)
        try:
            endpoint, arguments = self.app.url_map.bind_to_environ(environ).match()
        except HTTPException:
            return None
        if endpoint not in store.endpoint_headers:
            return None  # not a public view, or not answered once yet by this worker
        locale = arguments.get("locale")
        if locale is not None and locale not in self.app.config["STORYBANK_LOCALES"]:
            return None
        if self.engine is None:
            with self.app.app_context():
                self.engine = db.engine
        try:
            early, _validators = answer_early(self.app, self.engine, request, endpoint)
        except Exception as error:
            # The edition is read on a raw connection, whose errors are the driver's own. The
            # request goes on to Flask, which answers it (503 when the database is away, a page
            # in any case, never the server's bare 500) and logs what it meets.
            if not (isinstance(error, SQLAlchemyError) or is_database_error(error)):
                self.app.logger.exception("stored page check failed")
            return None
        return early


def init_app(app: Flask) -> None:
    app.config[_FINGERPRINT] = deployment_fingerprint(app)
    app.extensions[_STORE] = PageStore(app.config["STORYBANK_PAGE_CACHE"])
    # Registered before the other hooks, so it runs after them and sees the final headers.
    app.after_request(_remember)
    app.wsgi_app = FastPath(app, app.wsgi_app)  # type: ignore[method-assign]

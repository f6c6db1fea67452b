"""What a PDF may load while it is laid out: `data:` URLs and files of the static folder.

Everything else is refused before any connection or file is opened, so that no text in a
document (a story's, a recipient's) can make the server fetch a URL or read a file of its own.
Imports WeasyPrint: only `render_pdf` imports this module, when it makes a PDF.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import DataHandler, Request, url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_FOLDER = Path(__file__).resolve().parent.parent / "static"


class ResourceNotAllowed(ValueError):
    """A URL that a PDF may not load: WeasyPrint logs it and leaves the resource out."""


def static_file(url: str, static_folder: Path = STATIC_FOLDER) -> Path:
    """The file a `file:` URL names, if it is inside the static folder (after `..` and links)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        raise ResourceNotAllowed(f"not a local file URL: {url[:100]}")
    path = Path(url2pathname(parts.path)).resolve()
    if not path.is_relative_to(static_folder.resolve()) or not path.is_file():
        raise ResourceNotAllowed(f"not a file of the static folder: {url[:100]}")
    return path


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, answering `data:` URLs and static files and refusing the rest."""

    def __init__(self, static_folder: Path = STATIC_FOLDER) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.static_folder = static_folder

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            # Decoded here rather than by the opener, whose proxy handlers read the environment;
            # only the data handler sees the URL, so no other scheme can be opened.
            with DataHandler().data_open(Request(url)) as answer:  # noqa: S310
                return URLFetcherResponse(url, answer.read(), dict(answer.headers.items()))
        if scheme == "file":
            path = static_file(url, self.static_folder)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})
        raise ResourceNotAllowed(f"only data: URLs and static files are loaded, not {url[:100]}")

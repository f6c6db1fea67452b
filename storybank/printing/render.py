"""HTML to PDF: WeasyPrint, loaded only when a PDF is asked for, with the print stylesheet."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def print_stylesheet() -> str:
    """The print stylesheet (page size, page numbers, a font for each script), as CSS text."""
    return files("storybank.printing").joinpath("print.css").read_text(encoding="utf-8")


def render_pdf(html: str, *, base_url: str | None = None, title: str | None = None) -> bytes:
    """The PDF of an HTML document laid out with the print stylesheet.

    Relative URLs resolve against `base_url`; only `data:` URLs and files of the static folder
    are ever read (see `fetcher`). `title` becomes the PDF's title in place of the `<title>`.
    """
    # WeasyPrint costs about 30 MB and a second to import: only a PDF download pays for it.
    import weasyprint

    from .fetcher import StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    stylesheet = weasyprint.CSS(string=print_stylesheet(), url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=[stylesheet]
    )
    if title is not None:
        document.metadata.title = title
    pdf: bytes = document.write_pdf()
    return pdf

"""Packet PDFs: every script set in a font that has it, as real text; a page for the cover and for
each story; and nothing fetched from the network while a PDF is made."""

from __future__ import annotations

import logging
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from conftest import PG_URL
from storybank.printing import render_pdf

# Rendering needs no database: the PostgreSQL pass of the suite would only repeat it.
pytestmark = pytest.mark.skipif(bool(PG_URL), reason="PDF rendering runs in the SQLite pass")

# (lang, dir, heading, the word "family", a sentence around it)
STORIES = (
    ("ko", "ltr", "Korean", "가족", "우리 가족은 서울에서 왔습니다."),
    ("zh-Hans", "ltr", "Simplified Chinese", "家庭", "我们的家庭来自上海。"),
    ("zh-Hant", "ltr", "Traditional Chinese", "家庭", "我們的家庭來自臺北。"),
    ("ja", "ltr", "Japanese", "家族", "私たちの家族は東京から来ました。"),
    ("ur", "rtl", "Urdu", "خاندان", "ہمارا خاندان لاہور سے آیا۔"),
    ("hi", "ltr", "Hindi", "परिवार", "हमारा परिवार दिल्ली से आया।"),
    ("th", "ltr", "Thai", "ครอบครัว", "ครอบครัวของเรามาจากเชียงใหม่"),
    ("km", "ltr", "Khmer", "គ្រួសារ", "គ្រួសាររបស់យើងមកពីភ្នំពេញ។"),
    ("vi", "ltr", "Vietnamese", "gia đình", "Chúng tôi là một gia đình đến từ Huế."),
    ("en", "ltr", "English", "family", "Our family came from Chicago."),
)
# WeasyPrint maps each glyph to the text of the first cluster it was drawn for (its ToUnicode
# table), so scripts whose shaping substitutes and reorders glyphs (Devanagari's pre-base
# vowel sign, Khmer's subscript consonants, Nastaliq's contextual forms) come out of pdftotext
# garbled although the page shows them right (Kozea/WeasyPrint#2841). For these the test
# holds their font, their letters in the text layer and the absence of missing glyphs instead.
GLYPH_LEVEL_TEXT = {"ur": "\u0600-\u06ff", "hi": "\u0900-\u097f", "km": "\u1780-\u17ff"}
FONTS = {
    "Noto-Sans-CJK-KR",
    "Noto-Sans-CJK-SC",
    "Noto-Sans-CJK-TC",
    "Noto-Sans-CJK-JP",
    "Noto-Nastaliq-Urdu",
    "Noto-Sans-Devanagari",
    "Noto-Sans-Thai",
    "Noto-Sans-Khmer",
}


def poppler(tool: str, *args: str | Path) -> str:
    """What one of poppler's tools prints (`make pdf-deps` installs them before the suite)."""
    program = shutil.which(tool)
    if program is None:
        pytest.fail(f"{tool} is missing (Debian's poppler-utils): `make pdf-deps` installs it")
    answer = subprocess.run(
        [program, *map(str, args)], capture_output=True, text=True, check=True, timeout=60
    )
    return answer.stdout


def page_count(pdf: Path) -> int:
    found = re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", pdf), re.MULTILINE)
    assert found, "pdfinfo reports no page count"
    return int(found[1])


def document(*sections: str, lang: str = "en") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Packet</title>'
        f"</head><body>{''.join(sections)}</body></html>"
    )


def cover(title: str) -> str:
    return (
        f'<section class="cover"><h1>{escape(title)}</h1>'
        "<dl><dt>Use</dt><dd>Elected officials</dd><dt>Recipient</dt>"
        "<dd>Office of Senator Example</dd></dl></section>"
    )


def story(heading: str, original: str, *, lang: str, direction: str, translation: str = "") -> str:
    texts = f'<div class="story__original" lang="{lang}" dir="{direction}"><p>{original}</p></div>'
    if translation:
        texts += f'<div class="story__translation" lang="en" dir="ltr"><p>{translation}</p></div>'
    return (
        f'<section class="story"><h2>{escape(heading)}</h2>'
        f'<div class="story__texts">{texts}</div>'
        '<p class="story__attribution">— A neighbour</p></section>'
    )


class Records(logging.Handler):
    """What WeasyPrint logged while a PDF was made."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def every_script(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    """A cover and one story per script, each beside an English translation, as a PDF, with
    the warnings WeasyPrint logged while making it."""
    sections = [cover("Stories of family")]
    for lang, direction, heading, _, sentence in STORIES:
        sections.append(
            story(heading, sentence, lang=lang, direction=direction, translation="Our family.")
        )
    handler = Records()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        pdf = render_pdf(document(*sections), title="Stories of family")
    finally:
        logger.removeHandler(handler)
    path = tmp_path_factory.mktemp("printing") / "every-script.pdf"
    path.write_bytes(pdf)
    warnings = [r.getMessage() for r in handler.records if r.levelno >= logging.WARNING]
    yield path, warnings


def test_every_script_is_text_in_the_pdf(every_script):
    """Does each story's word for "family" come out of the PDF as text (not boxes or images),
    and each script that cannot round-trip at least as letters of that script?"""
    pdf, _ = every_script
    text = " ".join(poppler("pdftotext", pdf, "-").split())
    for lang, _, heading, word, _ in STORIES:
        assert heading in text
        if lang in GLYPH_LEVEL_TEXT:
            assert re.search(f"[{GLYPH_LEVEL_TEXT[lang]}]{{3}}", text), lang
        else:
            assert word in text, lang


def test_every_script_is_set_in_its_own_font(every_script):
    """Is each script's Noto font embedded in the PDF, and was no character left without a
    glyph (WeasyPrint warns when it draws one as .notdef) or a style declaration ignored?"""
    pdf, warnings = every_script
    rows = poppler("pdffonts", pdf).splitlines()[2:]
    embedded = {
        re.sub(r"^[A-Z]{6}\+", "", row.split()[0]) for row in rows if " yes yes yes " in row
    }
    assert embedded >= FONTS, sorted(embedded)
    assert warnings == []


def test_the_cover_and_each_story_begin_a_page(every_script):
    """Is the cover alone on the first page, unnumbered, and does each story begin a page of
    its own, numbered "n / total" in the footer?"""
    pdf, _ = every_script
    assert page_count(pdf) == 1 + len(STORIES)
    pages = poppler("pdftotext", pdf, "-").split("\f")[:-1]
    assert "Stories of family" in pages[0]
    assert "Office of Senator Example" in pages[0]
    assert " / " not in pages[0]
    total = len(pages)
    for number, (page, (_, _, heading, _, _)) in enumerate(
        zip(pages[1:], STORIES, strict=True), start=2
    ):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0].strip("\u202a\u202b\u202c") == heading
        assert f"{number} / {total}" in page
    assert re.search(r"^Title:\s+Stories of family$", poppler("pdfinfo", pdf), re.MULTILINE)


def words_on(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(left, right, word) of every word pdftotext finds on a page, in points."""
    html = poppler("pdftotext", "-bbox", "-f", str(page), "-l", str(page), pdf, "-")
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', html)
    return [(float(left), float(right), word) for left, right, word in found]


def test_texts_sit_side_by_side_and_right_to_left_text_starts_at_the_right(tmp_path):
    """Does a translation sit in a second column beside its story, does a right-to-left story
    end at the right edge of its column, and does a story without a translation take the
    whole width?"""
    alone = " ".join(["A story told without any translation beside it."] * 8)
    html = document(
        story("Urdu", "خاندان", lang="ur", direction="rtl", translation="Family"),
        story("Alone", alone, lang="en", direction="ltr"),
    )
    pdf = tmp_path / "columns.pdf"
    pdf.write_bytes(render_pdf(html))
    middle = 612 / 2
    first = words_on(pdf, 1)
    urdu = [(left, right) for left, right, word in first if re.search("[\u0600-\u06ff]", word)]
    assert urdu
    assert min(left for left, _ in urdu) > 54 + 100  # not at the column's left edge
    assert middle - 30 < max(right for _, right in urdu) < middle
    [(left, _, _)] = [w for w in first if w[2] == "Family"]
    assert left > middle
    assert max(right for _, right, _ in words_on(pdf, 2)) > middle + 150


def test_an_empty_document_is_one_blank_page(tmp_path):
    """Does an empty document still make a valid PDF (one page)?"""
    pdf = render_pdf("")
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "empty.pdf"
    path.write_bytes(pdf)
    assert page_count(path) == 1


REFUSED = (
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.css",
    "ftp://example.org/x.png",
    "file:///etc/passwd",
    "file://example.org/etc/passwd",
    "file://localhost/etc/passwd",
)


@pytest.mark.parametrize("url", REFUSED)
def test_the_fetcher_refuses_every_url_but_data_and_static_files(url):
    """Is a URL to anywhere but a `data:` URL or a file of the static folder refused?"""
    from storybank.printing.fetcher import ResourceNotAllowed, StaticOnlyFetcher

    with pytest.raises(ResourceNotAllowed):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_reads_data_urls_and_static_files_only_inside_the_folder():
    """Are `data:` URLs and files of the static folder read, and a path that climbs out of the
    folder (`..`) refused?"""
    from storybank.printing.fetcher import STATIC_FOLDER, ResourceNotAllowed, StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    answer = fetcher.fetch("data:text/plain;base64,ZmFtaWx5")
    assert answer.read() == b"family"
    icon = STATIC_FOLDER / "favicon.svg"
    answer = fetcher.fetch(icon.as_uri())
    assert answer.read() == icon.read_bytes()
    assert answer.content_type == "image/svg+xml"
    with pytest.raises(ResourceNotAllowed):
        fetcher.fetch(f"{STATIC_FOLDER.as_uri()}/../../pyproject.toml")
    with pytest.raises(ResourceNotAllowed):
        fetcher.fetch(f"{STATIC_FOLDER.as_uri()}/missing.png")


def test_a_pdf_fetches_nothing_from_the_network(tmp_path, monkeypatch, caplog):
    """Do images, stylesheets and imports pointing at the network or at the server's own files
    make no connection, leave their content out, and still let the PDF be made?"""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("no network while a PDF is made")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    html = document(
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/print.css">'
        f"<style>@import url(https://example.org/fonts.css);</style>"
        f'<section class="story"><h2>Remote images</h2>'
        f'<img src="http://127.0.0.1:{port}/x.png" alt="">'
        '<img src="https://example.org/y.png" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<object data="file:///etc/hostname"></object>'
        '<p style="background: url(http://127.0.0.1:9/z.png)">Still printed.</p></section>'
    )
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        pdf = render_pdf(html)
    monkeypatch.undo()
    path = tmp_path / "remote.pdf"
    path.write_bytes(pdf)
    assert attempts == []
    with pytest.raises(BlockingIOError):
        listener.accept()
    listener.close()
    assert "Still printed." in poppler("pdftotext", path, "-")
    refused = [r.getMessage() for r in caplog.records if "ResourceNotAllowed" in r.getMessage()]
    assert len(refused) >= 5, [r.getMessage() for r in caplog.records]


def test_weasyprint_is_loaded_only_to_make_a_pdf():
    """Does importing the printing package leave WeasyPrint (tens of megabytes) unloaded until
    a PDF is made?"""
    script = (
        "import sys, storybank.printing\n"
        "print('weasyprint' in sys.modules)\n"
        "storybank.printing.render_pdf('<p>x</p>')\n"
        "print('weasyprint' in sys.modules)\n"
    )
    answer = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert answer.stdout.split() == ["False", "True"]

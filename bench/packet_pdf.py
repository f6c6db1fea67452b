"""The packet PDF budget of SPEC §8: a 100-story packet in mixed scripts, rendered in ≤ 20 s.

A cover, then one story a page (about 1,500 characters each, every script a packet may carry),
half of them with a translation of similar length beside them. Prints the time to import
WeasyPrint, the time to render, the pages, the size and the process's peak memory.
`python -m bench.packet_pdf [--stories N] [--output FILE]`.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from bench.report import say
from bench.texts import POOLS

BUDGET_SECONDS = 20.0
STORY_CHARACTERS = 1500

# The scripts of SPEC §10 that the bench's story pools lack.
MORE_SENTENCES: dict[str, tuple[str, ...]] = {
    "zh-hant": (
        "我們一家在二〇一〇年從臺北搬到舊金山。",
        "剛開始的時候，醫院的文件我一個字也看不懂。",
        "我在餐館每天工作十二個小時，卻從來沒有加班費。",
        "社區中心的志工幫我填好了所有的申請表。",
        "孩子們比我們更早學會了英文。",
        "我希望分享這個故事能幫助其他的家庭。",
    ),
    "hi": (
        "हमारा परिवार दो हज़ार बारह में न्यू जर्सी आया।",
        "शुरू में अस्पताल के कागज़ात पढ़ना बहुत मुश्किल था।",
        "मैं रोज़ बारह घंटे एक दुकान में काम करता था।",
        "बच्चों ने हम सबसे पहले अंग्रेज़ी सीख ली।",
        "मोहल्ले के एक स्वयंसेवक ने फ़ॉर्म भरने में मदद की।",
        "मुझे उम्मीद है कि यह कहानी किसी और परिवार के काम आएगी।",
    ),
    "th": (
        "ครอบครัวของเราย้ายมาลอสแอนเจลิสเมื่อปีสองพันสิบเอ็ด",
        "ตอนแรกฉันอ่านเอกสารของโรงพยาบาลไม่ออกเลย",
        "ฉันทำงานในร้านอาหารวันละสิบสองชั่วโมงโดยไม่มีค่าล่วงเวลา",
        "อาสาสมัครที่ศูนย์ชุมชนช่วยกรอกแบบฟอร์มให้ทั้งหมด",
        "ลูก ๆ เรียนภาษาอังกฤษได้เร็วกว่าพวกเรามาก",
        "ฉันหวังว่าเรื่องนี้จะช่วยครอบครัวอื่นได้บ้าง",
    ),
    "km": (
        "គ្រួសាររបស់យើងបានមកដល់ឡុងប៊ីចនៅឆ្នាំពីរពាន់ដប់។",
        "ដំបូងខ្ញុំមិនអាចអានឯកសាររបស់មន្ទីរពេទ្យបានទេ។",
        "ខ្ញុំធ្វើការនៅហាងនំដប់ពីរម៉ោងក្នុងមួយថ្ងៃ។",
        "អ្នកស្ម័គ្រចិត្តនៅមជ្ឈមណ្ឌលសហគមន៍បានជួយបំពេញពាក្យស្នើសុំ។",
        "កូនៗរបស់ខ្ញុំរៀនភាសាអង់គ្លេសលឿនជាងយើង។",
        "ខ្ញុំសង្ឃឹមថារឿងនេះនឹងជួយគ្រួសារផ្សេងទៀត។",
    ),
}
# (language tag for `lang`, pool, direction), in the order the stories cycle through them.
LANGUAGES: tuple[tuple[str, str, str], ...] = (
    ("ko", "ko", "ltr"),
    ("zh-Hans", "zh-hans", "ltr"),
    ("zh-Hant", "zh-hant", "ltr"),
    ("ja", "ja", "ltr"),
    ("ur", "ur", "rtl"),
    ("hi", "hi", "ltr"),
    ("th", "th", "ltr"),
    ("km", "km", "ltr"),
    ("vi", "vi", "ltr"),
    ("en", "en", "ltr"),
    ("es", "es", "ltr"),
    ("fil", "tl", "ltr"),
)


def sentences(pool: str) -> tuple[str, ...]:
    return MORE_SENTENCES[pool] if pool in MORE_SENTENCES else POOLS[pool].sentences


def text_of(rng: random.Random, pool: str, characters: int = STORY_CHARACTERS) -> str:
    """Paragraphs of about `characters` characters in the language of `pool`, as HTML."""
    paragraphs: list[str] = []
    current: list[str] = []
    length = 0
    while length < characters:
        sentence = rng.choice(sentences(pool))
        current.append(sentence)
        length += len(sentence) + 1
        if len(current) == 4:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def packet_html(stories: int, seed: int = 8) -> str:
    """A packet of `stories` stories cycling through every script, as one HTML document."""
    rng = random.Random(seed)  # noqa: S311 (benchmark content, not a secret)
    sections = [
        '<section class="cover"><h1>Stories for the Office of Senator Example</h1><dl>'
        "<dt>Use</dt><dd>Elected officials</dd><dt>Recipient</dt><dd>Office of Senator "
        f"Example, Pennsylvania</dd><dt>Stories</dt><dd>{stories}</dd></dl></section>"
    ]
    for number in range(stories):
        tag, pool, direction = LANGUAGES[number % len(LANGUAGES)]
        texts = (
            f'<div class="story__original" lang="{tag}" dir="{direction}">'
            f"{text_of(rng, pool)}</div>"
        )
        if number % 2 == 0:
            into = "es" if pool == "en" else "en"
            texts += (
                f'<div class="story__translation" lang="{into}" dir="ltr">'
                f"{text_of(rng, into)}</div>"
            )
        sections.append(
            f'<section class="story"><h2>Story {number + 1}</h2>'
            f'<div class="story__texts">{texts}</div>'
            '<p class="story__attribution">— A neighbour</p></section>'
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Packet</title>'
        f"</head><body>{''.join(sections)}</body></html>"
    )


def page_count(pdf: bytes) -> str:
    """The PDF's number of pages as poppler's pdfinfo reads it ("?" without poppler-utils)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return "?"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(  # noqa: S603 - poppler's pdfinfo on our own file
            [pdfinfo, file.name], capture_output=True, text=True, check=True
        )
    found = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    return found[1] if found else "?"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, default=100)
    parser.add_argument("--output", type=Path, help="keep the PDF in this file")
    options = parser.parse_args(argv)

    html = packet_html(options.stories)
    say(f"packet: {options.stories} stories, {len(html):,} characters of HTML")
    say(f"before WeasyPrint: peak RSS {peak_rss_mb():.0f} MB")
    started = time.perf_counter()
    import weasyprint  # noqa: F401  (timed apart from the rendering)

    imported = time.perf_counter()
    from storybank.printing import render_pdf

    pdf = render_pdf(html, title="Stories for the Office of Senator Example")
    rendered = time.perf_counter()
    if options.output:
        options.output.write_bytes(pdf)
    pages = page_count(pdf)
    seconds = rendered - imported
    say(f"import WeasyPrint: {imported - started:.1f} s")
    say(f"render: {seconds:.1f} s, {pages} pages, {len(pdf) / 1e6:.1f} MB")
    say(f"peak RSS: {peak_rss_mb():.0f} MB")
    verdict = "met" if seconds <= BUDGET_SECONDS else "NOT met"
    say(f"budget (≤ {BUDGET_SECONDS:.0f} s for {options.stories} stories): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

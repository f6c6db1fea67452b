"""Interface languages: the locale registry, negotiation, and per-request locale helpers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from flask import Flask, abort, current_app, g, has_request_context, request, url_for
from flask_babel import format_date, format_decimal, format_time, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANG_COOKIE = "lang"


@dataclass(frozen=True)
class LocaleInfo:
    """One interface language: its URL tag, gettext catalog, own name and writing direction."""

    tag: str  # lower-case BCP 47, the first URL segment
    catalog: str  # Babel/gettext identifier of the catalog directory
    native_name: str  # the language's name in itself, for the switcher

    @property
    def babel(self) -> Locale:
        return _babel_locale(self.catalog)

    @property
    def direction(self) -> str:
        return "rtl" if self.babel.character_order == "right-to-left" else "ltr"

    @property
    def html_lang(self) -> str:
        """The value for `lang` attributes (BCP 47 with the usual capitalisation)."""
        return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "tl": "fil"}.get(self.tag, self.tag)


@cache
def _babel_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


# Every language storybank is built for. A language is *shipped* once its catalog exists
# (English is the source language and needs none): adding one is adding its catalog.
LOCALE_REGISTRY: dict[str, LocaleInfo] = {
    info.tag: info
    for info in (
        LocaleInfo("en", "en", "English"),
        LocaleInfo("ko", "ko", "한국어"),
        LocaleInfo("es", "es", "Español"),
        LocaleInfo("zh-hans", "zh_Hans", "中文（简体）"),
        LocaleInfo("zh-hant", "zh_Hant", "中文（繁體）"),
        LocaleInfo("vi", "vi", "Tiếng Việt"),
        LocaleInfo("tl", "fil", "Tagalog"),
        LocaleInfo("ja", "ja", "日本語"),
        LocaleInfo("hi", "hi", "हिन्दी"),
        LocaleInfo("th", "th", "ไทย"),
        LocaleInfo("km", "km", "ខ្មែរ"),
        LocaleInfo("ur", "ur", "اردو"),
    )
}
SOURCE_LOCALE = "en"

# Tags browsers send that Babel would otherwise resolve to the wrong catalog (or none).
TAG_ALIASES = {
    "fil": "tl",
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-my": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
}


# Languages a story can be told in, whatever the interface language: the interface languages,
# then languages widely spoken in immigrant communities in the United States.
STORY_LANGUAGES = (
    *LOCALE_REGISTRY,
    "am", "ar", "bn", "de", "fa", "fr", "gu", "he", "ht", "hy", "id", "it", "lo", "mn", "my",
    "ne", "pa", "pl", "ps", "pt", "quc", "ro", "ru", "so", "sw", "ta", "te", "ti", "tr", "uk",
    "yue",
)  # fmt: skip


def shipped_locales(translations_dir: Path = TRANSLATIONS_DIR) -> tuple[str, ...]:
    """Tags of the registry languages that have a catalog, in registry order."""
    return tuple(
        tag
        for tag, info in LOCALE_REGISTRY.items()
        if tag == SOURCE_LOCALE
        or (translations_dir / info.catalog / "LC_MESSAGES" / "messages.po").is_file()
    )


def match_tag(raw: str, available: Iterable[str]) -> str | None:
    """The available locale a single language tag asks for, if any (`zh-TW` → `zh-hant`)."""
    wanted = raw.strip().lower().replace("_", "-")
    if not wanted or wanted == "*":
        return None
    allowed = set(available)
    candidates = [wanted]
    for script in ("zh-hant", "zh-hans"):
        if wanted.startswith(script + "-"):
            candidates.append(script)
    candidates.append(TAG_ALIASES.get(wanted, ""))
    primary = wanted.split("-", 1)[0]
    candidates += [primary, TAG_ALIASES.get(primary, "")]
    for tag in candidates:
        if tag in allowed:
            return tag
    return None


def negotiate(accepted: Iterable[tuple[str, float]], available: Sequence[str]) -> str | None:
    """The best available locale for an Accept-Language list of (tag, quality)."""
    ranked = sorted(
        ((quality, -position, tag) for position, (tag, quality) in enumerate(accepted)),
        reverse=True,
    )
    for quality, _position, tag in ranked:
        if quality <= 0:
            continue
        match = match_tag(tag, available)
        if match:
            return match
    return None


def enabled_locales() -> tuple[str, ...]:
    return tuple(current_app.config["STORYBANK_LOCALES"])


def preferred_locale() -> str:
    """The visitor's locale when the URL names none: cookie, then Accept-Language, then default."""
    available = enabled_locales()
    chosen = request.cookies.get(LANG_COOKIE, "")
    if chosen in available:
        return chosen
    negotiated = negotiate(request.accept_languages, available)
    return negotiated or current_app.config["STORYBANK_DEFAULT_LOCALE"]


def current_locale() -> LocaleInfo:
    """The locale of this request: the URL's, else the visitor's preference."""
    if not has_request_context():
        return LOCALE_REGISTRY[current_app.config["STORYBANK_DEFAULT_LOCALE"]]
    tag = g.get("locale_tag")
    if tag is None:
        # Pages that fail before routing (a 404, a 405) still answer in the URL's language.
        segment = request.path.split("/", 2)[1] if request.path.count("/") >= 2 else ""
        tag = segment if segment in enabled_locales() else preferred_locale()
        g.locale_tag = tag
    return LOCALE_REGISTRY[tag]


def select_babel_locale() -> str:
    """Flask-Babel's locale selector."""
    return current_locale().catalog


def _pull_locale(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is None or "locale" not in values:
        return
    tag = values.pop("locale")
    if tag not in enabled_locales():
        abort(404)
    g.locale_tag = tag


def _add_locale(endpoint: str, values: dict[str, Any]) -> None:
    if "locale" in values or not current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        return
    values["locale"] = current_locale().tag


def language_links() -> list[dict[str, Any]]:
    """The language switcher: each enabled language, in itself, pointing at this page."""
    here = current_locale()
    links = []
    for tag in enabled_locales():
        info = LOCALE_REGISTRY[tag]
        links.append(
            {
                "info": info,
                "current": tag == here.tag,
                "url": url_for("site.choose_language", tag=tag, next=same_page_in(tag)),
            }
        )
    return links


STAFF_PREFIX = "/moderate"


def same_page_in(tag: str) -> str:
    """This page's address in another language (its GET form), or that language's home."""
    rule = request.url_rule
    view_args = dict(request.view_args or {})
    if rule is not None and request.endpoint and "locale" in rule.arguments:
        values: dict[str, Any] = request.args.to_dict() if request.method == "GET" else {}
        values.update(view_args, locale=tag)
        return url_for(request.endpoint, **values)
    if request.path.startswith(STAFF_PREFIX) and request.method == "GET":
        # The staff area has no language in its addresses: the same page, in the chosen language.
        return request.full_path.rstrip("?")
    return url_for("stories.home", locale=tag)


def format_day(value: datetime, style: str = "long") -> str:
    """A date in the reader's language ("2026년 10월 14일", "October 14, 2026")."""
    return format_date(value, style)


def format_items(items: Iterable[Any]) -> str:
    """Several things as one phrase in the reader's language ("A, B, and C", "A、B、C")."""
    return format_list([str(item) for item in items], locale=get_locale())


def format_clock(value: datetime) -> str:
    """A time of day in the reader's language and the configured time zone."""
    return format_time(value, "short")


def parse_tag(tag: str) -> Locale | None:
    """Babel's locale for a BCP 47 tag, through the registry's explicit catalog mapping."""
    info = LOCALE_REGISTRY.get(TAG_ALIASES.get(tag.lower(), tag.lower()))
    identifier = info.catalog if info else tag.replace("-", "_")
    try:
        return _babel_locale(identifier)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def language_name(tag: str) -> str:
    """The name of a story's language, written in the reader's interface language."""
    locale = parse_tag(tag)
    return (locale.get_display_name(get_locale()) if locale else None) or tag


def own_name(tag: str) -> str:
    """A language's name written in that language ("한국어", "Kreyòl Ayisyen")."""
    info = LOCALE_REGISTRY.get(tag)
    if info is not None:
        return info.native_name
    locale = parse_tag(tag)
    name = (locale.get_display_name(locale) if locale else None) or tag
    return name[:1].upper() + name[1:]


def story_language_choices(first: str) -> list[tuple[str, str]]:
    """The languages a story can be told in, `first` first, each named in itself and the page's
    (worked out once per page language: the names come from CLDR and the catalogs)."""
    key = (str(get_locale()), first)
    if key not in _LANGUAGE_CHOICES:
        _LANGUAGE_CHOICES[key] = _story_language_choices(first)
    return list(_LANGUAGE_CHOICES[key])


_LANGUAGE_CHOICES: dict[tuple[str, str], list[tuple[str, str]]] = {}


def _story_language_choices(first: str) -> list[tuple[str, str]]:
    rows = []
    for tag in STORY_LANGUAGES:
        own, here = own_name(tag), language_name(tag)
        # Translators: a language in its own name, then in the page's language: "Español (Spanish)".
        label = (
            own
            if own.casefold() == here.casefold()
            else _("%(own)s (%(here)s)", own=own, here=here)
        )
        rows.append((tag, label, here))
    rows.sort(key=lambda row: (row[0] != first, row[2].casefold()))
    return [(tag, label) for tag, label, _here in rows]


def text_direction(tag: str) -> str:
    """The writing direction of text in a given language (for story text on any page)."""
    locale = parse_tag(tag)
    if locale is None:
        return "auto"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def lang_attrs(tag: str) -> Markup:
    """`lang` and `dir` attributes for an element holding text in language `tag`."""
    info = LOCALE_REGISTRY.get(tag)
    lang = info.html_lang if info else tag
    return Markup(' lang="{}" dir="{}"').format(lang, text_direction(tag))


def init_app(app: Flask) -> None:
    """Locale from the URL's first segment, Babel wired to it, helpers for templates."""
    app.url_value_preprocessor(_pull_locale)
    app.url_defaults(_add_locale)
    app.jinja_env.filters.update(
        day=format_day,
        clock=format_clock,
        number=format_decimal,
        items=format_items,
        language_name=language_name,
    )
    app.jinja_env.globals.update(
        current_locale=current_locale, language_links=language_links, lang_attrs=lang_attrs
    )

"""The Atom feed of published stories, one per interface language (`/<locale>/stories.atom`).

Each entry holds the approved translation into the feed's language when there is one, otherwise
the original; `xml:lang` says which, on the entry and on any part in another language. The XML
is built with ElementTree, which escapes every text and attribute: story text stays text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime

from flask import Response, current_app, url_for
from flask_babel import gettext as _

from ..caching import cached_publicly
from ..db.editions import current_edition
from ..extensions import db
from ..i18n import LOCALE_REGISTRY, LocaleInfo, current_locale, language_name
from ..models._types import utcnow
from ..services.public import (
    PublicStory,
    newest_first,
    public_loading,
    public_stories,
    public_view,
)
from ..templating import rfc3339
from .views import bp

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM_TYPE = "application/atom+xml"
FEED_LENGTH = 50

# Characters XML 1.0 cannot carry even escaped; one in a story must not break the whole feed.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """The text without the characters XML cannot hold (everything else is escaped on output)."""
    return NOT_XML.sub("", value)


def lang_tag(tag: str) -> str:
    """A language tag as `xml:lang` writes it (`zh-Hans` for the URL's `zh-hans`)."""
    info = LOCALE_REGISTRY.get(tag)
    return info.html_lang if info else tag


def add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A child element; `xml_lang` stands for the `xml:lang` attribute."""
    if "xml_lang" in attributes:
        attributes[XML_LANG] = attributes.pop("xml_lang")
    element = ET.SubElement(parent, name, {k: xml_text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def add_entry(feed: ET.Element, story: PublicStory, locale: LocaleInfo) -> datetime:
    """The story as an entry of the `locale` feed; returns when the entry last changed."""
    translation = story.translation_for(locale.tag)
    language = translation.language if translation is not None else story.language
    text = translation.text if translation is not None else story.text
    entry = add(feed, "entry", xml_lang=lang_tag(language))

    if translation is not None and translation.title:
        add(entry, "title", translation.title, type="text")
    elif story.title:
        # A translation without a title keeps the original's, marked in its own language.
        add(entry, "title", story.title, type="text", xml_lang=lang_tag(story.language))
    else:
        add(entry, "title", _("Untitled story"), type="text", xml_lang=locale.html_lang)

    address = url_for("stories.story", locale=locale.tag, public_id=story.public_id, _external=True)
    add(entry, "id", address)
    add(entry, "link", rel="alternate", type="text/html", href=address, hreflang=locale.html_lang)
    for item in story.media:
        add(
            entry,
            "link",
            rel="enclosure",
            type=item.content_type,
            length=str(item.byte_size),
            href=url_for("site.media", media_id=item.public_id, _external=True),
        )

    revised = story.story.current_revision
    moments = [story.published_at]
    if revised is not None:
        moments.append(revised.created_at)
    if translation is not None:
        moments.append(translation.updated_at)
    updated = max(moments)
    add(entry, "published", rfc3339(story.published_at))
    add(entry, "updated", rfc3339(updated))

    author = add(entry, "author")
    if story.attribution and language != story.language:
        # The name is the storyteller's own, typed in the story's language, not the translation's.
        add(author, "name", story.attribution, xml_lang=lang_tag(story.language))
    elif story.attribution:
        add(author, "name", story.attribution)
    else:
        add(author, "name", _("Anonymous"), xml_lang=locale.html_lang)

    for theme in story.themes:
        add(entry, "category", term=theme.slug, label=theme.name_in(locale.tag))

    # Readers are told which text they get: a translation, or an original in another language.
    original = language_name(story.language)
    note = None
    if translation is not None and translation.is_machine:
        # Translators: a note on a story in the Atom feed; %(language)s is the original's
        # language, e.g. "Korean".
        note = _(
            "Machine translation from %(language)s. The original is on the story page.",
            language=original,
        )
    elif translation is not None:
        # Translators: a note on a story in the Atom feed; %(language)s is the original's
        # language, e.g. "Korean".
        note = _(
            "Translated from %(language)s. The original is on the story page.", language=original
        )
    elif story.language != locale.tag:
        # Translators: a note on a story in the Atom feed that is shown in the language it was
        # told in, e.g. "Written in Korean."
        note = _("Written in %(language)s.", language=original)
    if note is not None:
        add(entry, "summary", note, type="text", xml_lang=locale.html_lang)

    add(entry, "content", text, type="text")
    return updated


@bp.get("/stories.atom")
@cached_publicly
def feed() -> Response:
    """The latest published stories as an Atom feed in the reader's language."""
    locale = current_locale()
    organisation = current_app.config["STORYBANK_ORGANISATION"]
    stories = db.session.scalars(
        newest_first(public_stories()).options(*public_loading()).limit(FEED_LENGTH)
    ).all()

    # Plain names under a declared default namespace: ElementTree would otherwise write `ns0:`.
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: locale.html_lang})
    address = url_for("stories.feed", locale=locale.tag, _external=True)
    add(root, "id", address)
    # Translators: the title of the Atom feed; %(organisation)s is the organisation's name.
    add(root, "title", _("Stories from %(organisation)s", organisation=organisation.name))
    add(root, "link", rel="self", type=ATOM_TYPE, href=address)
    add(
        root,
        "link",
        rel="alternate",
        type="text/html",
        href=url_for("stories.story_list", locale=locale.tag, _external=True),
    )
    updated_at = add(root, "updated")
    # Atom puts the feed's own elements before its entries.
    changes = [add_entry(root, public_view(story), locale) for story in stories]
    edition = current_edition(db.session)
    updated_at.text = rfc3339(max(changes, default=edition.changed_at or utcnow()))

    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, content_type=f"{ATOM_TYPE}; charset=utf-8")

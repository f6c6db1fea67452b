"""Search: every script is found, only what the public may read, ranked, paged, marked safely."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, select, text

from conftest import take_out_of_public
from storybank.models import (
    PublishableRevision,
    Scope,
    Story,
    StorySearch,
    StoryTranslation,
    TranslationState,
)
from storybank.search import (
    MAX_QUERY_CHARS,
    index_text,
    parse_query,
    search_public,
)
from storybank.services import decisions, storyteller


def search(db, query, **options):
    db.session.rollback()  # see what the other transactions committed
    return search_public(query, **options)


def found(db, query, **options):
    return [hit.story.id for hit in search(db, query, **options).hits]


def indexed_ids(db):
    db.session.rollback()
    return set(db.session.scalars(select(StorySearch.story_id)))


def add_revision(db, story_id, body, title=None):
    """A moderator's newer publishable text (a redaction, say), written directly."""
    db.session.rollback()
    story = db.session.get(Story, story_id)
    number = story.current_revision.number + 1
    story.revisions.append(PublishableRevision(number=number, title=title, text=body))
    db.session.flush()  # as the services do: the public edition notices changes as they flush
    db.session.commit()
    return number


def add_translation(db, story_id, language, body, *, reviewer=None, title=None, revision=None):
    """A translation of the current text, approved by `reviewer` (a draft without one)."""
    db.session.rollback()
    story = db.session.get(Story, story_id)
    story.translations.append(
        StoryTranslation(
            language=language,
            title=title,
            text=body,
            review_state=TranslationState.APPROVED if reviewer else TranslationState.DRAFT,
            reviewed_by_id=reviewer.id if reviewer else None,
            source_revision_number=revision or story.current_revision.number,
        )
    )
    db.session.flush()
    db.session.commit()


# ---------------------------------------------------------------------------------------------
# The one folding, for text and query alike


@pytest.mark.parametrize(
    ("given", "indexed"),
    [
        ("Gia đình tôi", "gia dinh toi"),
        ("GIA ĐÌNH", "gia dinh"),
        ("Los niños, ¡años después!", "los ninos anos despues"),
        ("The FAMILY's house", "the family s house"),
        ("Straße ﬁnd İstanbul", "strasse find istanbul"),
        ("우리 가족들은", "우리 가족 족들 들은"),
        ("가", "가"),
        ("8년을 기다렸습니다", "8 년을 기다 다렸 렸습 습니 니다"),
        ("希望别的家庭", "希望 望别 别的 的家 家庭"),
        ("私の家族は", "私の の家 家族 族は"),
        ("ภาษาไทย", "ภา าษ ษา าไ ไท ทย"),
        ("हिन्दी भाषा", "हिन्दी भाषा"),
        ("<script>alert(1)</script>", "script alert 1 script"),
        ("", ""),
        ("  ¿?!  ", ""),
    ],
)
def test_index_text_folds_and_cuts_every_script(given, indexed):
    """Are accents, case and punctuation folded away, and scripts without spaces cut into
    overlapping pairs (a lone character staying whole)?"""
    assert index_text(given) == indexed


@pytest.mark.parametrize("query", ["가족들은 우리", "Gia đình", "niños años", "家庭 8년"])
def test_a_query_becomes_the_words_index_text_makes_of_it(query):
    """Is the reader's query turned into terms by the same folding as the stories?"""
    pieces = [piece for phrase in parse_query(query).phrases for piece in phrase.pieces]
    assert pieces == index_text(query).split()


# ---------------------------------------------------------------------------------------------
# Every script is found


@pytest.mark.parametrize(
    ("language", "body", "query"),
    [
        ("ko", "우리 가족들은 2009년에 왔습니다.", "가족"),
        ("ko", "우리 가족은 기다렸습니다.", "가족"),
        ("ko", "우리 가족은 기다렸습니다.", "가족은"),
        ("ko", "8년을 기다렸습니다.", "8년"),
        ("ko", "집에 가고 싶었습니다.", "집"),
        ("zh-hans", "我讲出这个故事，是希望别的家庭不再孤单。", "家庭"),
        ("zh-hans", "我讲出这个故事，是希望别的家庭不再孤单。", "别的家庭"),
        ("ja", "私の家族は二〇一六年にシアトルに来ました。", "家族"),
        ("ja", "最初の一年は英語がほとんど話せず", "英語"),
        ("vi", "Gia đình tôi đến Houston.", "gia dinh"),
        ("vi", "Gia đình tôi đến Houston.", "gia đình"),
        ("vi", "Gia dinh toi den Houston.", "gia đình"),
        ("en", "My family waited eight years.", "FAMILY"),
        ("en", "My FAMILY waited eight years.", "family"),
        ("es", "Mis niños sueñan con la universidad.", "ninos"),
        ("es", "Mis ninos suenan con la universidad.", "niños"),
        ("th", "ผมเรียนภาษาไทยที่ห้องสมุด", "ภาษาไทย"),
        ("hi", "मेरी माँ हिन्दी बोलती है", "हिन्दी"),
        ("ur", "ہم نے گرین کارڈ کے انٹرویو کا آٹھ سال انتظار کیا۔", "انتظار"),
    ],
)
def test_a_word_is_found_in_every_script(db, make_story, language, body, query):
    """Is the story found by a word of its language, with or without accents, in any case,
    inside longer words where the script has no spaces?"""
    story = make_story(state="published", language=language, title="", body=body)
    other = make_story(state="published", language="en", title="", body="Nothing alike.")
    ids = found(db, query)
    assert story.id in ids
    assert other.id not in ids


def test_a_two_character_word_is_not_found_where_it_is_not(db, make_story):
    """Is 가족 missing from stories that only hold its characters apart (가, 족)?"""
    story = make_story(state="published", language="ko", body="가게에서 민족 음식을 팔았다.")
    assert found(db, "가족") == []
    assert found(db, "가게") == [story.id]


def test_every_word_must_be_there(db, make_story):
    """Do several words combine with AND?"""
    both = make_story(state="published", body="The library and the bakery.")
    make_story(state="published", body="The library only.")
    assert found(db, "library bakery") == [both.id]


def test_a_quoted_phrase_must_stand_together(db, make_story):
    """Does a quoted phrase find its words only side by side, in order?"""
    together = make_story(state="published", body="We waited eight years for a visa.")
    apart = make_story(state="published", body="Eight of us waited for years.")
    assert sorted(found(db, "eight years")) == sorted([together.id, apart.id])
    assert found(db, '"eight years"') == [together.id]
    assert found(db, '"years eight"') == []


def test_the_title_is_searched(db, make_story):
    """Is a story found by a word of its title?"""
    story = make_story(state="published", title="Four in the morning", body="Work.")
    assert found(db, "morning") == [story.id]


# ---------------------------------------------------------------------------------------------
# Only what the public may read


def test_only_published_stories_are_found(db, make_story):
    """Are submitted, declined and unpublished stories left out of the index and the results?"""
    published = make_story(state="published", body="우리 가족은")
    for state in ("submitted", "in_review", "declined", "unpublished"):
        make_story(state=state, body="우리 가족은")
    assert found(db, "가족") == [published.id]
    assert indexed_ids(db) == {published.id}


@pytest.mark.parametrize("change", ["unpublish", "narrow", "withdraw"])
def test_a_story_leaves_the_results_at_once(db, make_story, moderator, change):
    """Does a story vanish from search in the transaction that unpublishes it, takes back
    `publish`, or withdraws it?"""
    story = make_story(state="published", language="ko", body="우리 가족은 기다렸습니다.")
    assert found(db, "가족") == [story.id]
    db.session.rollback()
    story = db.session.get(Story, story.id)
    take_out_of_public(story, moderator, change)
    assert found(db, "가족") == []
    assert indexed_ids(db) == set()


def test_a_story_enters_the_results_when_published(db, make_story, moderator):
    """Is a story found once a moderator publishes it, and not before?"""
    story = make_story(state="submitted", body="The bakery on the corner.")
    assert found(db, "bakery") == []
    db.session.rollback()
    story = db.session.get(Story, story.id)
    decisions.decide(story, moderator, "publish")
    db.session.commit()
    assert found(db, "bakery") == [story.id]


def test_an_edited_text_is_found_by_its_new_words_only(db, make_story):
    """After a redaction, is the story found by the new text and no longer by the removed
    detail?"""
    story = make_story(state="published", body="Call me at Maplewood Avenue.")
    assert found(db, "maplewood") == [story.id]
    add_revision(db, story.id, "Call me at [removed].", title="Redacted")
    assert found(db, "maplewood") == []
    assert found(db, "redacted") == [story.id]


def test_the_public_rule_is_applied_to_the_query_too(db, make_story):
    """Does a row left in the index for a story that is not public show nothing of it?"""
    story = make_story(state="unpublished", body="The bakery on the corner.")
    db.session.execute(
        StorySearch.__table__.insert().values(story_id=story.id, indexed_text="bakery")
    )
    db.session.commit()
    assert search(db, "bakery").hits == []


def test_approved_translations_are_found(db, make_story, moderator):
    """Is a Korean story found by the words of its approved English translation, shown in that
    translation, with its language?"""
    story = make_story(state="published", language="ko", title="기다림", body="우리는 기다렸다.")
    add_translation(db, story.id, "en", "We waited at the bakery.", reviewer=moderator)
    result = search(db, "bakery")
    assert [hit.story.id for hit in result.hits] == [story.id]
    hit = result.hits[0]
    assert (hit.language, hit.is_translation) == ("en", True)
    assert "<mark>bakery</mark>" in hit.excerpt
    original = search(db, "기다렸다").hits[0]
    assert (original.language, original.is_translation) == ("ko", False)


def test_the_reader_s_language_is_preferred_for_the_excerpt(db, make_story, moderator):
    """When the original and a translation both match, does the reader's language win?"""
    story = make_story(state="published", language="es", body="La familia Lopez.")
    add_translation(db, story.id, "en", "The Lopez family.", reviewer=moderator)
    assert search(db, "lopez", language="en").hits[0].language == "en"
    assert search(db, "lopez", language="ko").hits[0].language == "es"


def test_unapproved_and_stale_translations_are_not_found(db, make_story, moderator):
    """Are draft translations, and approved ones of an older text, left out?"""
    draft = make_story(state="published", language="ko", body="우리는 기다렸다.")
    add_translation(db, draft.id, "en", "We waited at the bakery.")
    stale = make_story(state="published", language="ko", body="우리는 기다렸다.")
    add_translation(db, stale.id, "en", "The library was warm.", reviewer=moderator)
    assert found(db, "library") == [stale.id]
    add_revision(db, stale.id, "우리는 오래 기다렸다.")
    assert found(db, "bakery") == []
    assert found(db, "library") == []
    assert found(db, "오래") == [stale.id]


# ---------------------------------------------------------------------------------------------
# Ranking and pages


def test_the_best_match_comes_first(db, make_story):
    """Does a short story about the word rank above a long one that mentions it once?"""
    filler = " ".join(["We worked and waited and hoped for a better life."] * 20)
    passing = make_story(state="published", body=f"{filler} The bakery closed.")
    about = make_story(state="published", body="The bakery. Our bakery. A bakery of our own.")
    assert found(db, "bakery") == [about.id, passing.id]


def test_equal_matches_come_newest_first(db, make_story):
    """Among stories that match equally, is the newest first?"""
    ids = [make_story(state="published", body="The same bakery.").id for _ in range(3)]
    assert found(db, "bakery") == ids[::-1]


def test_results_come_in_pages(db, make_story):
    """Are 23 matches shown ten at a time, each story once, with the right page count?"""
    ids = {make_story(state="published", body=f"Bakery story number {n}.").id for n in range(23)}
    pages = [search(db, "bakery", page=n, per_page=10) for n in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [10, 10, 3, 0]
    assert pages[0].total == 23 and not pages[0].total_is_capped
    assert pages[0].pages == 3
    assert [p.has_next for p in pages[:3]] == [True, True, False]
    assert {hit.story.id for p in pages for hit in p.hits} == ids


def test_a_large_count_is_capped(db, make_story, monkeypatch):
    """Beyond the counting limit, does the total say "more than" instead of counting on?"""
    monkeypatch.setattr("storybank.search.results.MATCH_LIMIT", 3)
    for _ in range(5):
        make_story(state="published", body="The bakery.")
    result = search(db, "bakery", per_page=2)
    assert (result.total, result.total_is_capped, result.pages) == (3, True, 2)


# ---------------------------------------------------------------------------------------------
# Marking what matched


def test_matches_are_marked_in_the_text_as_written(db, make_story):
    """Is `gia đình` marked for the query `gia dinh`, and 가족 inside 가족들은?"""
    make_story(state="published", language="vi", title="Gia đình", body="Gia đình tôi đến.")
    hit = search(db, "gia dinh").hits[0]
    assert hit.title == "<mark>Gia</mark> <mark>đình</mark>"
    assert hit.excerpt == "<mark>Gia</mark> <mark>đình</mark> tôi đến."
    make_story(state="published", language="ko", title="", body="우리 가족들은 왔다.")
    hit = search(db, "가족").hits[0]
    assert hit.title is None
    assert hit.excerpt == "우리 <mark>가족</mark>들은 왔다."


def test_marking_survives_letters_that_fold_to_several(db, make_story):
    """Are offsets right after letters that fold to more or fewer characters (ß, ligatures,
    a soft hyphen)?"""
    make_story(state="published", body="Die Stra\u00dfe, die ﬁnale Bäcke\u00adrei: Bäckerei.")
    excerpt = search(db, "backerei").hits[0].excerpt
    assert excerpt == ("Die Straße, die ﬁnale <mark>Bäcke\u00adrei</mark>: <mark>Bäckerei</mark>.")


def test_story_text_is_escaped_before_it_is_marked(db, make_story):
    """Does markup in a story come out as text, with only the <mark> tags as markup?"""
    make_story(
        state="published",
        title="<b>가족</b>",
        body="<script>alert('가족')</script> & 우리 가족",
        language="ko",
    )
    hit = search(db, "가족").hits[0]
    assert "<script>" not in hit.excerpt and "<b>" not in hit.title
    assert hit.title == "&lt;b&gt;<mark>가족</mark>&lt;/b&gt;"
    assert hit.excerpt == (
        "&lt;script&gt;alert(&#39;<mark>가족</mark>&#39;)&lt;/script&gt; "
        "&amp; 우리 <mark>가족</mark>"
    )


def test_a_long_text_is_cut_around_the_first_match(db, make_story):
    """Does the excerpt of a long story show the first match, not the opening?"""
    opening = " ".join(["Nothing to see here."] * 40)
    make_story(state="published", body=f"{opening} The bakery opened at dawn. {opening}")
    excerpt = search(db, "bakery").hits[0].excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>bakery</mark> opened at dawn" in excerpt
    assert len(excerpt) < 400


# ---------------------------------------------------------------------------------------------
# Any query is safe


HOSTILE_QUERIES = [
    "",
    "   ",
    "?!.,;:",
    '"',
    '""',
    '"unclosed phrase',
    "AND",
    "OR NOT",
    "bakery AND",
    "NEAR(bakery story, 2)",
    "bakery*",
    "*",
    "-bakery",
    "^bakery",
    "indexed_text:bakery",
    "{indexed_text}: bakery",
    "bakery OR 1=1",
    "'; DROP TABLE stories; --",
    "' OR ''='",
    "\\",
    "a:* & !b | c <-> d",
    "\x00bakery",
    "가족" * 500,
    "bakery " * 200,
    "x" * 1000,
    "🙂🙂🙂",
    "\u200b\u200d",
    "\u0301",
    "ั",
    "्",
    "가 ั",
]


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_no_query_breaks_the_search(db, make_story, query):
    """Does any input at all — operators, quotes, SQL, very long text — search safely?"""
    make_story(state="published", language="ko", body="The bakery story. 우리 가족은")
    result = search(db, query)
    assert len(result.query) <= MAX_QUERY_CHARS
    assert result.total == len(result.hits) or result.total > len(result.hits)


def test_operators_are_searched_as_words(db, make_story):
    """Is "AND" a word to find rather than an operator?"""
    story = make_story(state="published", body="Salt and pepper.")
    make_story(state="published", body="Salt only.")
    assert found(db, "salt AND") == [story.id]
    assert found(db, "-pepper") == [story.id]


def test_a_blank_query_finds_nothing(db, make_story):
    """Does an empty query answer an empty first page rather than everything?"""
    make_story(state="published")
    result = search(db, "  ")
    assert (result.hits, result.total, result.pages, result.terms) == ([], 0, 1, ())


# ---------------------------------------------------------------------------------------------
# Rebuilding


def test_search_reindex_rebuilds_the_whole_index(db, make_story, runner):
    """Does `storybank search-reindex` put back every public story, and only those?"""
    story = make_story(state="published", body="The bakery.")
    make_story(state="submitted", body="The bakery too.")
    db.session.execute(delete(StorySearch))
    db.session.commit()
    assert found(db, "bakery") == []
    result = runner.invoke(args=["search-reindex", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "holds 1 public stories" in result.output
    assert found(db, "bakery") == [story.id]


def test_the_migration_indexes_stories_published_before_it(app, db, make_story, moderator):
    """Does upgrading a database index the stories it already publishes, with their approved
    translations, and nothing else?"""
    story = make_story(state="published", language="ko", title="기다림", body="우리 가족은")
    add_translation(db, story.id, "en", "My family.", reviewer=moderator)
    make_story(state="submitted", body="우리 가족은")
    db.session.rollback()
    before = db.session.execute(select(StorySearch.story_id, StorySearch.indexed_text)).all()
    db.session.rollback()
    downgrade(revision="8844bab663da")
    upgrade()
    after = db.session.execute(select(StorySearch.story_id, StorySearch.indexed_text)).all()
    assert after == before == [(story.id, "기다 다림 우리 가족 족은 my family")]
    assert found(db, "family") == found(db, "가족") == [story.id]


@pytest.mark.parametrize("before", ["published", "unpublished first"])
def test_withdrawn_words_leave_the_full_text_files(db, make_story, before):
    """After a withdrawal, are the story's words gone from SQLite's full-text data, not only
    from the results, even when it had left the results before?"""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    story = make_story(state="published", body="Quixotically zymurgical testimony.")
    make_story(state="published", body="Another story stays.")

    def stored() -> bytes:
        db.session.rollback()
        return b"".join(
            block or b""
            for block in db.session.scalars(text("SELECT block FROM story_search_fts_data"))
        )

    assert b"zymurgical" in stored()
    if before == "unpublished first":
        storyteller.narrow_consent(db.session.get(Story, story.id), frozenset({Scope.STORE}))
        db.session.commit()
        assert found(db, "zymurgical") == []
        assert b"zymurgical" in stored()  # still in an older segment, until they merge
    db.session.rollback()
    storyteller.withdraw(db.session.get(Story, story.id))
    db.session.commit()
    assert b"zymurgical" not in stored()
    assert found(db, "another") != []

"""Exports (SPEC §10) from the command line: only eligible stories, only what may leave the
organisation, CSV that spreadsheets open safely, JSON in the API's story shape."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from conftest import form_token
from storybank.models import AuditEvent
from storybank.services.exports import BYTE_ORDER_MARK, CSV_COLUMNS, neutralised


def stories_for_officials(make_story):
    """The grandmother's story (officials only, approved), a published one allowing officials,
    and three that may not go: withdrawn, officials not allowed, not finished."""
    return {
        "approved": make_story(
            state="approved",
            language="ko",
            title="기다린 세월",
            body="우리 가족은 십 년을 기다렸습니다.",
            scopes=("store", "officials"),
            attribution="pen_name",
            storyteller_name="Kim Secretname",
            shown_name="할머니",
        ),
        "published": make_story(
            state="published",
            title='=HYPERLINK("http://x")',
            scopes=("store", "publish", "officials"),
        ),
        "withdrawn": make_story(state="withdrawn", scopes=("store", "officials")),
        "press only": make_story(state="approved", scopes=("store", "press")),
        "in review": make_story(state="in_review", scopes=("store", "officials")),
    }


def test_a_csv_export_holds_only_eligible_stories_safely(runner, db, make_story, tmp_path):
    """Does `storybank export --use officials --format csv` write a UTF-8 file with a byte-order
    mark, a row for each story that may go to officials and no other, the attribution as chosen
    but never the storyteller's name, no cell a spreadsheet would run as a formula, and an
    audit event without story content?"""
    made = stories_for_officials(make_story)
    output = tmp_path / "officials.csv"
    result = runner.invoke(
        args=["export", "--use", "officials", "--format", "csv", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "Exported 2 stories" in result.output
    raw = output.read_text(encoding="utf-8")
    assert raw.startswith(BYTE_ORDER_MARK)
    assert output.stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix(BYTE_ORDER_MARK))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {made["approved"].public_id, made["published"].public_id}
    grandmother = by_id[made["approved"].public_id]
    assert grandmother["text"] == "우리 가족은 십 년을 기다렸습니다."
    assert grandmother["attribution"] == "할머니"
    assert grandmother["published_at"] == ""
    assert "Secretname" not in raw
    assert by_id[made["published"].public_id]["title"] == '\'=HYPERLINK("http://x")'
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "stories.exported")
    ).one()
    assert event.note == "use=officials; format=csv; stories=2"


def test_a_json_export_has_the_api_story_shape(runner, client, make_story):
    """Does the JSON export list the eligible stories with exactly the API's fields?"""
    made = stories_for_officials(make_story)
    api_fields = list(client.get(f"/api/v1/stories/{made['published'].public_id}").get_json())
    result = runner.invoke(args=["export", "--use", "officials", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["use"] == "officials"
    assert [item["id"] for item in document["items"]] == [
        made["approved"].public_id,
        made["published"].public_id,
    ]
    for item in document["items"]:
        assert sorted(item) == sorted(api_fields)
    assert document["items"][0]["published_at"] is None


def test_the_website_use_exports_what_the_public_may_see(runner, make_story):
    """Is an export for the website's own use exactly the public stories?"""
    made = stories_for_officials(make_story)
    result = runner.invoke(args=["export", "--use", "publish", "--format", "json"])
    assert result.exit_code == 0, result.output
    ids = [item["id"] for item in json.loads(result.stdout)["items"]]
    assert ids == [made["published"].public_id]


def test_an_unknown_use_or_format_is_refused(runner, db):
    """Is an unknown use or format refused with a message naming the choices, writing nothing?"""
    for args in (["--use", "website", "--format", "csv"], ["--use", "press", "--format", "xlsx"]):
        result = runner.invoke(args=["export", *args])
        assert result.exit_code == 2
        assert "Invalid value" in result.output
    assert db.session.scalars(select(AuditEvent)).all() == []


def test_neutralised_cells():
    assert [neutralised(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain", "")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "plain",
        "",
    ]


# ---------------------------------------------------------------------------------------------
# The exports page, for organizers

EXPORTS = "/moderate/exports"


def download(client, **fields):
    token = form_token(client, EXPORTS)
    return client.post(EXPORTS, data={"csrf_token": token, **fields})


def test_an_organizer_starts_at_the_exports_and_downloads_a_csv(staff_client, make_story, db):
    """Does an organizer land on the exports page, which counts the stories each use may take,
    and download the officials' stories as CSV, recorded in the audit log under their name?"""
    made = stories_for_officials(make_story)
    organizer = staff_client("organizer")
    page = organizer.get(EXPORTS).get_data(as_text=True)
    assert "Elected officials and their staff: 2 stories" in page
    answer = download(organizer, use="officials", format="csv")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "attachment;" in answer.headers["Content-Disposition"]
    body = answer.get_data(as_text=True)
    assert body.startswith(BYTE_ORDER_MARK)
    assert made["approved"].public_id in body and made["withdrawn"].public_id not in body
    assert "Secretname" not in body
    db.session.rollback()  # a fresh snapshot: the request wrote since the last read
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "stories.exported")
    ).one()
    assert (event.actor_id, event.note) == (
        organizer.user.id,
        "use=officials; format=csv; stories=2",
    )


def test_a_json_download_links_only_the_public_stories(staff_client, make_story):
    """Does a JSON download give a page address to a published story and none to a story that
    is not on the website, with the filters applied?"""
    made = stories_for_officials(make_story)
    answer = download(staff_client("organizer"), use="officials", format="json", language="ko")
    items = json.loads(answer.get_data(as_text=True))["items"]
    assert [item["id"] for item in items] == [made["approved"].public_id]
    assert items[0]["url"] is None
    answer = download(staff_client("admin"), use="publish", format="json")
    items = json.loads(answer.get_data(as_text=True))["items"]
    assert items[0]["url"].endswith(f"/stories/{made['published'].public_id}")


def test_bad_choices_are_field_errors_and_nothing_is_exported(staff_client, db):
    """Are an unknown use, an unknown format and an unknown filter value each refused on their
    field, with nothing exported or recorded?"""
    organizer = staff_client("organizer")
    answer = download(organizer, use="website", format="xlsx", region="ZZ", theme="nope")
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "Choose one of the uses on the list." in page
    assert "Choose CSV or JSON." in page
    assert "Choose a state or territory from the list." in page
    assert "Choose a theme from the list." in page
    exported = select(AuditEvent).where(AuditEvent.action == "stories.exported")
    assert db.session.scalars(exported).all() == []


def test_an_organizer_sees_no_story_in_review_and_no_contact_details(staff_client, make_story):
    """Is an organizer refused the queue, the review page and the contact details (403)?"""
    story = make_story(scopes=("store", "officials", "contact"))
    organizer = staff_client("organizer")
    assert organizer.get("/moderate/").status_code == 403
    assert organizer.get(f"/moderate/stories/{story.id}").status_code == 403
    token = form_token(organizer, EXPORTS)
    contact = organizer.post(f"/moderate/stories/{story.id}/contact", data={"csrf_token": token})
    assert contact.status_code == 403

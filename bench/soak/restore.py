"""Backup, a storyteller withdraws, restore: the withdrawn stories must stay gone everywhere a
reader or a machine could find them (page, API, list, search, feed, sitemap), while the other
stories come back, and `storybank restore` says how many withdrawals it applied again."""

from __future__ import annotations

import re
import secrets
import string
from dataclasses import dataclass

from bench.databases import storybank_command
from bench.load import hidden_fields
from bench.report import say
from bench.settings import HarnessError
from bench.soak.clients import Form, Tally, Visitor, loopback_address, send_all
from bench.soak.report import BROKEN, Row
from bench.soak.settings import Settings
from bench.soak.site import SOAK_WORK, Site

FIRST_ADDRESS = 400_000
SECONDS = 300
MODERATOR = "soak-moderator@example.org"
# The line of `storybank restore` saying how many withdrawals it applied again.
APPLIED = re.compile(r"applied[^0-9]*(\d+)", re.I)


@dataclass
class Published:
    form: Form
    word: str  # a word of its own, for the search
    public_id: str = ""

    def surfaces(self) -> dict[str, tuple[str, bool]]:
        """Where a reader or a machine finds a story: address, and whether the story must
        answer there itself (its own page) or only be mentioned (lists, feed, sitemap)."""
        return {
            "page": (f"/en/stories/{self.public_id}", True),
            "API": (f"/api/v1/stories/{self.public_id}", True),
            "list": ("/en/stories", False),
            "search": (f"/en/search?q={self.word}", False),
            "feed": ("/en/stories.atom", False),
            "sitemap": ("/sitemap.xml", False),
        }

    def found_on(self, port: int) -> list[str]:
        """The surfaces that show this story now."""
        shown = []
        for surface, (path, own) in self.surfaces().items():
            answer = Visitor(port).get(path)
            if (own and answer.status == 200) or (not own and self.public_id in answer.text):
                shown.append(surface)
        return shown


def publish(site: Site, stories: list[Published]) -> None:
    """A moderator publishes the stories (through the services, as the review page does)."""
    from storybank import create_app
    from storybank.extensions import db
    from storybank.models import Role
    from storybank.services import decisions, storyteller
    from storybank.services.accounts import create_staff_user

    app = create_app(environ=site.environment)
    with app.app_context():
        moderator = create_staff_user(MODERATOR, Role.MODERATOR, secrets.token_urlsafe(24))
        db.session.commit()
        for published in stories:
            story = storyteller.find_by_code(published.form.code or "")
            if story is None:
                raise HarnessError(f"{published.form.title}: its claim code finds no story")
            decisions.decide(story, moderator, "publish", confirm_flags=True)
            db.session.commit()
            published.public_id = story.public_id
        db.session.remove()
        db.engine.dispose()


def withdraw(port: int, code: str) -> bool:
    """The storyteller takes the story back on the status page; whether the page says so."""
    visitor = Visitor(port)
    page = visitor.get("/en/my-story")
    token = hidden_fields(page.text).get("csrf_token", "")
    status = visitor.post_form("/en/my-story", {"csrf_token": token, "code": code})
    token = hidden_fields(status.text).get("csrf_token", "")
    done = visitor.post_form(
        "/en/my-story/withdraw", {"csrf_token": token, "code": code, "confirm_withdraw": "y"}
    )
    return done.status == 200 and "taken back" in done.text


def backup_restore(site: Site, settings: Settings, database: str) -> Row:
    s = settings
    test = (
        f"backup, storytellers withdraw {s.withdrawn} of {s.published} published stories, "
        f"restore, {database}"
    )
    slug = database.lower()
    stories = [
        Published(
            Form(f"Soak restore {slug} {n + 1} {word}", loopback_address(FIRST_ADDRESS + n)), word
        )
        for n, word in enumerate(unique_words(s.published))
    ]
    send_all(site.port, [p.form for p in stories], 4, Tally(), SECONDS)
    if not all(p.form.code for p in stories):
        raise HarnessError("some of the stories to publish got no claim code")
    publish(site, stories)
    unseen = {p.form.title: missing for p in stories if (missing := hidden_from(p, site.port))}
    if unseen:
        return Row(test, f"published stories missing before the backup: {unseen}", BROKEN)

    backup = SOAK_WORK / f"{slug}.backup"
    backup.unlink(missing_ok=True)
    try:
        storybank_command(site.environment, "backup", str(backup))
    except HarnessError as exc:
        return failed(test, "backup", exc)
    leaving, staying = stories[: s.withdrawn], stories[s.withdrawn :]
    refused = [p.form.title for p in leaving if not withdraw(site.port, p.form.code or "")]
    if refused:
        return Row(test, f"the withdrawal was refused for {refused}", BROKEN)
    site.stop()
    try:
        said = storybank_command(site.environment, "restore", str(backup), "--yes")
    except HarnessError as exc:
        site.start()
        return failed(test, "restore", exc)
    site.start()
    reported = applied_count(said)
    back = {p.form.title: shown for p in leaving if (shown := p.found_on(site.port))}
    lost = [p.form.title for p in staying if hidden_from(p, site.port)]
    places = sum(len(shown) for shown in back.values())
    say(f"{database}: restore said: {' / '.join(said.strip().splitlines())}")
    say(f"{database}: withdrawn and back: {back or 'none'}; kept stories missing: {lost or 'none'}")
    result = (
        f"{len(back)} of {len(leaving)} withdrawn stories back ({places} places among page, "
        f"API, list, search, feed, sitemap); restore reported "
        f"{'no count' if reported is None else reported} withdrawals applied; "
        f"{len(staying) - len(lost)} of {len(staying)} other stories back"
    )
    ok = not back and reported == len(leaving) and not lost
    return Row.judged(test, result, ok)


def hidden_from(story: Published, port: int) -> list[str]:
    """The surfaces that should show a published story and do not."""
    shown = story.found_on(port)
    return [surface for surface in story.surfaces() if surface not in shown]


def unique_words(count: int) -> list[str]:
    """Made-up words no other story holds, one a story, so that a search finds only it."""
    return [
        "".join(secrets.choice(string.ascii_lowercase) for _ in range(10)) for _ in range(count)
    ]


def applied_count(output: str) -> int | None:
    for line in output.splitlines():
        found = APPLIED.search(line)
        if found:
            return int(found[1])
    return None


def failed(test: str, command: str, error: HarnessError) -> Row:
    """A row for a command that failed: its whole output above the table, its last line in it."""
    say(str(error))
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return Row(test, f"`storybank {command}` failed: {lines[-1][:300]}", BROKEN)

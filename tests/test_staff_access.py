"""Who may open what in the staff area: the permission table, and every staff URL refusing an
anonymous visitor and each role it must refuse."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from conftest import form_token
from storybank.models import Role
from storybank.permissions import ROLE_PERMISSIONS, Permission, role_allows

P = Permission
T, M, ORG, A = Role.TRANSLATOR, Role.MODERATOR, Role.ORGANIZER, Role.ADMIN

# Who may do what, written out independently of the code's table.
EXPECTED = {
    P.OWN_ACCOUNT: {T, M, ORG, A},
    P.REVIEW: {M, A},
    P.DECIDE: {M, A},
    P.VIEW_CONTACT: {M, A},
    P.INTAKE: {M, A},
    P.TRANSLATE: {T, A},
    P.APPROVE_TRANSLATION: {M, A},
    P.MANAGE_USERS: {A},
    P.MANAGE_TAXONOMY: {A},
    P.MANAGE_CONSENT_TEXTS: {A},
    P.VIEW_AUDIT_LOG: {A},
    P.EXPORT: {ORG, A},
}

# Every staff route with each of its methods, and the permission it needs.
STAFF_ROUTES: list[tuple[str, str, Permission]] = [
    ("/moderate/", "GET", P.REVIEW),
    ("/moderate/bulk", "POST", P.DECIDE),
    ("/moderate/stories/<int:story_id>", "GET", P.REVIEW),
    ("/moderate/stories/<int:story_id>/claim", "POST", P.REVIEW),
    ("/moderate/stories/<int:story_id>/text", "POST", P.REVIEW),
    ("/moderate/stories/<int:story_id>/redact", "POST", P.REVIEW),
    ("/moderate/stories/<int:story_id>/decision", "POST", P.DECIDE),
    ("/moderate/stories/<int:story_id>/contact", "POST", P.VIEW_CONTACT),
    ("/moderate/media/<public_id:public_id>", "GET", P.REVIEW),
    ("/moderate/intake", "GET", P.INTAKE),
    ("/moderate/intake", "POST", P.INTAKE),
    ("/moderate/translations/", "GET", P.TRANSLATE),
    ("/moderate/translations/review", "GET", P.APPROVE_TRANSLATION),
    ("/moderate/stories/<int:story_id>/translations/", "GET", P.TRANSLATE),
    ("/moderate/stories/<int:story_id>/translations/<language>", "GET", P.TRANSLATE),
    ("/moderate/stories/<int:story_id>/translations/<language>", "POST", P.TRANSLATE),
    (
        "/moderate/stories/<int:story_id>/translations/<language>/review",
        "GET",
        P.APPROVE_TRANSLATION,
    ),
    (
        "/moderate/stories/<int:story_id>/translations/<language>/review",
        "POST",
        P.APPROVE_TRANSLATION,
    ),
    ("/moderate/admin/", "GET", P.MANAGE_USERS),
    ("/moderate/admin/users", "GET", P.MANAGE_USERS),
    ("/moderate/admin/users", "POST", P.MANAGE_USERS),
    ("/moderate/admin/users/<int:user_id>/disable", "POST", P.MANAGE_USERS),
    ("/moderate/admin/users/<int:user_id>/enable", "POST", P.MANAGE_USERS),
    ("/moderate/admin/users/<int:user_id>/reset-second-factor", "POST", P.MANAGE_USERS),
    ("/moderate/admin/users/<int:user_id>/role", "POST", P.MANAGE_USERS),
    ("/moderate/admin/themes", "GET", P.MANAGE_TAXONOMY),
    ("/moderate/admin/themes", "POST", P.MANAGE_TAXONOMY),
    ("/moderate/admin/themes/<int:theme_id>", "GET", P.MANAGE_TAXONOMY),
    ("/moderate/admin/themes/<int:theme_id>", "POST", P.MANAGE_TAXONOMY),
    ("/moderate/admin/campaigns", "GET", P.MANAGE_TAXONOMY),
    ("/moderate/admin/campaigns", "POST", P.MANAGE_TAXONOMY),
    ("/moderate/admin/campaigns/<int:campaign_id>", "GET", P.MANAGE_TAXONOMY),
    ("/moderate/admin/campaigns/<int:campaign_id>", "POST", P.MANAGE_TAXONOMY),
    ("/moderate/admin/consent", "GET", P.MANAGE_CONSENT_TEXTS),
    ("/moderate/admin/consent", "POST", P.MANAGE_CONSENT_TEXTS),
    ("/moderate/admin/consent/<int:text_id>", "GET", P.MANAGE_CONSENT_TEXTS),
    ("/moderate/admin/audit", "GET", P.VIEW_AUDIT_LOG),
    ("/moderate/exports", "GET", P.EXPORT),
    ("/moderate/exports", "POST", P.EXPORT),
    ("/moderate/logout", "GET", P.OWN_ACCOUNT),
    ("/moderate/logout", "POST", P.OWN_ACCOUNT),
    ("/moderate/account/password", "GET", P.OWN_ACCOUNT),
    ("/moderate/account/password", "POST", P.OWN_ACCOUNT),
]
OPEN_ROUTES = {"/moderate/login", "/moderate/login/code", "/moderate/login/enrol"}


def example_url(rule: str) -> str:
    rule = rule.replace("<public_id:public_id>", "0000000000000000")
    return re.sub(r"<[^>]+>", "1", rule).replace("<language>", "ko")


@pytest.mark.parametrize("permission", list(Permission))
def test_the_permission_table(permission):
    """Does each role hold exactly the permissions it should?"""
    for role in Role:
        assert role_allows(role, permission) == (role in EXPECTED[permission]), (role, permission)
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_every_staff_route_is_in_the_table(app):
    """Is every staff route (and method) listed here, so none escapes the test below?"""
    listed = {(rule, method) for rule, method, _permission in STAFF_ROUTES}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/moderate") or rule.rule in OPEN_ROUTES:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            assert (rule.rule, method) in listed, f"{method} {rule.rule} is not in STAFF_ROUTES"


def _signed_in_as(app: Any, make_staff: Any, role: Role) -> Any:
    """A client with a live session of a new account of `role` (sign-in is tested elsewhere)."""
    user = make_staff(role.value)
    client = app.test_client()
    now = int(time.time())
    with client.session_transaction() as session:
        session.update(
            _user_id=user.get_id(),
            _fresh=True,
            _id="staff",
            staff_signed_in_at=now,
            staff_seen_at=now,
        )
    return client


def _send(client: Any, method: str, url: str, token_page: str) -> Any:
    if method == "GET":
        return client.get(url)
    return client.post(url, data={"csrf_token": form_token(client, token_page)})


@pytest.mark.parametrize(("rule", "method", "permission"), STAFF_ROUTES)
def test_staff_urls_refuse_anonymous_visitors_and_other_roles(
    app, make_staff, rule, method, permission
):
    """Does every staff URL send an anonymous visitor to sign in, refuse each role without its
    permission, and let a role with it through?"""
    url = example_url(rule)
    anonymous = _send(app.test_client(), method, url, "/moderate/login")
    assert anonymous.status_code == 303, (method, url)
    assert anonymous.location.endswith("/moderate/login")
    for role in Role:
        client = _signed_in_as(app, make_staff, role)
        answer = _send(client, method, url, "/moderate/account/password")
        if role_allows(role, permission):
            assert answer.status_code not in (401, 403), (role, method, url)
            assert answer.status_code < 500, (role, method, url)
        else:
            assert answer.status_code == 403, (role, method, url, answer.status_code)
            assert "You cannot open this page" in answer.get_data(as_text=True)


def test_a_view_without_a_permission_is_refused_to_everyone(app, make_staff):
    """If someone adds a staff view and forgets its permission, is it refused even to admins?"""
    from storybank.moderate import bp

    app.view_functions["moderate.unmarked"] = lambda: "open"
    app.add_url_rule(
        "/moderate/unmarked", "moderate.unmarked", app.view_functions["moderate.unmarked"]
    )
    del bp
    client = _signed_in_as(app, make_staff, Role.ADMIN)
    assert client.get("/moderate/unmarked").status_code == 403


def test_the_staff_menu_shows_only_what_the_role_may_open(app, make_staff):
    """Does a translator's menu leave out the queue, intake and administration?"""
    translator = _signed_in_as(app, make_staff, Role.TRANSLATOR)
    page = translator.get("/moderate/account/password").get_data(as_text=True)
    assert "/moderate/translations/" in page
    for hidden in ('href="/moderate/"', "/moderate/intake", "/moderate/admin/"):
        assert hidden not in page
    admin = _signed_in_as(app, make_staff, Role.ADMIN)
    page = admin.get("/moderate/account/password").get_data(as_text=True)
    for shown in ('href="/moderate/"', "/moderate/intake", "/moderate/admin/"):
        assert shown in page

"""Error pages: translated, in the page's layout, and never a stack trace."""

from __future__ import annotations

import pytest
from flask import abort, request

CODES = (400, 403, 404, 405, 410, 413, 429, 500)

TITLES = {
    "en": {
        400: "Something in the request was not right",
        403: "You cannot open this page",
        404: "Page not found",
        405: "This action is not possible here",
        410: "This story is no longer here",
        413: "The files are too large",
        429: "Too many tries",
        500: "Something went wrong on our side",
    },
    "ko": {
        400: "요청에 잘못된 부분이 있습니다",
        403: "이 페이지를 열 수 없습니다",
        404: "페이지를 찾을 수 없습니다",
        405: "여기에서는 할 수 없는 동작입니다",
        410: "이 이야기는 더 이상 볼 수 없습니다",
        413: "파일이 너무 큽니다",
        429: "시도 횟수가 너무 많습니다",
        500: "저희 쪽에 문제가 생겼습니다",
    },
}


@pytest.fixture
def failing_app(app):
    """The app with a page that fails in the way each test asks for."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config["MAX_CONTENT_LENGTH"] = 1024

    @app.route("/<locale>/fail/<int:code>", methods=["GET", "POST"])
    def fail(code: int) -> str:
        if request.method == "POST":
            request.form.get("anything")
        if code == 500:
            raise RuntimeError("an unexpected bug with a secret inside")
        abort(code)

    return app


def trigger(client, locale: str, code: int):
    if code == 404:
        return client.get(f"/{locale}/no-such-page")
    if code == 405:
        return client.post(f"/{locale}/privacy")
    if code == 413:
        return client.post(f"/{locale}/fail/413", data={"anything": "x" * 5000})
    return client.get(f"/{locale}/fail/{code}")


@pytest.mark.parametrize("locale", ["en", "ko"])
@pytest.mark.parametrize("code", CODES)
def test_error_pages_are_translated(failing_app, locale, code):
    """Does each error answer its status with a page in the URL's language?"""
    response = trigger(failing_app.test_client(), locale, code)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert f'<html lang="{locale}"' in html
    assert TITLES[locale][code] in html
    assert 'id="main"' in html and "skip-link" in html
    assert "Traceback" not in html and "secret inside" not in html
    other = "ko" if locale == "en" else "en"
    assert TITLES[other][code] not in html


def test_staff_area_errors_use_the_staff_layout(client):
    """Is a missing staff page shown in the staff layout, its language switcher staying there?"""
    html = client.get("/moderate/nothing-here").get_data(as_text=True)
    assert 'class="staff"' in html
    assert "next=/moderate/nothing-here" in html.replace("%2F", "/")
    assert "Share your story" not in html


def test_unexpected_error_is_logged_without_request_details(failing_app, caplog):
    """Is a 500 logged for the developers, but not with the visitor's address?"""
    client = failing_app.test_client()
    client.get("/en/fail/500", environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert "203.0.113.77" not in caplog.text


def test_errors_keep_their_protocol_headers(failing_app):
    """Does a 405 page still say which methods are allowed?"""
    response = failing_app.test_client().post("/ko/privacy")
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}

"""The field macros: every field tied to its label, help and errors, for screen readers too."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired

from storybank.templating import excerpt, paragraphs

PAGE = """
{% from "_macros/forms.html" import render_field, render_checkbox, render_choices, error_summary %}
{{ error_summary(form) }}
{{ render_field(form.title, help="A few words.") }}
{{ render_checkbox(form.agree) }}
{{ render_choices(form.attribution, help="How your name is shown.") }}
"""


class ExampleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired()])
    agree = BooleanField("I agree", validators=[DataRequired()])
    attribution = RadioField(
        "Name",
        choices=[SelectChoice("anonymous", "Anonymous"), SelectChoice("pen_name", "A pen name")],
        validators=[DataRequired()],
    )


@pytest.fixture
def form(app):
    with app.test_request_context("/ko/", method="POST", data={}):
        app.config["WTF_CSRF_ENABLED"] = False
        example = ExampleForm()
        example.validate()
        yield example


def test_fields_are_wired_to_label_help_and_errors(app, form):
    """Does an invalid field carry aria-invalid and point at its help and its errors?"""
    html = render_template_string(PAGE, form=form)
    assert '<label class="field__label" for="title">' in html
    tag = re.search(r"<input[^>]*id=\"title\"[^>]*>", html)[0]
    assert 'aria-invalid="true"' in tag
    assert 'aria-describedby="title-help title-errors"' in tag
    assert '<p class="field__help" id="title-help">A few words.</p>' in html
    assert 'id="title-errors"' in html
    assert "(필수)" in html  # the page's language


def test_choices_are_a_fieldset_with_a_legend(app, form):
    """Are radio buttons one fieldset, the target of the error summary's link?"""
    html = render_template_string(PAGE, form=form)
    assert (
        '<fieldset class="field field--choices field--error" id="attribution" tabindex="-1" '
        'aria-describedby="attribution-help attribution-errors">'
    ) in html
    assert '<a href="#attribution">' in html
    assert "<legend" in html
    assert html.count('type="radio"') == 2
    assert "checked" not in html  # nothing chosen for the storyteller


def test_error_summary_links_each_error_to_its_field(app, form):
    html = render_template_string(PAGE, form=form)
    assert 'role="alert"' in html
    for field_id in ("title", "agree", "attribution"):
        assert f'<a href="#{field_id}">' in html


def test_valid_fields_carry_no_error_wiring(app):
    with app.test_request_context("/en/", method="POST", data={"title": "Mine"}):
        app.config["WTF_CSRF_ENABLED"] = False
        example = ExampleForm()
        example.validate()
        html = render_template_string(PAGE, form=example)
    tag = re.search(r"<input[^>]*id=\"title\"[^>]*>", html)[0]
    assert "aria-invalid" not in tag
    assert 'aria-describedby="title-help"' in tag


def test_story_text_is_escaped_then_split_into_paragraphs():
    """Is user text never rendered as HTML, while its paragraphs are kept?"""
    html = paragraphs("<script>alert(1)</script>\nsecond line\r\n\r\nNew paragraph & more")
    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>\nsecond line</p>\n"
        "<p>New paragraph &amp; more</p>"
    )
    assert paragraphs("") == ""


def test_excerpts_cut_at_words_where_the_script_has_them():
    assert excerpt("word " * 100, 30).endswith("word…")
    assert len(excerpt("가" * 500, 100)) == 51  # wide characters count double
    assert excerpt("short") == "short"

"""The form every page uses: what a browser sends becomes field values here, checked once.

A form field gets only what it can hold: text fields text, file fields files. A file sent under a
text field's name (or text under a file field's), and text carrying characters that cannot be
stored (NUL and other control characters), become a translated error on that field; what was
typed is shown again without those characters, so nothing else of it is lost.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import FileField

from ..inputs import UNSTORABLE


class InputProblem(Enum):
    """Why a field's value was not taken as it came."""

    FILE_FOR_TEXT = "file_for_text"
    TEXT_FOR_FILE = "text_for_file"
    UNSTORABLE = "unstorable"

    @property
    def message(self) -> Any:
        return INPUT_PROBLEM_MESSAGES[self]


INPUT_PROBLEM_MESSAGES = {
    InputProblem.FILE_FOR_TEXT: _l("This field takes typed text, not a file. Please fill it in."),
    InputProblem.TEXT_FOR_FILE: _l("This field takes a file. Please choose the file again."),
    InputProblem.UNSTORABLE: _l(
        "This text contained invisible control characters that we cannot store, and we removed "
        "them. Please check the text and send it again."
    ),
}


def checked_formdata(form: Form, formdata: Any) -> MultiDict[str, Any]:
    """`formdata` with each value of the kind its field takes; problems noted on `form`."""
    file_fields = {field.name for field in form if isinstance(field, FileField)}
    checked: MultiDict[str, Any] = MultiDict()
    for name, value in formdata.items(multi=True):
        if isinstance(value, FileStorage):
            if name in file_fields:
                checked.add(name, value)
            else:
                form.input_problems.setdefault(name, InputProblem.FILE_FOR_TEXT)
        elif not isinstance(value, str):
            form.input_problems.setdefault(name, InputProblem.FILE_FOR_TEXT)
        elif name in file_fields:
            if value:
                form.input_problems.setdefault(name, InputProblem.TEXT_FOR_FILE)
        elif UNSTORABLE.search(value):
            form.input_problems.setdefault(name, InputProblem.UNSTORABLE)
            checked.add(name, UNSTORABLE.sub("", value))
        else:
            checked.add(name, value)
    return checked


class Form(FlaskForm):
    """A FlaskForm whose fields only ever receive values of their own kind."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            formdata = super().wrap_formdata(form, formdata)
            if formdata is None:
                return None
            return checked_formdata(form, formdata)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.input_problems: dict[str, InputProblem] = {}
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators: Any = None) -> bool:
        """Validate as usual; a field whose value was not taken as it came is refused too."""
        valid = super().validate(extra_validators)
        for name, problem in self.input_problems.items():
            field = self._fields.get(name)
            if field is not None:
                field.errors = [str(problem.message)]
                valid = False
        return valid

"""The API holds its own OpenAPI contract: Schemathesis generates valid and invalid requests from
the document the API serves and runs every check it has on each answer."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks
from test_api import full_story, taxonomy

from storybank.models import StoryState

__all__ = ["full_story", "taxonomy"]  # fixtures the contract test reads stories through

OPERATIONS = [("/stories", "GET"), ("/stories/{public_id}", "GET")]
load_all_checks()
# Every check Schemathesis has (the command line's `--checks all`), not only its defaults.
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture
def api_schema(app: Any, make_story: Any, full_story: Any) -> Any:
    """The served OpenAPI document, bound to the app, with public and non-public stories."""
    make_story(state=StoryState.PUBLISHED.value)
    make_story(state=StoryState.IN_REVIEW.value)
    make_story(state=StoryState.WITHDRAWN.value)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_the_api_holds_its_openapi_contract(
    api_schema: Any, path: str, method: str, mode: GenerationMode
) -> None:
    """Does every answer to generated valid and invalid requests match the document: no 5xx,
    invalid parameters refused, valid ones accepted, documented statuses, headers and bodies?"""
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=75,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def holds(case: Any) -> None:
        case.call_and_validate(checks=ALL_CHECKS)

    holds()

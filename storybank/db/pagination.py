"""Lists read a page at a time: which rows a page holds, how many the whole list has, and which
pages come before and after it.

Every such list (the public list and the API, the review queue, the translations, the audit
log) is fetched through `paginate` and shown with one macro (templates/_macros/pagination.html),
which needs only a `Page`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, TypeVarTuple

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session, scoped_session

T = TypeVar("T")
Ts = TypeVarTuple("Ts")
AnySession = Session | scoped_session[Any]


def number_of_pages(total: int, per_page: int) -> int:
    """How many pages a list of `total` items has; an empty list is one empty page."""
    return max(1, -(-total // per_page))


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list: its items, which page it is (from 1), how many items a page holds,
    and how many the whole list has."""

    items: Sequence[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return number_of_pages(self.total, self.per_page)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.has_previous else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.has_next else None


def count(session: AnySession, query: Select[*Ts]) -> int:
    """How many rows `query` answers, counted by the database. Its order is left out: ordering
    would only make the database sort what it counts (and stop SQLite flattening the subquery)."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return session.scalar(counted) or 0


def _window(
    session: AnySession,
    query: Select[*Ts],
    number: int,
    per_page: int,
    total: int | None,
    last_if_beyond: bool,
) -> tuple[Select[*Ts], int, int]:
    """The query narrowed to the rows of page `number`, the page's number, and the total."""
    if total is None:
        total = count(session, query)
    if last_if_beyond:
        number = min(number, number_of_pages(total, per_page))
    return query.limit(per_page).offset((number - 1) * per_page), number, total


def paginate(
    session: AnySession,
    query: Select[T],
    number: int,
    per_page: int,
    *,
    total: int | None = None,
    last_if_beyond: bool = False,
) -> Page[T]:
    """Page `number` (from 1) of what `query` selects, one entity or value a row, in the query's
    order. `total` is the size of the whole list when the caller knows it already (counted
    otherwise). A number past the last page is an empty page, or with `last_if_beyond` the last
    page (so that a stale link to a staff list still opens it)."""
    window, number, total = _window(session, query, number, per_page, total, last_if_beyond)
    items = session.scalars(window).all()
    return Page(items=items, number=number, per_page=per_page, total=total)


def paginate_rows(
    session: AnySession,
    query: Select[*Ts],
    number: int,
    per_page: int,
    *,
    total: int | None = None,
    last_if_beyond: bool = False,
) -> Page[Row[*Ts]]:
    """As `paginate`, for a query that selects several things a row: the items are rows."""
    window, number, total = _window(session, query, number, per_page, total, last_if_beyond)
    items = session.execute(window).all()
    return Page(items=items, number=number, per_page=per_page, total=total)

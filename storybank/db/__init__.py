"""Infrastructure under the services: engine set-up and what counts as the database being away
(engines.py), the public edition (editions.py), the story state counts (state_counts.py) and
the append-only guard (guards.py). Nothing here listens until the app factory calls `init_app`,
which registers every listener on Flask-SQLAlchemy's session."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..extensions import db
    from . import editions, engines, guards, state_counts

    with app.app_context():
        for engine in db.engines.values():
            engines.configure_engine(engine)
    for listen in (guards.listen, editions.listen, state_counts.listen):
        listen(db.session)
    # Registered after Flask-SQLAlchemy's own teardown, so it runs first.
    app.teardown_appcontext(engines.close_session)

"""storybank: community members tell their stories; moderators review them; readers read them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(environ: Mapping[str, str] | None = None) -> Flask:
    """Build the application: each step below configures one concern, nothing else runs."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    configure_settings(app, environ)
    configure_logging(app)
    configure_extensions(app)
    configure_database(app)
    configure_i18n(app)
    configure_caching(app)
    configure_inputs(app)
    configure_blueprints(app)
    configure_errors(app)
    configure_security(app)
    configure_templates(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, environ: Mapping[str, str] | None) -> None:
    from .config import load_settings
    from .i18n import SOURCE_LOCALE, TRANSLATIONS_DIR

    settings = load_settings(app.instance_path, environ=environ)
    app.config.from_mapping(settings.flask_config())
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    app.config["BABEL_DEFAULT_LOCALE"] = SOURCE_LOCALE


def configure_logging(app: Flask) -> None:
    from .logging import init_app

    init_app(app)


def configure_extensions(app: Flask) -> None:
    from . import crypto
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .i18n import select_babel_locale

    crypto.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=select_babel_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    # Templates get `current_user` lazily (moderate/access.py): public pages never read the
    # session, so they carry no `Vary: Cookie` and caches can share them.
    login_manager.init_app(app, add_context_processor=False)
    # Staff never get "remember me" cookies; Flask-Login's hook for them reads the session on
    # every response, which would mark public pages `Vary: Cookie`.
    app.after_request_funcs[None].remove(login_manager._update_remember_cookie)
    from . import auth

    auth.init_app(app)


def configure_database(app: Flask) -> None:
    from . import db, models, search  # noqa: F401  (models register their tables)

    db.init_app(app)
    search.init_app()


def configure_i18n(app: Flask) -> None:
    from . import i18n

    i18n.init_app(app)


def configure_caching(app: Flask) -> None:
    from . import caching

    caching.init_app(app)


def configure_inputs(app: Flask) -> None:
    from . import inputs

    inputs.init_app(app)


def configure_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .discovery import bp as discovery_bp
    from .moderate import bp as moderate_bp
    from .site import bp as site_bp
    from .stories import bp as stories_bp
    from .submit import bp as submit_bp

    app.register_blueprint(site_bp)
    app.register_blueprint(stories_bp, url_prefix="/<locale>")
    app.register_blueprint(submit_bp, url_prefix="/<locale>")
    app.register_blueprint(moderate_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(discovery_bp)


def configure_errors(app: Flask) -> None:
    from . import errors

    errors.init_app(app)


def configure_security(app: Flask) -> None:
    from . import security

    security.init_app(app)


def configure_templates(app: Flask) -> None:
    from . import templating

    templating.init_app(app)


def configure_cli(app: Flask) -> None:
    from . import cli

    cli.init_app(app)

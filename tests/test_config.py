"""Settings: development secrets generated once, production refusing to start without keys or
without the organisation that runs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from conftest import run_console_script
from storybank import create_app
from storybank.config import ConfigError, Settings, load_settings

KEY = Fernet.generate_key().decode()
SECRET = "s" * 40
# Who runs the site: production refuses to start without it.
ORGANISATION = {
    "STORYBANK_ORG_NAME": "Eastside Stories",
    "STORYBANK_ORG_CONTACT_EMAIL": "privacy@eastside.example",
}


def production(**extra: str) -> dict[str, str]:
    return {"STORYBANK_ENV": "production", **extra}


def production_settings(tmp_path: Path) -> Settings:
    """The settings of a production site with both keys, a database and its organisation."""
    return load_settings(
        tmp_path,
        environ=production(
            STORYBANK_SECRET_KEY=SECRET,
            STORYBANK_ENCRYPTION_KEYS=KEY,
            STORYBANK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
            **ORGANISATION,
        ),
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    """Does production name STORYBANK_SECRET_KEY when it is missing?"""
    with pytest.raises(ConfigError, match="STORYBANK_SECRET_KEY is not set"):
        create_app(environ=production(STORYBANK_ENCRYPTION_KEYS=KEY))


def test_production_refuses_to_start_without_encryption_keys(tmp_path):
    """Does production name STORYBANK_ENCRYPTION_KEYS when they are missing?"""
    with pytest.raises(ConfigError, match="STORYBANK_ENCRYPTION_KEYS is not set"):
        create_app(environ=production(STORYBANK_SECRET_KEY=SECRET))


def test_production_is_the_default_environment(tmp_path):
    """Without STORYBANK_ENV, is the app strict (production)?"""
    with pytest.raises(ConfigError, match="STORYBANK_SECRET_KEY"):
        load_settings(tmp_path, environ={})


def test_production_starts_with_keys_and_sends_secure_cookies(tmp_path):
    """With both keys, does production start, with Secure cookies?"""
    settings = production_settings(tmp_path)
    config = settings.flask_config()
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STORYBANK_SECRET_KEY": "short"}, "STORYBANK_SECRET_KEY is too short"),
        ({"STORYBANK_ENCRYPTION_KEYS": f"{KEY},not-a-key"}, "key number 2 is not a valid"),
        ({"STORYBANK_ENV": "staging"}, "STORYBANK_ENV must be one of"),
        ({"STORYBANK_DATABASE_URL": "mysql://x/y"}, "STORYBANK_DATABASE_URL must be"),
        ({"STORYBANK_LOCALES": "en,xx"}, "STORYBANK_LOCALES names xx"),
        ({"STORYBANK_DEFAULT_LOCALE": "de"}, "STORYBANK_DEFAULT_LOCALE is 'de'"),
        ({"STORYBANK_PUBLIC_MAX_AGE": "soon"}, "STORYBANK_PUBLIC_MAX_AGE must be a whole number"),
        ({"STORYBANK_ORG_PRIMARY_COLOUR": "blue"}, "STORYBANK_ORG_PRIMARY_COLOUR must be a hex"),
        ({"STORYBANK_ORG_LOGO_URL": "https://cdn.example/logo.png"}, "STORYBANK_ORG_LOGO_URL"),
    ],
)
def test_invalid_settings_are_refused_with_the_variable_named(tmp_path, variables, message):
    """Is each bad setting refused once, at start-up, naming what to fix?"""
    environ = {"STORYBANK_SECRET_KEY": SECRET, "STORYBANK_ENCRYPTION_KEYS": KEY, **variables}
    with pytest.raises(ConfigError, match=message):
        load_settings(tmp_path, environ=environ)


def test_development_generates_keys_once_into_the_instance_folder(tmp_path):
    """Are development secrets created on first start, private, and reused afterwards?"""
    first = load_settings(tmp_path, environ={"STORYBANK_ENV": "development"})
    second = load_settings(tmp_path, environ={"STORYBANK_ENV": "development"})
    assert first.secret_key == second.secret_key
    assert first.encryption_keys == second.encryption_keys
    Fernet(first.encryption_keys[0].encode())  # a usable key
    for name in ("secret_key", "encryption_keys"):
        mode = (tmp_path / name).stat().st_mode & 0o777
        assert mode == 0o600, name
    assert first.database_url == f"sqlite:///{tmp_path / 'storybank.db'}"
    assert first.flask_config()["SESSION_COOKIE_SECURE"] is False


def test_plain_postgresql_urls_use_psycopg(tmp_path):
    settings = load_settings(
        tmp_path,
        environ={
            "STORYBANK_SECRET_KEY": SECRET,
            "STORYBANK_ENCRYPTION_KEYS": KEY,
            "STORYBANK_DATABASE_URL": "postgresql://u@localhost/sb",
            **ORGANISATION,
        },
    )
    assert settings.database_url == "postgresql+psycopg://u@localhost/sb"


def test_console_script_explains_missing_keys_without_a_traceback(tmp_path):
    """Does `storybank` in production without keys print the variable to set and exit 2?"""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    result = run_console_script("db", "current", environ=environ)
    assert result.returncode == 2
    assert "STORYBANK_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "missing",
    [("STORYBANK_ORG_NAME",), ("STORYBANK_ORG_CONTACT_EMAIL",), tuple(ORGANISATION)],
)
def test_production_refuses_to_start_without_the_organisation(tmp_path, missing):
    """Does production refuse to run as the demo organisation, naming what is missing (and only
    that), instead of giving storytellers a privacy contact nobody reads?"""
    given = {name: value for name, value in ORGANISATION.items() if name not in missing}
    environ = production(STORYBANK_SECRET_KEY=SECRET, STORYBANK_ENCRYPTION_KEYS=KEY, **given)
    environ["STORYBANK_DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(ConfigError) as refused:
        load_settings(tmp_path, environ=environ)
    named = f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set."
    assert str(refused.value).startswith(named)


def test_production_uses_the_organisation_it_is_given(tmp_path):
    settings = production_settings(tmp_path)
    assert settings.organisation.name == "Eastside Stories"
    assert settings.organisation.contact_email == "privacy@eastside.example"


@pytest.mark.parametrize("env", ["development", "testing"])
def test_development_keeps_the_demo_organisation(tmp_path, env):
    """Outside production, does the app still start as the demo organisation?"""
    settings = load_settings(tmp_path, environ={"STORYBANK_ENV": env})
    assert settings.organisation.name == "Riverside Neighbours Story Project"
    assert settings.organisation.contact_email == "stories@example.org"


def test_console_script_explains_a_missing_organisation(tmp_path):
    """Does `storybank` in production with keys but no organisation name both variables,
    and exit 2 without a traceback?"""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("STORYBANK_")}
    environ.update(
        STORYBANK_ENV="production",
        STORYBANK_SECRET_KEY=SECRET,
        STORYBANK_ENCRYPTION_KEYS=KEY,
        STORYBANK_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
    )
    result = run_console_script("db", "current", environ=environ)
    assert result.returncode == 2
    assert "STORYBANK_ORG_NAME and STORYBANK_ORG_CONTACT_EMAIL are not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_never_describes_itself_as_the_demo(tmp_path):
    """Does a production site without a configured description show none, rather than call
    itself "a demonstration organisation"?"""
    settings = production_settings(tmp_path)
    assert settings.organisation.description == ""


def test_a_backup_key_that_is_not_a_fernet_key_is_refused_by_name(tmp_path):
    with pytest.raises(ConfigError, match="STORYBANK_BACKUP_KEY"):
        load_settings(
            tmp_path, environ={"STORYBANK_ENV": "development", "STORYBANK_BACKUP_KEY": "short"}
        )


def test_backups_use_their_own_key_when_set_else_the_encryption_keys(tmp_path):
    plain = load_settings(tmp_path, environ={"STORYBANK_ENV": "development"})
    assert plain.backup_keys == plain.encryption_keys
    own = Fernet.generate_key().decode()
    keyed = load_settings(
        tmp_path, environ={"STORYBANK_ENV": "development", "STORYBANK_BACKUP_KEY": own}
    )
    assert keyed.backup_keys == (own,)
    assert keyed.withdrawal_ledger == (tmp_path / "withdrawals.ledger").absolute()

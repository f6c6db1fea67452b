"""Settings from STORYBANK_* environment variables, read and validated once at start-up."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

ENVIRONMENTS = ("production", "development", "testing")

# Production must say who runs the site: the privacy notice gives this name and address as the
# contact for storytellers, and the demo ones would send their questions nowhere.
REQUIRED_IN_PRODUCTION = ("STORYBANK_ORG_NAME", "STORYBANK_ORG_CONTACT_EMAIL")


class ConfigError(RuntimeError):
    """A setting is missing or invalid; the message names the variable to fix."""


@dataclass(frozen=True)
class Organisation:
    """White-label settings: how the organisation running this site presents itself."""

    name: str
    description: str
    contact_email: str
    primary_colour: str
    accent_colour: str
    logo_url: str


@dataclass(frozen=True)
class Settings:
    """Validated settings, turned into Flask config keys by `flask_config()`."""

    env: str
    secret_key: str
    encryption_keys: tuple[str, ...]
    database_url: str
    ratelimit_storage_uri: str
    default_locale: str
    locales: tuple[str, ...]
    proxy_count: int
    public_max_age: int
    page_cache_entries: int
    max_upload_bytes: int
    submission_limit: str
    submission_cap: str
    staff_totp_required: bool
    organisation: Organisation
    withdrawal_ledger: Path
    backup_keys: tuple[str, ...]

    def flask_config(self) -> dict[str, object]:
        """The Flask and extension configuration these settings imply."""
        secure_cookies = self.env == "production"
        config: dict[str, object] = {
            "STORYBANK_ENV": self.env,
            "SECRET_KEY": self.secret_key,
            "STORYBANK_ENCRYPTION_KEYS": self.encryption_keys,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(self.database_url),
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_uri,
            "RATELIMIT_HEADERS_ENABLED": False,
            # A rate-limit store that is down must not cost anyone their story: fall back to
            # per-process counting until it is back.
            "RATELIMIT_SWALLOW_ERRORS": True,
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
            "STORYBANK_SUBMISSION_LIMIT": self.submission_limit,
            "STORYBANK_SUBMISSION_CAP": self.submission_cap,
            "STORYBANK_STAFF_TOTP_REQUIRED": self.staff_totp_required,
            "STORYBANK_DEFAULT_LOCALE": self.default_locale,
            "STORYBANK_LOCALES": self.locales,
            "STORYBANK_PROXY_COUNT": self.proxy_count,
            "STORYBANK_PUBLIC_MAX_AGE": self.public_max_age,
            "STORYBANK_PAGE_CACHE": self.page_cache_entries,
            "STORYBANK_ORGANISATION": self.organisation,
            "STORYBANK_WITHDRAWAL_LEDGER": self.withdrawal_ledger,
            "STORYBANK_BACKUP_KEYS": self.backup_keys,
            "MAX_CONTENT_LENGTH": self.max_upload_bytes,
            "SESSION_COOKIE_SECURE": secure_cookies,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_NAME": "storybank_session",
            "REMEMBER_COOKIE_SECURE": secure_cookies,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": 3600,
            "TESTING": self.env == "testing",
        }
        return config


def engine_options(url: str) -> dict[str, object]:
    """Engine options per database: a busy timeout for SQLite, pool health checks for servers.
    Every engine hides statement parameters: they are stories, names and places, and would
    otherwise be printed in every database error and every logged statement."""
    if url.startswith("sqlite"):
        return {
            "connect_args": {"timeout": 30, "check_same_thread": False},
            "hide_parameters": True,
        }
    return {"pool_pre_ping": True, "hide_parameters": True}


def load_settings(
    instance_path: str | os.PathLike[str],
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Read STORYBANK_* variables, fill development defaults, refuse unsafe production setups."""
    env_vars = os.environ if environ is None else environ
    instance = Path(instance_path)

    def get(name: str, default: str = "") -> str:
        return env_vars.get(name, default).strip()

    env = get("STORYBANK_ENV", "production").lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"STORYBANK_ENV must be one of {', '.join(ENVIRONMENTS)}, not {env!r}.")
    generate = env != "production"

    secret_key = get("STORYBANK_SECRET_KEY")
    if not secret_key:
        if not generate:
            raise ConfigError(
                "STORYBANK_SECRET_KEY is not set. In production, set it to a long random value, "
                "for example the output of: "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
        secret_key = _instance_secret(instance / "secret_key", lambda: secrets.token_urlsafe(48))
    elif len(secret_key) < 32:
        raise ConfigError("STORYBANK_SECRET_KEY is too short: use at least 32 random characters.")

    raw_keys = get("STORYBANK_ENCRYPTION_KEYS")
    if not raw_keys:
        if not generate:
            raise ConfigError(
                "STORYBANK_ENCRYPTION_KEYS is not set. In production, set it to one or more "
                "comma-separated Fernet keys (the first encrypts, all decrypt), for example the "
                "output of: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            )
        raw_keys = _instance_secret(
            instance / "encryption_keys", lambda: Fernet.generate_key().decode()
        )
    encryption_keys = _fernet_keys("STORYBANK_ENCRYPTION_KEYS", raw_keys)
    # Backups are encrypted under their own keys when set, else under the encryption keys.
    backup_keys = _fernet_keys("STORYBANK_BACKUP_KEY", get("STORYBANK_BACKUP_KEY"))

    database_url = get("STORYBANK_DATABASE_URL")
    if not database_url:
        instance.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance / 'storybank.db'}"
    if database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    if not (database_url.startswith("sqlite") or database_url.startswith("postgresql+psycopg")):
        raise ConfigError(
            "STORYBANK_DATABASE_URL must be a SQLite URL (sqlite:///path) or a PostgreSQL URL "
            "(postgresql+psycopg://user:password@host/database)."
        )

    from .i18n import LOCALE_REGISTRY, shipped_locales

    shipped = shipped_locales()
    locales_raw = get("STORYBANK_LOCALES")
    if locales_raw:
        locales = tuple(tag.strip().lower() for tag in locales_raw.split(",") if tag.strip())
        unknown = [tag for tag in locales if tag not in shipped]
        if unknown:
            raise ConfigError(
                f"STORYBANK_LOCALES names {', '.join(unknown)}, which is not a shipped language. "
                f"Shipped: {', '.join(shipped)}."
            )
    else:
        locales = shipped
    default_locale = get("STORYBANK_DEFAULT_LOCALE", "en").lower()
    if default_locale not in LOCALE_REGISTRY or default_locale not in locales:
        raise ConfigError(
            f"STORYBANK_DEFAULT_LOCALE is {default_locale!r}, which is not among "
            f"STORYBANK_LOCALES ({', '.join(locales)})."
        )

    organisation = Organisation(
        name=get("STORYBANK_ORG_NAME", "Riverside Neighbours Story Project"),
        # The demo sentence would present a real site as a demonstration: production has none
        # unless one is configured.
        description=get(
            "STORYBANK_ORG_DESCRIPTION",
            ""
            if env == "production"
            else "A demonstration organisation: neighbours telling their own stories about "
            "immigration, work and family, in their own words and languages.",
        ),
        contact_email=get("STORYBANK_ORG_CONTACT_EMAIL", "stories@example.org"),
        primary_colour=_colour(get("STORYBANK_ORG_PRIMARY_COLOUR", "#1d4e89"), "PRIMARY"),
        accent_colour=_colour(get("STORYBANK_ORG_ACCENT_COLOUR", "#b3541e"), "ACCENT"),
        logo_url=get("STORYBANK_ORG_LOGO_URL"),
    )
    if organisation.logo_url and "://" in organisation.logo_url:
        raise ConfigError(
            "STORYBANK_ORG_LOGO_URL must be a path on this site (for example /static/logo.png): "
            "pages load nothing from third parties."
        )

    settings = Settings(
        env=env,
        secret_key=secret_key,
        encryption_keys=encryption_keys,
        database_url=database_url,
        ratelimit_storage_uri=get("STORYBANK_RATELIMIT_STORAGE_URI", "memory://"),
        default_locale=default_locale,
        locales=locales,
        proxy_count=_integer(get, "STORYBANK_PROXY_COUNT", 0, minimum=0),
        public_max_age=_integer(get, "STORYBANK_PUBLIC_MAX_AGE", 60, minimum=0),
        page_cache_entries=_integer(get, "STORYBANK_PAGE_CACHE", 512, minimum=0),
        max_upload_bytes=_integer(
            get, "STORYBANK_MAX_REQUEST_BYTES", 40 * 1024 * 1024, minimum=1024 * 1024
        ),
        submission_limit=_rate_limit(get, "STORYBANK_SUBMISSION_LIMIT", "20 per hour"),
        submission_cap=_rate_limit(get, "STORYBANK_SUBMISSION_CAP", "60 per minute"),
        staff_totp_required=_yes_or_no(get, "STORYBANK_STAFF_TOTP_REQUIRED", True),
        organisation=organisation,
        withdrawal_ledger=Path(
            get("STORYBANK_WITHDRAWAL_LEDGER") or instance / "withdrawals.ledger"
        ).absolute(),
        backup_keys=backup_keys or encryption_keys,
    )
    # Checked last, so that a bad value elsewhere is named first.
    if env == "production":
        _require_organisation(get)
    return settings


def _require_organisation(get: Callable[[str, str], str]) -> None:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not get(name, "")]
    if missing:
        raise ConfigError(
            f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set. In "
            "production, set STORYBANK_ORG_NAME to your organisation's name and "
            "STORYBANK_ORG_CONTACT_EMAIL to the address where storytellers can reach you: the "
            "privacy notice names them as the contact."
        )


def _fernet_keys(name: str, raw: str) -> tuple[str, ...]:
    """Comma-separated Fernet keys (the first is used to encrypt, all to decrypt)."""
    keys = tuple(key.strip() for key in raw.split(",") if key.strip())
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError) as exc:
            raise ConfigError(
                f"{name}: key number {position} is not a valid Fernet key "
                "(32 url-safe base64-encoded bytes)."
            ) from exc
    return keys


def _instance_secret(path: Path, make: Callable[[], str]) -> str:
    """Read a development secret from the instance folder, creating it (mode 0600) once."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"{value}\n")
    return value


def _integer(get: Callable[[str, str], str], name: str, default: int, *, minimum: int) -> int:
    raw = get(name, str(default))
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from exc
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}.")
    return value


def _yes_or_no(get: Callable[[str, str], str], name: str, default: bool) -> bool:
    raw = get(name, "1" if default else "0").lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0 (true or false), not {raw!r}.")


def _rate_limit(get: Callable[[str, str], str], name: str, default: str) -> str:
    from limits import parse_many

    raw = get(name, default)
    try:
        parse_many(raw)
    except ValueError as exc:
        raise ConfigError(
            f"{name} must be a rate such as '20 per hour' or '5 per minute; 50 per day', "
            f"not {raw!r}."
        ) from exc
    return raw


def _colour(value: str, which: str) -> str:
    digits = value.removeprefix("#")
    if len(digits) not in (3, 6) or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise ConfigError(
            f"STORYBANK_ORG_{which}_COLOUR must be a hex colour such as #1d4e89, not {value!r}."
        )
    return "#" + digits.lower()

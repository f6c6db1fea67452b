"""The systemd units of deploy/systemd/: the site's service and its example settings, the
nightly backup and its timer, and the nginx drop-in, read as files and checked by systemd."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from deploy_support import GUNICORN, NGINX, PROJECT, SITE, SYSTEMD, shipped_settings
from test_config import ORGANISATION

from conftest import environ_for
from storybank.config import ConfigError, load_settings


def unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as sections of keys, each with every value it is given (keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    section: dict[str, list[str]] = {}
    for line in (SYSTEMD / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
        else:
            key, value = line.split("=", 1)
            section.setdefault(key, []).append(value)
    return sections


def environment_file() -> dict[str, str]:
    values = {}
    for line in (SYSTEMD / "storybank.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = value
    return values


def writable(service: dict[str, list[str]]) -> list[Path]:
    states = [Path("/var/lib", name) for name in service.get("StateDirectory", [])]
    return states + [Path(path) for value in service["ReadWritePaths"] for path in value.split()]


def test_the_service_stops_orphans_and_writes_only_where_it_must():
    """Does storybank.service run the shipped gunicorn settings as its own user, stop every
    process of the unit (orphaned workers too) a little after gunicorn's graceful timeout,
    restart always, and allow writing exactly where the example settings keep the database and
    the withdrawal ledger?"""
    service = unit("storybank.service")["Service"]
    settings, environ = shipped_settings(), environment_file()
    assert service["ExecStart"] == [
        "/opt/storybank/.venv/bin/gunicorn -c /opt/storybank/gunicorn.conf.py"
    ]
    assert service["WorkingDirectory"] == ["/opt/storybank"]
    assert service["User"] == service["Group"] == ["storybank"]
    assert service["EnvironmentFile"] == ["/etc/storybank/storybank.env"]
    assert service["Type"] == ["notify"]
    assert service["KillMode"] == ["mixed"]
    assert service["Restart"] == ["always"]
    stop = int(service["TimeoutStopSec"][0])
    assert settings["graceful_timeout"] < stop <= settings["graceful_timeout"] + 15
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "CapabilityBoundingSet": "",
        "UMask": "0077",
    }.items():
        assert service[key] == [value], key
    database = Path(environ["STORYBANK_DATABASE_URL"].removeprefix("sqlite:///"))
    ledger = Path(environ["STORYBANK_WITHDRAWAL_LEDGER"])
    for path in (database, ledger):
        assert any(path.parent.is_relative_to(folder) for folder in writable(service)), path
    assert ledger.parent not in (database.parent, Path("/var/lib/storybank"))


def test_the_example_settings_start_production_once_the_blanks_are_filled(tmp_path):
    """Does the example environment file name every setting production requires (left blank,
    production refuses to start), agree with nginx on the address and the proxy count, and,
    filled in, make a valid production configuration?"""
    environ = environment_file()
    assert environ["STORYBANK_ENV"] == "production"
    blanks = {key for key, value in environ.items() if not value}
    assert blanks == {
        "STORYBANK_SECRET_KEY",
        "STORYBANK_ENCRYPTION_KEYS",
        "STORYBANK_ORG_NAME",
        "STORYBANK_ORG_CONTACT_EMAIL",
    }
    with pytest.raises(ConfigError):
        load_settings(tmp_path, environ=environ)
    filled = environ_for(environ["STORYBANK_DATABASE_URL"], **ORGANISATION)
    settings = load_settings(tmp_path, environ={**environ, **filled, "STORYBANK_ENV": "production"})
    assert settings.proxy_count == 1
    assert f"server {environ['STORYBANK_BIND']};" in SITE.read_text()
    assert "STORYBANK_MAX_REQUEST_BYTES" not in environ  # the default, equal to nginx's limit


def test_the_backup_runs_every_night_as_the_site_does():
    """Does storybank-backup.service run `storybank backup` to a new file in the backups folder
    with the site's user and settings, remove old backups only after a good one, and is it
    started every night by a timer that makes up a missed night?"""
    service = unit("storybank-backup.service")["Service"]
    site = unit("storybank.service")["Service"]
    for key in ("User", "Group", "EnvironmentFile", "WorkingDirectory", "StateDirectory"):
        assert service[key] == site[key], key
    assert service["Type"] == ["oneshot"]
    # Given the folder, `storybank backup` names each file after the time (tests/test_backup.py).
    assert service["ExecStart"] == [
        "/opt/storybank/.venv/bin/storybank backup /var/backups/storybank"
    ]
    old_backups, half_written = service["ExecStartPost"]
    assert old_backups.startswith("/usr/bin/find /var/backups/storybank -maxdepth 1 ")
    assert '-name "storybank-*.backup" -mtime +30 -delete' in old_backups
    assert '-name "storybank-*.backup.partial"' in half_written
    assert Path("/var/backups/storybank") in writable(service)
    hardening = {key for key in site if key.startswith(("Protect", "Private", "Restrict"))}
    hardening |= {"NoNewPrivileges", "CapabilityBoundingSet", "SystemCallFilter", "UMask"}
    for key in hardening:
        assert service[key] == site[key], key
    timer = unit("storybank-backup.timer")
    assert timer["Timer"]["Persistent"] == ["true"] and timer["Timer"]["OnCalendar"]
    assert timer["Install"]["WantedBy"] == ["timers.target"]


def test_nginx_keeps_its_temporary_files_in_memory_with_the_drop_in():
    """Does the nginx drop-in put a memory file system where Debian's nginx keeps request bodies
    and buffered answers?"""
    service = unit("nginx.service.d/storybank.conf")["Service"]
    assert service["TemporaryFileSystem"] == ["/var/lib/nginx:mode=0755"]
    if NGINX.exists():
        built = subprocess.run(
            [str(NGINX), "-V"], capture_output=True, text=True, timeout=30, check=True
        ).stderr
        for kind in ("client-body", "proxy"):
            assert f"--http-{kind}-temp-path=/var/lib/nginx/" in built, kind


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is missing")
def test_systemd_accepts_the_units(tmp_path):
    """Does `systemd-analyze verify` find nothing to say about the units and the nginx drop-in
    (with this machine's folders for the programs they start)?"""
    names = ("storybank.service", "storybank-backup.service", "storybank-backup.timer")
    for name in names:
        text = (SYSTEMD / name).read_text()
        text = text.replace("/opt/storybank/.venv/bin", str(GUNICORN.parent))
        (tmp_path / name).write_text(text.replace("/opt/storybank", str(PROJECT)))
    # A stand-in for Debian's nginx.service, to verify the drop-in on.
    (tmp_path / "nginx.service").write_text("[Service]\nExecStart=/bin/true\n")
    (tmp_path / "nginx.service.d").mkdir()
    shutil.copy(SYSTEMD / "nginx.service.d" / "storybank.conf", tmp_path / "nginx.service.d")
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *names, "nginx.service"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and not result.stdout + result.stderr, result.stderr

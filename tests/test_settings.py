import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_in_production_settings():
    result = manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_without_a_secret_key_a_private_random_key_is_made_once_and_kept(tmp_path):
    key_file = tmp_path / "secret_key"
    first = manage("check", "--deploy", DEBUG="0", ALLOWED_HOSTS="example.org",
                   SECRET_KEY_FILE=str(key_file))  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "WARNING" not in first.stdout + first.stderr, "the made key is long and random"
    key = key_file.read_text()
    assert len(key) >= 50 and oct(key_file.stat().st_mode)[-3:] == "600"
    assert manage("check", DEBUG="0", SECRET_KEY_FILE=str(key_file)).returncode == 0
    assert key_file.read_text() == key


def test_numbers_left_empty_take_their_defaults_as_if_unset():
    empty = dict.fromkeys(("EMAIL_PORT", "EMAIL_TIMEOUT", "AXES_FAILURE_LIMIT", "CONN_MAX_AGE",
                           "DEFAULT_FROM_EMAIL", "PANEL_NAME"), "")  # fmt: skip
    script = ("from django.conf import settings; "
              "print(settings.EMAIL_PORT, settings.EMAIL_TIMEOUT, settings.AXES_FAILURE_LIMIT, "
              "settings.DEFAULT_FROM_EMAIL, settings.PANEL_NAME)")  # fmt: skip
    result = manage("shell", "-v", "0", "-c", script, DEBUG="1", **empty)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "25",
        "20",
        "5",
        "scorecards@localhost",
        "Corporate",
        "Parenting",
        "Panel",
    ]


def test_a_number_that_is_not_one_is_refused_by_name():
    result = manage("check", DEBUG="1", EMAIL_PORT="twenty-five")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a number, not 'twenty-five'." in result.stderr


def test_mail_over_tls_from_the_start_is_a_setting_and_cannot_be_asked_for_with_starttls():
    script = "from django.conf import settings; print(settings.EMAIL_USE_SSL)"
    ssl = manage("shell", "-v", "0", "-c", script, DEBUG="1", EMAIL_USE_SSL="1")
    assert ssl.returncode == 0, ssl.stderr
    assert ssl.stdout.strip() == "True"
    both = manage("check", DEBUG="1", EMAIL_USE_SSL="1", EMAIL_USE_TLS="1")
    assert both.returncode != 0
    assert "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both." in both.stderr

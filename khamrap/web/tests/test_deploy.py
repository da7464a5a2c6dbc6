"""`check --deploy` with production settings finds nothing that the environment does not set."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# What README.md's production section tells a deployment to set.
PRODUCTION_ENVIRONMENT = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-" + "x7Q2pL9vR4sT8wZ1",
    "ALLOWED_HOSTS": "khamrap.example.go.th",
    "SECURE_HSTS_PRELOAD": "1",
    "DATABASE_URL": "sqlite:///:memory:",
}


def run_check(environment):
    # The browser tests allow async-unsafe calls in this process; a deployment never would.
    dropped = {
        "DEBUG",
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(environment, DJANGO_SETTINGS_MODULE="khamrap.settings")
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deployment_check():
    result = run_check(PRODUCTION_ENVIRONMENT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "SECRET_KEY"}
    result = run_check(environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr
    assert "SECRET_KEY_FILE" in result.stderr


def test_the_secret_key_may_come_from_a_file(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text(PRODUCTION_ENVIRONMENT["SECRET_KEY"] + "\n", encoding="utf-8")
    environment = {k: v for k, v in PRODUCTION_ENVIRONMENT.items() if k != "SECRET_KEY"}
    result = run_check({**environment, "SECRET_KEY_FILE": str(key_file)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_runs_on_its_own_key_without_a_secret_key():
    result = run_check({"DEBUG": "1", "DATABASE_URL": "sqlite:///:memory:"})
    # The deployment check refuses a debug set-up, but the settings load.
    assert "ImproperlyConfigured" not in result.stderr
    assert "security.W009" in result.stdout + result.stderr

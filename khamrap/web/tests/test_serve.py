"""Production start-up (DEBUG=0): `khamrap prepare` and `khamrap serve` as docs/deployment.md says.

No demo people with a known password, the static files collected, gunicorn serving Thai pages.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from khamrap.cli import gunicorn_command

KHAMRAP = str(Path(sys.executable).parent / "khamrap")
START_SECONDS = 120


def production_environment(data_dir: Path) -> dict[str, str]:
    """This machine's environment less what a test run sets, plus a small production set-up."""
    dropped = {"DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("EVIDENCE")}
    env.update(
        DEBUG="0",
        SECRET_KEY="a-production-like-secret-for-this-test-" + "x" * 30,
        KHAMRAP_DATA_DIR=str(data_dir),
        ALLOWED_HOSTS="127.0.0.1",
        # Behind a TLS proxy: the proxy's header says the request came over HTTPS.
        USE_X_FORWARDED_PROTO="1",
        WEB_CONCURRENCY="1",
        GUNICORN_TIMEOUT="30",
    )
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_serve_with_debug_off_runs_gunicorn_on_collected_static_files_without_demo_users(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        [KHAMRAP, "serve", f"127.0.0.1:{port}"],
        env=production_environment(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, content_type, body = fetch(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, f"gunicorn did not answer in {START_SECONDS} s"
        page = body.decode()
        assert "เข้าสู่ระบบ" in page
        # WhiteNoise serves the hashed, collected stylesheet that the page names.
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        assert (
            stylesheet.startswith("/static/web/khamrap.")
            and stylesheet != "/static/web/khamrap.css"
        )
        status, content_type, css = fetch(f"http://127.0.0.1:{port}{stylesheet}")
        assert (status, content_type.split(";")[0]) == (200, "text/css")
        assert b".login" in css
        # The API answers in production too: its document, its docs page on the collected
        # (hashed) Swagger files, a refusal as JSON, and the open data without a token.
        status, content_type, document = fetch(f"http://127.0.0.1:{port}/api/v1/openapi.json")
        assert (status, content_type.split(";")[0]) == (200, "application/json")
        assert b'"/api/v1/results"' in document
        status, _, docs = fetch(f"http://127.0.0.1:{port}/api/v1/docs")
        bundle = docs.decode().split('src="', 1)[1].split('"', 1)[0]
        assert status == 200 and bundle.startswith("/static/ninja/swagger-ui-bundle.")
        assert fetch(f"http://127.0.0.1:{port}{bundle}")[0] == 200
        status, content_type, _ = fetch(f"http://127.0.0.1:{port}/api/v1/me")
        assert (status, content_type.split(";")[0]) == (401, "application/json")
        status, _, listing = fetch(f"http://127.0.0.1:{port}/api/v1/open/agreements")
        assert (status, listing) == (200, b'{"items": [], "count": 0}')
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "gunicorn" in output.lower(), output
    assert "khamrap createsuperuser" in output
    with sqlite3.connect(tmp_path / "khamrap.sqlite3") as database:
        assert database.execute("SELECT count(*) FROM accounts_user").fetchone() == (0,)


def test_prepare_with_debug_off_loads_no_demo_and_says_how_to_make_an_administrator(
    db, capsys, settings, tmp_path
):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("prepare")
    out = capsys.readouterr().out
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()
    assert "khamrap createsuperuser" in out
    assert "demo" not in out.replace("DEBUG=0 never loads the demo data", "")
    assert (tmp_path / "static" / "web" / "khamrap.css").exists()


def test_prepare_with_debug_off_leaves_existing_people_alone(
    db, capsys, settings, tmp_path, django_user_model
):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    django_user_model.objects.create_superuser(username="somchai", password="x" * 20)
    call_command("prepare")
    out = capsys.readouterr().out
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["somchai"]
    assert "createsuperuser" not in out and "khamrap-demo" not in out


def test_gunicorn_takes_workers_and_timeout_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "300")
    command = gunicorn_command("0.0.0.0:8000", ["--graceful-timeout", "10"])
    assert command[1:4] == ["-m", "gunicorn", "khamrap.wsgi:application"]
    joined = " ".join(command)
    assert "--bind 0.0.0.0:8000" in joined
    assert "--workers 5" in joined
    assert "--timeout 300" in joined
    assert joined.endswith("--graceful-timeout 10")


@pytest.mark.parametrize("variable", ["WEB_CONCURRENCY", "GUNICORN_WORKERS"])
def test_either_name_sets_the_workers(monkeypatch, variable):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("GUNICORN_WORKERS", raising=False)
    monkeypatch.setenv(variable, "3")
    assert "--workers 3" in " ".join(gunicorn_command("127.0.0.1:8000", []))


def test_the_static_storage_in_production_is_whitenoise_manifest():
    # The suite's own settings use plain storage; production's is what collectstatic fills.
    from khamrap import settings as production

    assert production.STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise.")
    assert settings.STATIC_URL == "/static/"

"""Deadline-day load test: data collectors sign in and save their results all at once.

A plain script, not a test (needs PostgreSQL, Redis and `pip install -r requirements/bench.txt`):

    .venv/bin/python bench/deadline.py [--scale 1] [--users 200] [--spawn-rate 20]
        [--run-time 120s] [--workers 4] [--think 5 15]

It uses the PostgreSQL database DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/khamrap_bench; created when missing), migrates it and, when it
holds no agreement yet, fills it with `khamrap generate_national --scale S`. Then it collects the
static files, starts gunicorn (production settings: DEBUG off, Redis cache) on a loopback port, and
runs locust headless (bench/deadline_locustfile.py): --users collectors of organizations whose
12-month report is open sign in, open their home page and their results in that round, and save
them. It prints and writes to bench/results/deadline.json requests per second, failures and the
50th/95th/99th percentiles, separately for signing in and for the requests after it.
Target: no failure, and 95% of the requests after signing in under 500 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/khamrap_bench"
RESULTS = ROOT / "bench" / "results" / "deadline.json"
TARGET_P95_MS = 500
RESULTS_PER_COLLECTOR = 5


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    parser.add_argument("--scale", type=float, default=1.0, help="national dataset size (1: full)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--regenerate", action="store_true", help="make the national dataset again (--force)"
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--run-time", default="120s")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(5, 15),
        metavar=("MIN", "MAX"),
        help="seconds a collector pauses between two requests (default 5 15)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args()


def server_environment(options) -> dict[str, str]:
    """Production settings on loopback: no HTTPS, the Redis cache, a throwaway key."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "khamrap.settings",
        "DATABASE_URL": options.database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-deadline-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60"),
    }


def database_ensure(url: str) -> None:
    """Create the database named in `url` if the server does not have it yet."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def khamrap(env, *args: str) -> None:
    subprocess.run([str(BIN / "khamrap"), *args], env=env, check=True, cwd=ROOT)


def dataset_ensure(env, options) -> dict:
    """The national dataset: made when the database has no agreement (or with --regenerate)."""
    khamrap(env, "migrate", "--no-input", "-v", "0")
    have = agreement_count(env)
    generation = {"generated": False, "agreements": have}
    if have == 0 or options.regenerate:
        started = time.monotonic()
        flags = ["--force"] if options.regenerate else []
        khamrap(
            env,
            "generate_national",
            "--scale",
            str(options.scale),
            "--seed",
            str(options.seed),
            *flags,
        )
        generation = {
            "generated": True,
            "seconds": round(time.monotonic() - started, 1),
            "agreements": agreement_count(env),
        }
    return generation


def _django(env, code: str) -> str:
    """Run a few lines with Django set up, in a child process (this one stays free of Django)."""
    prelude = "import django; django.setup()\n"
    out = subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    return out.stdout


def agreement_count(env) -> int:
    code = "from khamrap.agreements.models import Agreement; print(Agreement.objects.count())"
    return int(_django(env, code).strip())


TARGETS_CODE = """
import json, sys
from django.db.models import Q
from django.urls import reverse
from khamrap.demo.national import NATIONAL_DOMAIN, NATIONAL_PASSWORD, username
from khamrap.reporting.models import Result, RoundReport

users, per = int(sys.argv[1]), int(sys.argv[2])
reports = list(
    RoundReport.objects.filter(
        status="open", reporting_round__months=12, agreement__organization__memberships__role="collector",
        agreement__organization__memberships__user__email__endswith=NATIONAL_DOMAIN,
    )
    .distinct()
    .order_by("agreement__organization__code")
    .values_list("agreement_id", "reporting_round_id", "agreement__organization__code")
)
step = max(1, len(reports) // users)
chosen = reports[::step][:users]
editable = Q(status__in=["draft", "returned"])
targets = []
for agreement_id, round_id, code in chosen:
    results = (
        Result.objects.filter(editable, indicator__agreement_id=agreement_id, reporting_round_id=round_id)
        .exclude(indicator__kind="composite")
        .order_by("indicator__order")
        .values_list("indicator_id", flat=True)[:per]
    )
    targets.append({
        "username": username("collect", code),
        "password": NATIONAL_PASSWORD,
        "agreement": agreement_id,
        "results": [{"url": reverse("reporting:result_edit", args=[pk, round_id])} for pk in results],
    })
print(json.dumps([t for t in targets if t["results"]]))
"""


def targets_for(env, options) -> list[dict]:
    """The collectors who take part: one per organization whose 12-month report is open."""
    code = TARGETS_CODE.replace("sys.argv[1]", str(options.users)).replace(
        "sys.argv[2]", str(RESULTS_PER_COLLECTOR)
    )
    return json.loads(_django(env, code))


def wait_until_up(url: str, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def percentile(values: list[float], share: float) -> float | None:
    """The value under which `share` of the values lie (nearest rank)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarize(raw: dict) -> dict:
    seconds = max(1e-9, (raw["stopped"] or 0) - (raw["started"] or 0))
    summary = {"seconds": round(seconds, 1)}
    for group in ("sign_in", "after_sign_in"):
        rows = [row for row in raw["times"] if row[0] == group]
        times = [row[2] for row in rows]
        by_name: dict[str, list[float]] = {}
        for _group, name, elapsed, _ok in rows:
            by_name.setdefault(name, []).append(elapsed)
        summary[group] = {
            "requests": len(rows),
            "failures": sum(1 for row in rows if not row[3]),
            "requests_per_second": round(len(rows) / seconds, 2),
            "p50_ms": percentile(times, 0.50),
            "p95_ms": percentile(times, 0.95),
            "p99_ms": percentile(times, 0.99),
            "max_ms": max(times) if times else None,
            "by_request": {
                name: {
                    "requests": len(values),
                    "p50_ms": percentile(values, 0.50),
                    "p95_ms": percentile(values, 0.95),
                    "p99_ms": percentile(values, 0.99),
                }
                for name, values in sorted(by_name.items())
            },
        }
    failures: dict[str, int] = {}
    for _group, name, message in raw["failures"]:
        key = f"{name}: {message}"
        failures[key] = failures.get(key, 0) + 1
    summary["failure_messages"] = dict(sorted(failures.items(), key=lambda kv: -kv[1])[:20])
    summary["requests_per_second"] = round(len(raw["times"]) / seconds, 2)
    summary["failures"] = len(raw["failures"])
    after = summary["after_sign_in"]
    summary["target"] = {
        "failures": 0,
        "p95_after_sign_in_ms": TARGET_P95_MS,
        "met": summary["failures"] == 0
        and after["p95_ms"] is not None
        and after["p95_ms"] < TARGET_P95_MS,
    }
    return summary


def main() -> int:
    options = arguments()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the deadline bench runs on PostgreSQL: give a postgres:// DATABASE_URL")
    env = server_environment(options)
    database_ensure(options.database_url)
    generation = dataset_ensure(env, options)
    print(f"dataset: {generation}")
    khamrap(env, "compile_translations")
    khamrap(env, "collectstatic", "--no-input", "-v", "0")
    targets = targets_for(env, options)
    if not targets:
        raise SystemExit("no collector with an open 12-month result: regenerate (--regenerate)")
    print(f"collectors: {len(targets)} (of {options.users} asked)")

    work = Path(tempfile.mkdtemp(prefix="khamrap-deadline-"))
    (work / "targets.json").write_text(json.dumps(targets), encoding="utf-8")
    raw_path = work / "raw.json"
    host = f"http://127.0.0.1:{options.port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "khamrap.wsgi",
            "--bind",
            f"127.0.0.1:{options.port}",
            "--workers",
            str(options.workers),
            "--threads",
            str(options.threads),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(f"{host}/accounts/login/", server)
        load = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "deadline_locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                options.run_time,
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env={
                **os.environ,
                "DEADLINE_TARGETS": str(work / "targets.json"),
                "DEADLINE_RAW": str(raw_path),
                "DEADLINE_THINK": ",".join(str(t) for t in options.think),
            },
            cwd=ROOT,
        )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
    if not raw_path.exists():
        raise SystemExit(f"locust wrote no results (exit {load.returncode})")
    summary = summarize(json.loads(raw_path.read_text(encoding="utf-8")))
    shutil.rmtree(work, ignore_errors=True)
    summary["settings"] = {
        "database": urlparse(options.database_url).path.lstrip("/"),
        "scale": options.scale,
        "users": options.users,
        "collectors": len(targets),
        "spawn_rate": options.spawn_rate,
        "run_time": options.run_time,
        "think_seconds": list(options.think),
        "gunicorn_workers": options.workers,
        "gunicorn_threads": options.threads,
        "cpus": os.cpu_count(),
    }
    summary["dataset"] = generation
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    for group in ("sign_in", "after_sign_in"):
        figures = summary[group]
        print(
            f"{group}: {figures['requests']} requests, {figures['requests_per_second']}/s, "
            f"{figures['failures']} failures, p50 {figures['p50_ms']} ms, "
            f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms"
        )
    print(f"target met: {summary['target']['met']}; written to {options.output}")
    return 0 if summary["target"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())

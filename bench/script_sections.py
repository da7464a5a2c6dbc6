"""The sections another script measures, read from the JSON it writes: the results import
(scripts/bench_import.py, in a scratch database), the SAR PDF (scripts/bench_documents.py) and the
deadline-day load test (bench/deadline.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import deadline  # bench/deadline.py: the load test and its last results
from measuring import Section

ROOT = Path(__file__).resolve().parent.parent
IMPORT_DATABASE = "khamrap_bench_import"


def section_import(runs: int, database_url: str) -> Section:
    parts = urlparse(database_url)
    scratch = urlunparse(parts._replace(path="/" + IMPORT_DATABASE))
    output = ROOT / "var" / "bench-import.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    command = [
        sys.executable,
        str(ROOT / "scripts" / "bench_import.py"),
        "--database-url",
        scratch,
        "--replace",
        "--runs",
        str(runs),
        "--json",
        str(output),
        "--profile",
    ]
    print("  " + " ".join(command[1:]), flush=True)
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run(command, check=True, cwd=ROOT, env=environment)
    figures = json.loads(output.read_text())
    section = Section(
        "import",
        "10,000-row results import on PostgreSQL",
        "under 10 s",
        f"scripts/bench_import.py --database-url …/{IMPORT_DATABASE}: "
        f"{figures['rows']:,} rows of a ministry's roll-up workbook imported through "
        "results_import_many (read, check, save each row, standings), in a transaction rolled "
        "back after each run",
        f"the same {figures['bulk_insert_rows']:,} results written by one "
        "Result.objects.bulk_create in the same database (rolled back)",
        seconds_goal=10,
    )
    section.figure = figures["import"]
    section.floor = figures["bulk_insert"]
    read = statistics.median(figures["read_floor"])
    check = statistics.median(figures["check"])
    section.causes = figures.pop("causes", [])
    section.extra = figures
    section.notes.append(
        f"the read side: openpyxl alone reads the file in {read:.2f} s; the import's check of "
        f"every row (nothing written) takes {check:.2f} s = {check / read:.1f}× that"
    )
    section.notes.append(f"database: {figures['database']}")
    return section


def section_documents() -> Section:
    output = ROOT / "var" / "bench-documents.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_documents.py"),
            "--json",
            str(output),
            "--profile",
        ],
        check=True,
        cwd=ROOT,
        env=environment,
    )
    figures = json.loads(output.read_text())
    section = Section(
        "documents",
        "SAR PDF of a 25-indicator agreement",
        "< 1.5× the floor (and under 1 s warm)",
        f"khamrap render_sar of a {figures['indicators']}-indicator agreement "
        f"({figures['pages']} pages), median of {figures['runs']} warm runs "
        "(scripts/bench_documents.py, SQLite)",
        "a bare typst compile of exactly the document khamrap hands the engine",
        ratio_goal=1.5,
        seconds_goal=1.0,
    )
    # The script gives medians only: one value each.
    section.figure = [figures["khamrap_seconds"]]
    section.floor = [figures["bare_seconds"]]
    section.causes = figures.pop("causes", [])
    section.extra = figures
    section.notes.append(f"first render in the process (cold): {figures['cold_seconds']:.2f} s")
    return section


def section_deadline(with_load: bool, database_url: str) -> Section:
    if with_load:
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "deadline.py"), "--database-url", database_url],
            cwd=ROOT,
        )
    data = json.loads(deadline.RESULTS.read_text())
    after = data["after_sign_in"]
    sign_in = data["sign_in"]
    settings = data.get("settings", {})
    written = dt.datetime.fromtimestamp(deadline.RESULTS.stat().st_mtime).astimezone()
    section = Section(
        "deadline",
        "Deadline-day load (bench/deadline.py)",
        f"no failure and 95% of the requests after signing in under "
        f"{data['target']['p95_after_sign_in_ms']} ms",
        f"{settings.get('users')} collectors over {settings.get('run_time')} against "
        f"{settings.get('gunicorn_workers')} gunicorn workers on {settings.get('cpus')} cores",
        "none (a load test: the target is absolute)",
    )
    section.met = bool(data["target"]["met"])
    section.extra = {
        "requests_per_second": data["requests_per_second"],
        "failures": data["failures"],
        "after_sign_in": {k: after[k] for k in ("requests", "p50_ms", "p95_ms", "p99_ms")},
        "sign_in": {k: sign_in[k] for k in ("requests", "p50_ms", "p95_ms", "p99_ms")},
        "by_request": {
            name: values["p95_ms"] for name, values in after.get("by_request", {}).items()
        },
        "written": written.isoformat(timespec="seconds"),
        "rerun": with_load,
    }
    if not section.met:
        per_request = (settings.get("cpus") or 1) / max(data["requests_per_second"], 1e-9)
        section.causes = [
            f"not profiled here (a load test through gunicorn); its pages are the home page "
            f"(`home` above), the result form and its save. At {data['requests_per_second']} "
            f"requests/s on {settings.get('cpus')} cores a saturated machine spends about "
            f"{per_request * 1000:.0f} ms of CPU per request, while p50 is "
            f"{after['p50_ms']:.0f} ms: the requests wait in the queue for the CPU"
        ]
    section.notes.append(
        f"read from bench/results/deadline.json written {written:%Y-%m-%d %H:%M}"
        + (" (run again now: --with-load)" if with_load else " (not run again: --with-load does)")
    )
    return section

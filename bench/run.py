"""khamrap's benchmarks at national scale, each figure beside a floor measured in the same run.

A plain script, not a test (needs PostgreSQL; Redis for the cache as in production):

    .venv/bin/python bench/run.py [--runs 5] [--only NAME ...] [--database-url URL] [--with-load]

It uses the PostgreSQL database DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/khamrap_bench; created when missing), migrates it and, when it
holds no agreement, fills it with `khamrap generate_national` (as bench/deadline.py does). Django
runs in this process with production settings (DEBUG off, a throwaway SECRET_KEY, no HTTPS
redirect, the Redis cache). Each figure and its floor run alternately, --runs times after one
warm-up, and the medians are compared. The machine has few shared cores, so a figure alone means
little: the ratio to the floor measured in the same minute is what to read.

Sections (NAME for --only): rollup, ministry, rescore, workbench, home, import, documents, deadline,
api_standings, api_results, api_open_csv.
It rewrites BENCHMARKS.md wholly and bench/results/run.json; with --only, the other sections are
carried over from the previous run.json and say from which run. A section whose goal is not met is
profiled once more (cProfile and every SQL query) and its top causes are written under it.
Nothing it measures stays in the database: the rescore and its floor run in transactions rolled
back; the pages and the API only read (and sign their users in). It adds one superuser,
bench-superuser, when the database has none, for the national roll-up; api_standings makes one API
token, "bench: api_standings" (read-only, for that superuser, scoped to the ministry with the most
agreements and its subtree), replacing the one an earlier run made; the API sections raise the API's
rate limits for the run and clear the cache that counts them.

Beside it: measuring.py (a section, its figure and floor run alternately), page_sections.py,
rescore_section.py, script_sections.py and api_sections.py (the sections), benchmarks_md.py (the
report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deadline  # noqa: E402  (bench/deadline.py: the same settings and dataset)
from api_sections import SECTIONS as API_SECTIONS  # noqa: E402
from api_sections import figure_again as api_figure_again  # noqa: E402
from api_sections import section_for as api_section  # noqa: E402
from benchmarks_md import (  # noqa: E402
    REPORT,
    figure_text,
    ratio_text,
    seconds,
    verdict,
    write_report,
)
from measuring import Section, profile, rolled_back, sql  # noqa: E402
from page_sections import (  # noqa: E402
    client_for,
    collector_for_home,
    evaluator_with_most_reports,
    get_page,
    member,
    ministry_with_most_agreements,
    national_year,
    section_home,
    section_ministry,
    section_rollup,
    section_workbench,
    superuser,
)
from rescore_section import section_rescore  # noqa: E402
from script_sections import section_deadline, section_documents, section_import  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "run.json"
SECTIONS = (
    "rollup",
    "ministry",
    "rescore",
    "workbench",
    "home",
    "import",
    "documents",
    "deadline",
    *API_SECTIONS,
)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (medians)")
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, metavar="NAME", help=" ".join(SECTIONS)
    )
    parser.add_argument(
        "--with-load",
        action="store_true",
        help="run bench/deadline.py first (several minutes) instead of reading its last results",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave BENCHMARKS.md and run.json"
    )
    options = parser.parse_args()
    if not options.database_url or not options.database_url.startswith(
        ("postgres://", "postgresql://")
    ):
        options.database_url = deadline.DEFAULT_DATABASE
    options.runs = max(1, options.runs)
    return options


# --- the machine -------------------------------------------------------------------------------


def machine(database_version: str) -> dict:
    cpu = platform.processor() or platform.machine()
    memory = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "khamrap"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": memory,
        "postgresql": database_version,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": commit + (" with uncommitted changes in khamrap/" if dirty else ""),
    }


# --- main --------------------------------------------------------------------------------------


def prepare(options) -> None:
    """The database and the settings, then Django in this process."""
    environment = deadline.server_environment(options)
    environment["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    environment["SECRET_KEY"] = "bench-run-" + "x" * 50
    environment["LOG_LEVEL"] = "WARNING"  # not a line per force_login
    deadline.database_ensure(options.database_url)
    dataset = deadline.dataset_ensure(
        environment, SimpleNamespace(scale=1.0, seed=1, regenerate=False)
    )
    print(f"dataset: {dataset}", flush=True)
    deadline.khamrap(environment, "compile_translations")
    deadline.khamrap(environment, "collectstatic", "--no-input", "-v", "0")
    os.environ.update(environment)
    import django

    django.setup()


def main() -> int:
    options = arguments()
    started = time.monotonic()
    prepare(options)
    version = sql("SHOW server_version")[0][0]
    about = machine(f"PostgreSQL {version}")
    chosen = options.only or list(SECTIONS)
    runners = {
        "rollup": lambda: section_rollup(options.runs),
        "ministry": lambda: section_ministry(options.runs),
        "rescore": lambda: section_rescore(options.runs),
        "workbench": lambda: section_workbench(options.runs),
        "home": lambda: section_home(options.runs),
        "import": lambda: section_import(options.runs, options.database_url),
        "documents": section_documents,
        "deadline": lambda: section_deadline(options.with_load, options.database_url),
        **{name: (lambda name=name: api_section(name, options.runs)) for name in API_SECTIONS},
    }
    profiled = {
        "rollup": True,
        "ministry": True,
        "rescore": True,
        "workbench": True,
        "home": True,
        **dict.fromkeys(API_SECTIONS, True),
    }
    done: dict[str, Section] = {}
    for name in chosen:
        print(f"{name}:", flush=True)
        section = runners[name]()
        if section.met is None:
            section.judge()
        print(
            f"  {name}: {figure_text(section)}, floor {seconds(section.floor_median)}, "
            f"ratio {ratio_text(section)}, goal {section.goal}: {verdict(section)}",
            flush=True,
        )
        if section.met is False and profiled.get(name):
            print(f"  profiling {name}", flush=True)
            profile(section, _profiled_run(name, section))
        done[name] = section

    previous = {}
    if options.only and RESULTS.exists():
        old = json.loads(RESULTS.read_text())
        previous = {
            s["name"]: Section.from_json(s, old["machine"]["date"]) for s in old["sections"]
        }
    sections = [done.get(name) or previous.get(name) for name in SECTIONS]
    sections = [s for s in sections if s is not None]
    elapsed = time.monotonic() - started
    if not options.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            json.dumps(
                {
                    "machine": about,
                    "runs": options.runs,
                    "database": urlparse(options.database_url).path.lstrip("/"),
                    "seconds": round(elapsed, 1),
                    "sections": [s.as_json() for s in sections],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        write_report(sections, about, options, elapsed)
        print(f"written: {REPORT.relative_to(ROOT)}, {RESULTS.relative_to(ROOT)}")
    return 0


def _profiled_run(name: str, section: Section) -> Callable[[], object]:
    """The figure's work once more, for the profiler; a page's client is warmed up first (its
    first request loads the middleware, WhiteNoise scanning every static file)."""
    run = _figure_again(name, section)
    if name != "rescore":
        run()
    return run


def _figure_again(name: str, section: Section) -> Callable[[], object]:
    from django.core.management import call_command
    from django.urls import reverse

    if name in API_SECTIONS:
        return api_figure_again(name)
    if name == "rescore":
        command = section.extra.get("command", "rebuild_standings")
        return rolled_back(lambda: call_command(command, stdout=io.StringIO()))
    year = national_year()
    if name == "rollup":
        url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
        return get_page(client_for(superuser()), url)
    if name == "ministry":
        from khamrap.organizations.choices import Role

        ministry, _count = ministry_with_most_agreements()
        url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
        return get_page(client_for(member(ministry, Role.EXECUTIVE)), url)
    if name == "workbench":
        user, _path, _reports = evaluator_with_most_reports()
        return get_page(client_for(user), reverse("dashboards:workbench"))
    user, _reports = collector_for_home()
    return get_page(client_for(user), reverse("web:home"))


if __name__ == "__main__":
    sys.exit(main())

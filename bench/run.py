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

Sections (NAME for --only): rollup, ministry, rescore, workbench, home, import, documents, deadline.
It rewrites BENCHMARKS.md wholly and bench/results/run.json; with --only, the other sections are
carried over from the previous run.json and say from which run. A section whose goal is not met is
profiled once more (cProfile and every SQL query) and its top causes are written under it.
Nothing it measures stays in the database: the rescore and its floor run in transactions rolled
back; the pages only read (and sign their users in). It adds one superuser, bench-superuser, when
the database has none, for the national roll-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import deadline  # noqa: E402  (bench/deadline.py: the same settings and dataset)
import profiling  # noqa: E402  (bench/profiling.py: the top causes of a goal not met)

RESULTS = ROOT / "bench" / "results" / "run.json"
REPORT = ROOT / "BENCHMARKS.md"
IMPORT_DATABASE = "khamrap_bench_import"
SECTIONS = ("rollup", "ministry", "rescore", "workbench", "home", "import", "documents", "deadline")
SUPERUSER = "bench-superuser"


class RolledBack(Exception):
    """Raised at the end of a measured write so that its transaction is undone."""


@dataclass
class Section:
    name: str
    title: str
    goal: str
    figure_label: str = ""
    floor_label: str = ""
    figure: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    ratio_goal: float | None = None
    seconds_goal: float | None = None
    met: bool | None = None
    notes: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    carried_from: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.figure) if self.figure else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor_median:
            return None
        return self.median / self.floor_median

    def judge(self) -> None:
        checks = []
        if self.ratio_goal is not None and self.ratio is not None:
            checks.append(self.ratio <= self.ratio_goal)
        if self.seconds_goal is not None and self.median is not None:
            checks.append(self.median < self.seconds_goal)
        self.met = all(checks) if checks else None

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "goal": self.goal,
            "figure_label": self.figure_label,
            "floor_label": self.floor_label,
            "figure_seconds": self.figure,
            "floor_seconds": self.floor,
            "median_seconds": self.median,
            "floor_median_seconds": self.floor_median,
            "ratio": self.ratio,
            "ratio_goal": self.ratio_goal,
            "seconds_goal": self.seconds_goal,
            "met": self.met,
            "notes": self.notes,
            "causes": self.causes,
            "extra": self.extra,
            "carried_from": self.carried_from,
        }

    @classmethod
    def from_json(cls, data: dict, date: str) -> Section:
        section = cls(data["name"], data["title"], data["goal"])
        section.figure_label = data.get("figure_label", "")
        section.floor_label = data.get("floor_label", "")
        section.figure = data.get("figure_seconds", [])
        section.floor = data.get("floor_seconds", [])
        section.ratio_goal = data.get("ratio_goal")
        section.seconds_goal = data.get("seconds_goal")
        section.met = data.get("met")
        section.notes = data.get("notes", [])
        section.causes = data.get("causes", [])
        section.extra = data.get("extra", {})
        section.carried_from = data.get("carried_from") or date
        return section


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


# --- measuring ---------------------------------------------------------------------------------


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def alternate(section: Section, figure, floor, runs: int, warm: bool = True) -> None:
    """Figure and floor one after the other, `runs` times (after one warm-up of each)."""
    if warm:
        floor()
        figure()
    for n in range(runs):
        section.floor.append(timed(floor))
        section.figure.append(timed(figure))
        print(
            f"  {section.name} run {n + 1}: {section.figure[-1]:.3f} s, "
            f"floor {section.floor[-1]:.3f} s",
            flush=True,
        )


def sql(query: str, params=()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def sql_fetch(query: str, params=()) -> Callable[[], list[tuple]]:
    return lambda: sql(query, params)


def profile(section: Section, function: Callable[[], object]) -> None:
    """Run the figure's work once more under cProfile with every SQL query timed (profiling.py)."""
    section.causes = profiling.causes(function)
    for line in section.causes:
        print(f"  cause: {line}", flush=True)


# --- the people and places measured -----------------------------------------------------------


def national_year():
    from khamrap.agreements.models import Agreement
    from khamrap.periods.models import FiscalYear

    year_id = (
        Agreement.objects.values_list("fiscal_year", flat=True).order_by("-fiscal_year").first()
    )
    return FiscalYear.objects.get(pk=year_id)


def superuser():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    found = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if found:
        return found
    user = User(username=SUPERUSER, is_superuser=True, is_staff=True)
    user.set_unusable_password()
    user.save()
    print(f"created superuser {SUPERUSER} (no password; the bench signs it in with force_login)")
    return user


def client_for(user):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.force_login(user)
    return client


def get_page(client, url: str) -> Callable[[], None]:
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        # The whole response: a streaming one is read to its end.
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        else:
            len(response.content)

    return fetch


# --- sections ----------------------------------------------------------------------------------

ROLLUP_FLOOR = """
SELECT i.agreement_id, SUM(i.weight * r.self_score)
FROM reporting_result r
JOIN agreements_indicator i ON i.id = r.indicator_id
{join}
WHERE r.reporting_round_id = %s AND i.parent_id IS NULL {where}
GROUP BY i.agreement_id
"""


def section_rollup(runs: int) -> Section:
    from django.urls import reverse

    year = national_year()
    reporting_round = year.rounds.get(months=6)
    user = superuser()
    url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
    section = Section(
        "rollup",
        "National roll-up page",
        "≤ 3× the floor and under 2 s",
        f"GET {url} as {user.username} (superuser: every organization), whole response",
        "one SQL aggregate of the 6-month round's top-level results, weight × self score, "
        "grouped by agreement, all rows fetched",
        ratio_goal=3,
        seconds_goal=2,
    )
    client = client_for(user)
    floor = sql_fetch(ROLLUP_FLOOR.format(join="", where=""), [reporting_round.pk])
    alternate(section, get_page(client, url), floor, runs)
    section.extra["agreements"] = len(floor())
    section.notes.append(f"{section.extra['agreements']:,} agreements in the floor's result")
    return section


def ministry_with_most_agreements():
    from khamrap.organizations.choices import OrganizationKind
    from khamrap.organizations.models import Organization

    rows = sql(
        """
        SELECT m.id, COUNT(a.id) FROM organizations_organization m
        JOIN organizations_organization o ON o.path LIKE m.path || '%%'
        JOIN agreements_agreement a ON a.organization_id = o.id
        WHERE m.kind = %s
        GROUP BY m.id ORDER BY COUNT(a.id) DESC, m.id LIMIT 1
        """,
        [OrganizationKind.MINISTRY],
    )
    return Organization.objects.get(pk=rows[0][0]), rows[0][1]


def member(organization, role):
    from khamrap.organizations.models import Membership

    membership = (
        Membership.objects.filter(organization=organization, role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if membership is None:
        raise SystemExit(f"no {role} in {organization.code}")
    return membership.user


def section_ministry(runs: int) -> Section:
    from django.urls import reverse

    from khamrap.organizations.choices import Role

    year = national_year()
    reporting_round = year.rounds.get(months=6)
    ministry, agreements = ministry_with_most_agreements()
    user = member(ministry, Role.EXECUTIVE)
    url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
    section = Section(
        "ministry",
        "One ministry's roll-up page",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (executive of {ministry.code} {ministry.name_th}, "
        f"{agreements:,} agreements in its subtree), whole response",
        "the same aggregate restricted to the agreements of organizations under the ministry's "
        "path",
        ratio_goal=3,
    )
    client = client_for(user)
    floor = sql_fetch(
        ROLLUP_FLOOR.format(
            join="JOIN agreements_agreement a ON a.id = i.agreement_id "
            "JOIN organizations_organization o ON o.id = a.organization_id",
            where="AND o.path LIKE %s",
        ),
        [reporting_round.pk, ministry.path + "%"],
    )
    alternate(section, get_page(client, url), floor, runs)
    return section


# The linear rule of rules/scoring.py (_interpolate, round4) in SQL: below T1 the framework's floor,
# from T5 on 5, between two targets a straight line; "lower is better" mirrors every comparison.
RESCORE_SCORE = """ROUND(CASE
    WHEN x.s * r.value < x.s * x.t1 THEN x.floor
    WHEN x.s * r.value >= x.s * x.t5 THEN 5
    WHEN x.s * r.value < x.s * x.t2 THEN 1 + (x.s * r.value - x.s * x.t1) / (x.s * (x.t2 - x.t1))
    WHEN x.s * r.value < x.s * x.t3 THEN 2 + (x.s * r.value - x.s * x.t2) / (x.s * (x.t3 - x.t2))
    WHEN x.s * r.value < x.s * x.t4 THEN 3 + (x.s * r.value - x.s * x.t3) / (x.s * (x.t4 - x.t3))
    ELSE 4 + (x.s * r.value - x.s * x.t4) / (x.s * (x.t5 - x.t4))
END, 4)"""
RESCORE_SOURCE = """(
    SELECT i.id, i.agreement_id, CASE WHEN i.direction = 'lower' THEN -1 ELSE 1 END AS s,
        i.target_1 AS t1, i.target_2 AS t2, i.target_3 AS t3, i.target_4 AS t4,
        i.target_5 AS t5, f.floor
    FROM agreements_indicator i
    JOIN agreements_agreement a ON a.id = i.agreement_id
    JOIN agreements_framework f ON f.id = a.framework_id
    WHERE i.kind = 'numeric'
) x"""
RESCORE_WHERE = """r.indicator_id = x.id AND r.value IS NOT NULL
AND NOT EXISTS (
    SELECT 1 FROM reporting_roundreport rr
    WHERE rr.agreement_id = x.agreement_id AND rr.reporting_round_id = r.reporting_round_id
    AND rr.status = 'closed'
)"""
RESCORE_FLOOR = f"""UPDATE reporting_result r SET self_score = {RESCORE_SCORE}
FROM {RESCORE_SOURCE} WHERE {RESCORE_WHERE}"""
RESCORE_CHECK = f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE {RESCORE_SCORE} IS DISTINCT FROM r.self_score)
FROM reporting_result r, {RESCORE_SOURCE} WHERE {RESCORE_WHERE}"""


def rolled_back(function: Callable[[], object]) -> Callable[[], object]:
    from django.db import transaction

    def run():
        try:
            with transaction.atomic():
                function()
                raise RolledBack
        except RolledBack:
            pass

    return run


def section_rescore(runs: int) -> Section:
    from django.core.management import call_command, get_commands

    command = "rescore" if "rescore" in get_commands() else "rebuild_standings"
    section = Section(
        "rescore",
        "Rescoring everything",
        "≤ 2× the floor",
        f'call_command("{command}") in a transaction rolled back afterwards',
        "one SQL UPDATE recomputing the self score of every numeric (linear) indicator's result "
        "of the rounds not closed from its five targets, direction and the framework's floor, in "
        "a transaction rolled back",
        ratio_goal=2,
    )
    if command != "rescore":
        section.notes.append(
            "the `rescore` command did not exist yet: measured `rebuild_standings` (every "
            "agreement × round's standings recomputed and written) instead"
        )
    out = io.StringIO()
    figure = rolled_back(lambda: call_command(command, stdout=out))
    updated = []

    def floor_update():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(RESCORE_FLOOR)
            updated.append(cursor.rowcount)

    floor = rolled_back(floor_update)
    check_floor(section)
    # No warm-up: each run of the command costs as much as a warm-up would.
    alternate(section, figure, floor, runs, warm=False)
    section.notes.append(f"the floor's UPDATE rewrites {updated[-1]:,} results")
    last = out.getvalue().strip().splitlines()
    if last:
        section.notes.append(f"the command said: {last[-1]}")
    section.extra["command"] = command
    return section


def check_floor(section: Section) -> None:
    """The floor must compute what khamrap stores: compare its scores with the stored ones."""
    total, different = sql(RESCORE_CHECK)[0]
    section.notes.append(
        f"the floor's formula gives the stored self score for {total - different:,} of "
        f"{total:,} numeric results"
    )


def evaluator_with_most_reports():
    from django.contrib.auth import get_user_model

    from khamrap.organizations.choices import Role

    rows = sql(
        """
        SELECT m.user_id, e.path, COUNT(rr.id) FROM organizations_membership m
        JOIN organizations_organization e ON e.id = m.organization_id
        JOIN organizations_organization o ON o.path LIKE e.path || '%%'
        JOIN agreements_agreement a ON a.organization_id = o.id
        JOIN reporting_roundreport rr ON rr.agreement_id = a.id AND rr.status <> 'open'
        WHERE m.role = %s
        GROUP BY m.user_id, e.path ORDER BY COUNT(rr.id) DESC, m.user_id LIMIT 1
        """,
        [Role.EVALUATOR],
    )
    user_id, path, reports = rows[0]
    return get_user_model().objects.get(pk=user_id), path, reports


WORKBENCH_COUNT = """
SELECT COUNT(*) FROM reporting_roundreport rr
JOIN agreements_agreement a ON a.id = rr.agreement_id
JOIN organizations_organization o ON o.id = a.organization_id
WHERE o.path LIKE %s AND rr.status <> 'open'
"""
WORKBENCH_PAGE = """
SELECT rr.id, rr.status, rr.submitted_at, o.code, o.name_th, p.months, p.deadline, y.year
FROM reporting_roundreport rr
JOIN agreements_agreement a ON a.id = rr.agreement_id
JOIN organizations_organization o ON o.id = a.organization_id
JOIN periods_reportinground p ON p.id = rr.reporting_round_id
JOIN periods_fiscalyear y ON y.id = p.fiscal_year_id
WHERE o.path LIKE %s AND rr.status <> 'open'
ORDER BY (rr.status = 'submitted') DESC, p.deadline, o.path, rr.id
LIMIT 50
"""


def section_workbench(runs: int) -> Section:
    from django.urls import reverse

    user, path, reports = evaluator_with_most_reports()
    url = reverse("dashboards:workbench")
    section = Section(
        "workbench",
        "Evaluator's workbench page",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (the evaluator with the most reports not open: "
        f"{reports:,}), whole response",
        "a SQL count of that evaluator's reports not open, plus one page of 50 of them with "
        "their organization and round, in the workbench's order",
        ratio_goal=3,
    )
    client = client_for(user)

    def floor():
        sql(WORKBENCH_COUNT, [path + "%"])
        sql(WORKBENCH_PAGE, [path + "%"])

    alternate(section, get_page(client, url), floor, runs)
    return section


def collector_for_home():
    """A national collector whose organization has the most open reports (3: every round)."""
    from django.contrib.auth import get_user_model

    from khamrap.demo.national import NATIONAL_DOMAIN
    from khamrap.organizations.choices import Role

    rows = sql(
        """
        SELECT m.user_id, COUNT(DISTINCT rr.id) FROM organizations_membership m
        JOIN accounts_user u ON u.id = m.user_id
        JOIN agreements_agreement a ON a.organization_id = m.organization_id
        JOIN reporting_roundreport rr ON rr.agreement_id = a.id AND rr.status = 'open'
        WHERE m.role = %s AND u.email LIKE %s
        GROUP BY m.user_id ORDER BY COUNT(DISTINCT rr.id) DESC, m.user_id LIMIT 1
        """,
        [Role.COLLECTOR, "%@" + NATIONAL_DOMAIN],
    )
    return get_user_model().objects.get(pk=rows[0][0]), rows[0][1]


HOME_FLOOR = """
SELECT r.id, r.indicator_id, r.reporting_round_id, r.status, r.submitted_by_id
FROM agreements_indicator_collectors c
JOIN agreements_indicator i ON i.id = c.indicator_id
JOIN reporting_result r ON r.indicator_id = c.indicator_id
JOIN periods_reportinground p ON p.id = r.reporting_round_id
LEFT JOIN reporting_roundreport rr
    ON rr.agreement_id = i.agreement_id AND rr.reporting_round_id = r.reporting_round_id
WHERE c.user_id = %s AND p.cutoff_date < %s AND COALESCE(rr.status, 'open') = 'open'
"""


def section_home(runs: int) -> Section:
    from django.urls import reverse
    from django.utils import timezone

    user, reports = collector_for_home()
    url = reverse("web:home")
    today = timezone.localdate()
    section = Section(
        "home",
        "Home page of a data collector",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (collector of an organization with {reports} open "
        "reports), whole response",
        "one indexed query of that collector's results in the open rounds, through the "
        "indicator collectors table",
        ratio_goal=3,
    )
    client = client_for(user)
    floor = sql_fetch(HOME_FLOOR, [user.pk, today])
    alternate(section, get_page(client, url), floor, runs)
    section.notes.append(f"the floor fetches {len(floor()):,} results")
    return section


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


# --- the report --------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def figure_text(section: Section) -> str:
    if section.name == "deadline":
        after = section.extra["after_sign_in"]
        return f"p95 {after['p95_ms']:.0f} ms, p50 {after['p50_ms']:.0f} ms"
    if not section.figure:
        return "–"
    text = seconds(section.median)
    if len(section.figure) > 1:
        text += f" ({seconds(min(section.figure))}–{seconds(max(section.figure))})"
    return text


def verdict(section: Section) -> str:
    return {True: "met", False: "**not met**", None: "–"}[section.met]


def ratio_text(section: Section) -> str:
    if section.ratio is None:
        return "–"
    # Two places near a goal such as 1.5×, where one place would read 1.52 as met.
    return f"{section.ratio:.2f}×" if section.ratio < 10 else f"{section.ratio:.1f}×"


HOW = """\
## How to run

```sh
.venv/bin/python bench/run.py                 # everything, 5 runs each (about {minutes} minutes)
.venv/bin/python bench/run.py --only rollup home --runs 9
.venv/bin/python bench/run.py --with-load     # also run bench/deadline.py again (minutes more)
```

It needs PostgreSQL (`--database-url`, default `postgres://postgres@127.0.0.1:5432/khamrap_bench`;
created, migrated and filled with `khamrap generate_national` when empty) and Redis for the cache.
Django runs in the script's process with production settings (`DEBUG=0`, a throwaway
`SECRET_KEY`, no HTTPS redirect, the Redis cache, as `bench/deadline.py`). Pages are fetched with
`django.test.Client` (middleware, view, template rendering: the whole response) by a user signed in
with `force_login`. Each figure and its floor run alternately after one warm-up, and the medians
are compared: the machine's cores are shared and its figures noisy, so read the ratio, not the
seconds. The rescore and its floor run in transactions rolled back, the import in its own scratch
database (`{import_database}`, created and dropped): nothing measured stays. The script rewrites
this file and `bench/results/run.json`; with `--only` the other sections are carried over from the
previous run and say so. A section whose goal is not met is run once more under cProfile with every
SQL query timed, and its top causes are listed under it.

## What each floor is

A floor is the least work the database (or engine) must do for the same answer, measured in the
same run, so that a ratio says how much khamrap adds on top of it:

- **rollup**: one SQL aggregate over the round's results, `SUM(weight × self_score)` of the
  top-level indicators grouped by agreement, every row fetched. The page instead reads the stored
  standings, ranks and renders 50 rows; a ratio under 1 means the stored standings beat scoring.
- **ministry**: the same aggregate restricted to the agreements under the ministry's path.
- **rescore**: one `UPDATE` recomputing the self score of every numeric (linear) result of the
  rounds not closed from its targets, direction and the framework's floor (the linear rule of
  `khamrap/rules/scoring.py` in SQL; the run checks it gives the stored scores), rolled back.
  It does not rescore milestone, mixed, pass/fail or composite indicators nor write standings, so
  it is a low floor for a rescore of everything.
- **workbench**: a SQL count of the evaluator's reports not open and one page of 50 of them.
- **home**: one indexed query of the collector's results in the open rounds, through the
  indicator collectors table.
- **import**: the same 10,000 results written by one `bulk_create` in the same PostgreSQL database
  (the read side's floor, openpyxl alone reading the file, is in the notes).
- **documents**: a bare typst compile of the document khamrap hands the engine
  (`scripts/bench_documents.py`).
- **deadline**: none; the load test's target is absolute (`bench/deadline.py`).
"""


def write_report(sections: list[Section], about: dict, options, elapsed: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run.py` on {about['date']} (the whole file is rewritten each run).",
        "",
        "Machine: "
        f"{about['cpu']}, {about['cores']} cores, {about['ram_gib']} GiB RAM; "
        f"{about['postgresql']}; Python {about['python']}; {about['system']}. "
        f"Code: {about['commit']}. Runs: median of {options.runs} (after one warm-up) unless a "
        f"section says otherwise; the whole run took {elapsed / 60:.0f} minutes.",
        "",
        "| | figure (median, min–max) | floor | ratio | goal | |",
        "|---|---|---|---|---|---|",
    ]
    for s in sections:
        lines.append(
            f"| [{s.title}](#{s.name}) | {figure_text(s)} | {seconds(s.floor_median)} | "
            f"{ratio_text(s)} | {s.goal} | {verdict(s)} |"
        )
    lines.append("")
    for s in sections:
        lines += [f'<a id="{s.name}"></a>', "", f"## {s.title} (`{s.name}`)", ""]
        if s.carried_from:
            lines += [f"*Carried over from the run of {s.carried_from} (not run this time).*", ""]
        lines.append(f"- measured: {s.figure_label}")
        lines.append(f"- figure: {figure_text(s)}")
        if s.floor:
            floor = seconds(s.floor_median)
            if len(s.floor) > 1:
                floor += f" ({seconds(min(s.floor))}–{seconds(max(s.floor))})"
            lines.append(f"- floor: {floor}: {s.floor_label}")
        else:
            lines.append(f"- floor: {s.floor_label}")
        lines.append(f"- ratio: {ratio_text(s)}")
        lines.append(f"- goal: {s.goal}: {verdict(s)}")
        if s.name == "deadline":
            extra = s.extra
            lines.append(
                f"- after signing in: {extra['after_sign_in']['requests']:,} requests, "
                f"p50 {extra['after_sign_in']['p50_ms']:.0f} ms, "
                f"p95 {extra['after_sign_in']['p95_ms']:.0f} ms, "
                f"p99 {extra['after_sign_in']['p99_ms']:.0f} ms; "
                f"{extra['requests_per_second']} requests/s in all, {extra['failures']} failures"
            )
            lines.append(
                f"- signing in: {extra['sign_in']['requests']:,} requests, "
                f"p50 {extra['sign_in']['p50_ms']:.0f} ms, p95 {extra['sign_in']['p95_ms']:.0f} ms"
            )
            lines.append(
                "- p95 by request: "
                + ", ".join(f"{name} {p95:.0f} ms" for name, p95 in extra["by_request"].items())
            )
        for note in s.notes:
            lines.append(f"- {note}")
        if s.causes:
            lines += ["", "Top causes (profile of one more run):", ""]
            lines += [f"1. {cause}" for cause in s.causes]
        lines.append("")
    lines.append(HOW.format(minutes=max(1, round(elapsed / 60)), import_database=IMPORT_DATABASE))
    REPORT.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


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
    }
    profiled = {
        "rollup": True,
        "ministry": True,
        "rescore": True,
        "workbench": True,
        "home": True,
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

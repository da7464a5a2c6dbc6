"""Time a 10,000-row Excel results import next to a bare openpyxl read of the same file.

Why these 10,000 rows: one agreement holds 15 to 30 indicators, so no single organization's
results sheet comes near 10,000 rows. A ministry's (or OPDC's) round does: 400 organizations of
25 indicators each. That is the roll-up workbook (`documents.excel.exports.rollup_xlsx`): its results sheet
lists every indicator of every organization the coordinator may see, with the organization's code;
the coordinator fills it in and uploads it through `results_import_many`, which saves each row
through `reporting.services.result_save` in one transaction. The indicators mix the kinds of a real
agreement: numeric targets (60 %), 5-step milestones (20 %), pass/fail (12 %) and mixed (8 %).

What is printed, all measured in this run on the same file:
- floor: openpyxl alone opening the file read-only and reading every row's values;
- check: the import reading and checking every row, stopped by a problem in the last row
  (nothing written): the cost of the Excel side;
- import: the whole import, every row saved;
- write floor: the same 10,000 results (same indicators, same round, values of the same kinds)
  written by one Result.objects.bulk_create in the same database: the cost of the rows themselves;
- the ratio import / floor, and the target (10 s).

Run from the project folder: `.venv/bin/python scripts/bench_import.py` (about three minutes).
It builds its data in a new SQLite database in a temporary folder, never in the configured one.
With `--database-url postgres://.../khamrap_bench_import` it builds them in that PostgreSQL
database instead, which it creates and drops (it refuses one that exists, unless --replace, which
drops it first if its name ends with _import).
`--runs N` repeats the check, the import and the write floor N times and prints medians: each
import and each bulk insert runs in a transaction rolled back afterwards, so every run starts from
the same empty round. `--json FILE` also writes the figures (bench/run.py reads them).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse, urlunparse

TARGET_SECONDS = 10.0


class RolledBack(Exception):
    """Raised at the end of a measured write so that its transaction is undone."""


def scratch_database(url: str, *, create: bool, replace: bool = False) -> None:
    """Create (or drop) the PostgreSQL database named in `url`: the benchmark's own scratch one."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name or name == "postgres":
        raise SystemExit(f"--database-url must name a scratch database, not {name or 'none'}")
    admin = urlunparse(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if create:
            if exists and replace and not name.endswith("_import"):
                raise SystemExit(
                    f"--replace drops only a scratch database named …_import, not {name}"
                )
            if exists and not replace:
                raise SystemExit(
                    f"database {name} exists: the benchmark creates and drops its own "
                    "(--replace drops it first)"
                )
            if exists:
                connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        elif exists:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def setup_django(folder: str, database_url: str | None = None) -> None:
    # A throwaway database: the benchmark must never write into a real one.
    os.environ.pop("DATABASE_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["KHAMRAP_DATA_DIR"] = folder
    os.environ["DJANGO_SETTINGS_MODULE"] = "khamrap.settings"
    # Production settings refuse to start without a secret key; a throwaway one suffices here.
    os.environ.setdefault("SECRET_KEY", "khamrap-bench-throwaway-key")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(organizations: int, indicators: int, seed: int = 2569):
    """A ministry with `organizations` departments, each with a signed agreement."""
    from django.contrib.auth import get_user_model

    from khamrap.agreements import services
    from khamrap.agreements.models import Agreement, Framework, Indicator, IndicatorStep
    from khamrap.organizations.choices import OrganizationKind, Role
    from khamrap.organizations.services import membership_grant, organization_create
    from khamrap.periods.services import fiscal_year_create

    random.seed(seed)
    fiscal_year = fiscal_year_create(year=2569)
    framework = Framework.objects.get(code="dimensions-4")
    fiscal_year.framework = framework
    fiscal_year.save()
    groups = list(framework.groups.all())
    ministry = organization_create(
        code="MIN", name_th="กระทรวงทดสอบ", kind=OrganizationKind.MINISTRY
    )
    coordinator = get_user_model().objects.create_user(username="ministry-coordinator")
    membership_grant(user=coordinator, organization=ministry, role=Role.COORDINATOR)
    weight = Decimal(100) / indicators
    kinds = ["numeric"] * 15 + ["milestone"] * 5 + ["pass_fail"] * 3 + ["mixed"] * 2
    agreements = []
    for n in range(1, organizations + 1):
        department = organization_create(
            code=f"D{n:03d}",
            name_th=f"กรมทดสอบที่ {n}",
            kind=OrganizationKind.DEPARTMENT,
            parent=ministry,
            department_group=1,
        )
        agreements.append(
            services.agreement_create(
                organization=department, fiscal_year=fiscal_year, user=coordinator
            )
        )
    # Indicators straight into their tables: the set-up is not what is measured.
    rows = []
    for agreement in agreements:
        for i in range(indicators):
            kind = kinds[i % len(kinds)]
            targets: list[Decimal | None] = [Decimal(60 + 5 * level) for level in range(1, 6)]
            if kind == "mixed":
                targets[:2] = [None, None]
            elif kind not in ("numeric",):
                targets = [None] * 5
            rows.append(
                Indicator(
                    agreement=agreement,
                    group=groups[i % len(groups)],
                    number=str(i + 1),
                    order=i + 1,
                    name=f"ร้อยละของผลสำเร็จตามแผนงานที่ {i + 1} ของการพัฒนาคุณภาพการให้บริการประชาชน",
                    weight=weight,
                    kind=kind,
                    mixed_steps=2 if kind == "mixed" else None,
                    unit="ร้อยละ" if kind in ("numeric", "mixed") else "",
                    **{f"target_{level}": targets[level - 1] for level in range(1, 6)},
                )
            )
    Indicator.objects.bulk_create(rows, batch_size=2000)
    steps = []
    for indicator in Indicator.objects.filter(kind__in=["milestone", "mixed"]):
        count = 5 if indicator.kind == "milestone" else 2
        steps += [
            IndicatorStep(indicator=indicator, number=k, description=f"ขั้นตอนที่ {k}")
            for k in range(1, count + 1)
        ]
    IndicatorStep.objects.bulk_create(steps, batch_size=2000)
    # Signed, so that the roll-up lists them.
    Agreement.objects.update(status="signed")
    return fiscal_year, coordinator


def filled_rollup(fiscal_year, coordinator) -> tuple[bytes, bytes, int, float]:
    """The roll-up workbook with every result filled in, and the same with one bad last row."""
    from openpyxl import load_workbook

    from khamrap.documents.excel.exports import rollup_xlsx
    from khamrap.documents.excel.format import (
        FIRST_DATA_ROW,
        H_KIND,
        H_NUMBER,
        H_PASSED,
        H_RESULT,
        H_STEPS_DONE,
        KIND_LABELS,
        PASSED_LABELS,
        RESULTS_SHEET,
    )

    started = time.perf_counter()
    content = rollup_xlsx(coordinator, fiscal_year, 6)
    export_seconds = time.perf_counter() - started
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook[RESULTS_SHEET]
    headers = [cell.value for cell in sheet[2]]
    column = {header: headers.index(header) + 1 for header in headers if header}
    kind_of = {label: kind for kind, label in KIND_LABELS.items()}
    rows = 0
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        kind = kind_of[sheet.cell(row=row, column=column[H_KIND]).value]
        if kind in ("numeric", "mixed"):
            value = round(random.uniform(55, 105), 2)
            sheet.cell(row=row, column=column[H_RESULT]).value = value
        if kind == "milestone":
            sheet.cell(row=row, column=column[H_STEPS_DONE]).value = random.randint(0, 5)
        if kind == "mixed":
            sheet.cell(row=row, column=column[H_STEPS_DONE]).value = 2
        if kind == "pass_fail":
            passed = random.random() < 0.8
            sheet.cell(row=row, column=column[H_PASSED]).value = PASSED_LABELS[passed]
        rows += 1
    good = io.BytesIO()
    workbook.save(good)
    sheet.cell(row=sheet.max_row, column=column[H_NUMBER]).value = "ไม่มีตัวชี้วัดนี้"
    bad = io.BytesIO()
    workbook.save(bad)
    return good.getvalue(), bad.getvalue(), rows, export_seconds


def floor_read(content: bytes) -> float:
    from openpyxl import load_workbook

    from khamrap.documents.excel.format import RESULTS_SHEET

    started = time.perf_counter()
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    for _row in workbook[RESULTS_SHEET].iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - started


def bulk_insert(reporting_round) -> tuple[float, int]:
    """The write floor: the round's results in one bulk_create, rolled back afterwards."""
    from django.db import transaction

    from khamrap.agreements.models import Indicator
    from khamrap.reporting.models import Result

    indicators = Indicator.objects.filter(
        agreement__fiscal_year=reporting_round.fiscal_year_id
    ).values_list("pk", "kind")
    rows = []
    for pk, kind in indicators:
        row = Result(indicator_id=pk, reporting_round=reporting_round, status="draft")
        if kind in ("numeric", "mixed"):
            row.value = Decimal(str(round(random.uniform(55, 105), 2)))
        if kind == "milestone":
            row.steps_done = list(range(1, random.randint(0, 5) + 1))
        if kind == "mixed":
            row.steps_done = [1, 2]
        if kind == "pass_fail":
            row.passed = random.random() < 0.8
        rows.append(row)
    started = time.perf_counter()
    try:
        with transaction.atomic():
            Result.objects.bulk_create(rows, batch_size=2000)
            elapsed = time.perf_counter() - started
            raise RolledBack
    except RolledBack:
        pass
    return elapsed, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--organizations", type=int, default=400)
    parser.add_argument("--indicators", type=int, default=25)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL scratch database to create, use and drop (default: SQLite in a "
        "temporary folder)",
    )
    parser.add_argument("--replace", action="store_true", help="drop the scratch database first")
    parser.add_argument("--runs", type=int, default=1, help="repeat the measures (medians)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="when the target is not met, profile one more import (bench/profiling.py)",
    )
    args = parser.parse_args()
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url must be a postgres:// URL")
    folder = tempfile.mkdtemp(prefix="khamrap-excel-bench-")
    try:
        if args.database_url:
            scratch_database(args.database_url, create=True, replace=args.replace)
        setup_django(folder, args.database_url)
        run(args, folder)
    finally:
        if args.database_url:
            from django.db import connections

            connections.close_all()
            scratch_database(args.database_url, create=False)
        shutil.rmtree(folder, ignore_errors=True)


def run(args: argparse.Namespace, folder: str) -> None:
    from django.db import connection, transaction

    from khamrap.documents.excel.import_results import results_import_many
    from khamrap.documents.excel.problems import ExcelImportError

    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
        database += f" (scratch database {connection.settings_dict['NAME']})"
    else:
        database = f"SQLite {sqlite3.sqlite_version} (file in {folder})"
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()}; {database}"
    )
    started = time.perf_counter()
    fiscal_year, coordinator = build(args.organizations, args.indicators)
    print(
        f"set-up: {args.organizations} organizations × {args.indicators} indicators "
        f"in {time.perf_counter() - started:.1f} s"
    )
    good, bad, rows, export_seconds = filled_rollup(fiscal_year, coordinator)
    print(
        f"roll-up export (the file to fill in): {export_seconds:.2f} s, "
        f"{len(good) / 1024 / 1024:.2f} MB filled in, {rows:,} result rows"
    )

    reporting_round = fiscal_year.rounds.get(months=6)
    if connection.vendor == "postgresql":
        # Fresh statistics, as a database that has been in use has (autovacuum would analyze).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    floors, checks, imports, inserts = [], [], [], []
    saved = inserted = 0
    for _run in range(args.runs):
        floors.append(min(floor_read(good) for _ in range(3)))

        started = time.perf_counter()
        try:
            results_import_many(reporting_round=reporting_round, user=coordinator, upload=bad)
        except ExcelImportError as error:
            assert len(error.problems) == 1, error.problems
        checks.append(time.perf_counter() - started)

        # The whole import, undone afterwards so that the next run imports into the same round.
        started = time.perf_counter()
        try:
            with transaction.atomic():
                summary = results_import_many(
                    reporting_round=reporting_round, user=coordinator, upload=good
                )
                imports.append(time.perf_counter() - started)
                raise RolledBack
        except RolledBack:
            pass
        assert summary.saved == rows, summary
        saved = summary.saved

        seconds, inserted = bulk_insert(reporting_round)
        inserts.append(seconds)
        print(
            f"run {_run + 1}: read floor {floors[-1]:.2f} s, check {checks[-1]:.2f} s, "
            f"import {imports[-1]:.2f} s, bulk insert {inserts[-1]:.2f} s"
        )

    floor, check = statistics.median(floors), statistics.median(checks)
    total, insert = statistics.median(imports), statistics.median(inserts)
    runs = f"median of {args.runs}" if args.runs > 1 else "one run"
    print(f"figures ({runs}):")
    print(f"floor (openpyxl read-only, every row's values): {floor:.2f} s")
    print(
        f"check (every row read and checked, nothing written): {check:.2f} s "
        f"= {check / floor:.1f} × floor"
    )
    writes = total - check
    print(
        f"import ({saved:,} rows saved through results_save_many): {total:.2f} s "
        f"= {total / floor:.1f} × floor; saving {writes / saved * 1000:.1f} ms a row"
    )
    print(
        f"write floor (the same {inserted:,} results in one bulk_create): {insert:.2f} s; "
        f"import = {total / insert:.1f} × it"
    )
    verdict = "met" if total < TARGET_SECONDS else "NOT met"
    print(f"target under {TARGET_SECONDS:.0f} s: {verdict}")
    causes = []
    if args.profile and total >= TARGET_SECONDS:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
        import profiling

        def profiled_import():
            try:
                with transaction.atomic():
                    results_import_many(
                        reporting_round=reporting_round, user=coordinator, upload=good
                    )
                    raise RolledBack
            except RolledBack:
                pass

        causes = profiling.causes(profiled_import)
        for line in causes:
            print(f"cause: {line}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "database": database,
                    "rows": saved,
                    "runs": args.runs,
                    "export_seconds": export_seconds,
                    "read_floor": floors,
                    "check": checks,
                    "import": imports,
                    "bulk_insert": inserts,
                    "bulk_insert_rows": inserted,
                    "target_seconds": TARGET_SECONDS,
                    "causes": causes,
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()

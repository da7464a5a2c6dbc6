"""`national_generate`: the whole dataset in one transaction, and `national_clear`, which removes one
made before."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q

from khamrap.agreements.models import (
    Agreement,
    AgreementEvent,
    Amendment,
    Framework,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
    IndicatorStep,
    ReformIssue,
)
from khamrap.agreements.presets import presets_ensure
from khamrap.organizations.models import Membership, Organization
from khamrap.periods.models import FiscalYear
from khamrap.periods.services import fiscal_year_ensure, reporting_round_add
from khamrap.reporting.models import Change, EvidenceFile, Result, RoundReport

from .agreements import AgreementBuilder
from .bulk import raw_delete
from .data import CHUNK, NATIONAL_DOMAIN, NATIONAL_PASSWORD, NATIONAL_YEAR, ROUND_MONTHS
from .organizations import is_national_code, organization_plan, organizations_create, users_create
from .report import NationalReport


class NationalRefused(Exception):
    """The database already holds agreements (and --force was not given)."""


def national_clear() -> None:
    """Remove a previously generated national dataset: its agreements, users and organizations."""
    User = get_user_model()
    users = User.objects.filter(email__endswith=f"@{NATIONAL_DOMAIN}")
    agreements = list(
        Agreement.objects.filter(
            Q(organization__in=Organization.objects.filter(is_national_code()))
            | Q(events__actor__in=users)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    if agreements:
        indicators = Indicator.objects.filter(agreement__in=agreements)
        raw_delete(Change.objects.filter(result__indicator__in=indicators))
        raw_delete(Change.objects.filter(report__agreement__in=agreements))
        raw_delete(EvidenceFile.objects.filter(result__indicator__in=indicators))
        raw_delete(Result.objects.filter(indicator__in=indicators))
        raw_delete(RoundReport.objects.filter(agreement__in=agreements))
        raw_delete(IndicatorChange.objects.filter(agreement__in=agreements))
        raw_delete(IndicatorStep.objects.filter(indicator__in=indicators))
        for relation in (Indicator.collectors, Indicator.supervisors, Indicator.issues):
            raw_delete(relation.through.objects.filter(indicator__in=indicators))
        Indicator.objects.filter(agreement__in=agreements).update(cascaded_from=None)
        raw_delete(Indicator.objects.filter(agreement__in=agreements, parent__isnull=False))
        raw_delete(Indicator.objects.filter(agreement__in=agreements))
        raw_delete(AgreementEvent.objects.filter(agreement__in=agreements))
        raw_delete(Amendment.objects.filter(agreement__in=agreements))
        # Whatever else hangs on an agreement (stored standings...) goes with Django's cascade.
        Agreement.objects.filter(pk__in=agreements).delete()
    national = Organization.objects.filter(is_national_code())
    raw_delete(Membership.objects.filter(Q(user__in=users) | Q(organization__in=national)))
    users.delete()
    # Children before parents; then the provinces' numchild follow their remaining children.
    if national.exists():
        touched = {
            path[: Organization.steplen * (depth - 1)]
            for path, depth in national.values_list("path", "depth")
            if depth > 1
        }
        for depth in (3, 2, 1):
            raw_delete(Organization.objects.filter(is_national_code(), depth=depth))
        for parent in Organization.objects.filter(path__in=touched):
            parent.numchild = Organization.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).count()
            parent.save(update_fields=["numchild"])


def national_generate(
    *,
    seed: int = 1,
    scale: float = 1.0,
    year: int = NATIONAL_YEAR,
    password: str = NATIONAL_PASSWORD,
    force: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> NationalReport:
    """Build the national dataset; refuses a database that holds agreements unless `force`.

    With `force`, a dataset made before is removed first; an organization that already has an
    agreement for the year (the demo's Chiang Rai) keeps it and gets none generated.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if Agreement.objects.exists() and not force:
        raise NationalRefused(
            "the database already holds agreements: use --force to add the national dataset "
            "anyway (a national dataset made before is replaced)"
        )
    report = NationalReport()
    started = time.monotonic()

    def lap(name: str) -> None:
        nonlocal started
        now = time.monotonic()
        report.timings[name] = round(now - started, 2)
        started = now
        log(f"  {name}: {report.timings[name]:.1f} s")

    with transaction.atomic():
        if force:
            national_clear()
            lap("clear")
        presets_ensure(Framework, FrameworkGroup, ReformIssue)
        fiscal_year = _fiscal_year(year)
        plan = organization_plan(scale)
        organizations = organizations_create(plan, report)
        lap("organizations")
        users = users_create(plan, organizations, password, seed, report)
        lap("users")
        builder = AgreementBuilder(seed, fiscal_year, organizations, users, report)
        taken = set(
            Agreement.objects.filter(fiscal_year=fiscal_year).values_list(
                "organization__code", flat=True
            )
        )
        report.skipped = sorted(taken & {spec.code for spec in plan})
        specs = [spec for spec in plan if spec.code not in taken]
        for start in range(0, len(specs), CHUNK):
            builder.build(specs[start : start + CHUNK], index=start)
            log(f"  agreements {min(start + CHUNK, len(specs))}/{len(specs)}")
        lap("agreements")
    # Fresh planner statistics: until autovacuum gets to the new rows, PostgreSQL plans as if the
    # tables were nearly empty (a collector's home page took 1 s instead of 0.15 s).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    lap("analyze")
    return report


def _fiscal_year(year: int) -> FiscalYear:
    fiscal_year, _created = fiscal_year_ensure(year=year)
    if fiscal_year.framework_id is None:
        fiscal_year.framework = Framework.objects.get(code="dimensions-4")
        fiscal_year.save(update_fields=["framework", "updated_at"])
    have = set(fiscal_year.rounds.values_list("months", flat=True))
    for months in ROUND_MONTHS:
        if months not in have:
            reporting_round_add(fiscal_year=fiscal_year, months=months)
    return fiscal_year

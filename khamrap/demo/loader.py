"""Loading the demo data: the organizations and users of `people`, three agreements read from
agreements/ and taken along their life (one published, two signed), and each one's 6-month round in a
different state (closed, submitted late, still open past its deadline).

Loading twice changes nothing: every row is found by its code or username before it is created.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from khamrap.agreements.choices import AgreementStatus, ScoringKind, Transition

# The import's own reading of a file's result, so the demo records results as an import would.
from khamrap.agreements.file_import import agreement_import
from khamrap.agreements.models import Agreement, Framework, FrameworkGroup, ReformIssue
from khamrap.agreements.presets import presets_ensure
from khamrap.agreements.services import Signatories, agreement_transition
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Organization
from khamrap.organizations.services import (
    membership_grant,
    organization_ensure,
    province_import,
)
from khamrap.periods.models import FiscalYear
from khamrap.periods.services import fiscal_year_ensure
from khamrap.reporting.exchange import result_fields
from khamrap.rules import agreement_file, counting

from .awards import demo_awards
from .people import ORGANIZATIONS, USERS
from .pmqa import demo_pmqa

DEMO_PASSWORD = "khamrap-demo"
DEMO_FISCAL_YEARS = (2569, 2570)

AGREEMENTS_DIR = Path(__file__).parent / "agreements"


@dataclass(frozen=True)
class Party:
    """One side of the agreement as the signature block prints it (seed 001)."""

    name: str
    position: str


@dataclass(frozen=True)
class DemoAgreement:
    """A demo agreement: its file, how far along its life the demo takes it, and its people.

    The promisor is the organization's head (อธิบดี, ผู้ว่าราชการจังหวัด); the promisee is the level
    above that receives the promise (ปลัดกระทรวง, a minister). A party given as a username is that
    demo user's name and position; `signer` is the executive who records the signing.
    """

    filename: str
    status: str
    coordinator: str
    signer: str
    promisor: Party | str
    promisee: Party | str


DEMO_AGREEMENTS = [
    DemoAgreement(
        "DOAE-2569.yaml",
        AgreementStatus.PUBLISHED,
        coordinator="coordinator",
        signer="executive",
        promisor=Party("นายเกษม ส่งเสริมกิจ", "อธิบดีกรมส่งเสริมการเกษตร"),
        promisee="executive",
    ),
    DemoAgreement(
        "DOA-2569.yaml",
        AgreementStatus.SIGNED,
        coordinator="coordinator.doa",
        signer="executive",
        promisor=Party("นายวิทยา เกษตรศิลป์", "อธิบดีกรมวิชาการเกษตร"),
        promisee="executive",
    ),
    DemoAgreement(
        "PROV-57-2569.yaml",
        AgreementStatus.SIGNED,
        coordinator="coordinator.cri",
        signer="governor.cri",
        promisor="governor.cri",
        # A province's agreement is received by the deputy prime minister who oversees provinces.
        promisee=Party("นายพิพัฒน์ รัฐพัฒนา", "รองนายกรัฐมนตรี"),
    ),
]

# The agreement's life in days from the start of its fiscal year (1 October): drafted and approved
# by the committee in September, negotiated, signed on 15 October and published within the 7 and
# 10 days agreements.choices.PLANNED_DAYS allows, so the timeline shows every step on time.
LIFE_DAYS = {
    AgreementStatus.DRAFT: -30,
    Transition.APPROVE: -27,
    Transition.NEGOTIATE: 7,
    Transition.SIGN: 14,
    Transition.CIRCULATE: 15,
    Transition.PUBLISH: 16,
}


@dataclass(frozen=True)
class DemoRound:
    """How far an organization's 6-month round has gone, and when each step was taken.

    Days count from the round's deadline (negative: before it), moved to the next working day.
    Results are recorded RECORDED_DAYS after the cut-off; supervisors approve or return them two
    days after they are submitted.
    """

    collector: str
    supervisor: str
    # indicator numbers left as they are: {number: "draft" | "submitted" | "returned"}
    left: dict[str, str]
    report_status: str  # "open", "submitted" or "closed"
    results_days: int  # results submitted
    report_days: int | None = None  # the report submitted; after 0 it is late


RECORDED_DAYS = 7  # after the cut-off: the collectors' figures for the round are in
# Every dashboard has something to show: DOAE reported on time, verified and closed; Chiang Rai
# reported six days late and waits for the evaluator; DOA is still at work past the deadline.
DEMO_ROUNDS = {
    "DOAE": DemoRound("collector", "supervisor", {}, "closed", results_days=-10, report_days=-2),
    "PROV-57": DemoRound(
        "coordinator.cri", "supervisor.cri", {}, "submitted", results_days=-3, report_days=6
    ),
    "DOA": DemoRound(
        "collector.doa",
        "supervisor.doa",
        {"2": "submitted", "3": "returned", "16": "draft"},
        "open",
        results_days=-6,
    ),
}
DEMO_EXPLANATION = "งบประมาณได้รับการจัดสรรล่าช้ากว่าแผน 2 เดือน จะเร่งดำเนินการในไตรมาสที่ 3"
DEMO_VERIFIED = {"1": ("3.2000", "ผลสำรวจบางจังหวัดไม่มีเอกสารยืนยัน นับได้ร้อยละ 81")}


@dataclass
class DemoReport:
    organizations_created: int
    users_created: int
    fiscal_years_created: int
    agreements_created: int = 0


@transaction.atomic
def demo_load() -> DemoReport:
    """Load (or complete) the demo data; returns how much was new."""
    # The presets come with a data migration; a database flushed since (tests) gets them back.
    presets_ensure(Framework, FrameworkGroup, ReformIssue)
    organizations_created, _updated = province_import()
    by_code = {}
    for code, parent_code, name_th, name_en, short_name, kind, group in ORGANIZATIONS:
        parent = by_code.get(parent_code) or (
            Organization.objects.get(code=parent_code) if parent_code else None
        )
        by_code[code], created = organization_ensure(
            code=code,
            name_th=name_th,
            name_en=name_en,
            short_name=short_name,
            kind=kind,
            parent=parent,
            department_group=group,
        )
        organizations_created += created

    User = get_user_model()
    users_created = 0
    for person in USERS:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "title": person.title,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "position": person.position,
                "phone": person.phone,
                "email": person.email,
                "is_superuser": person.superuser,
                "is_staff": person.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            users_created += 1
        for role, code in person.roles:
            organization = by_code.get(code) or Organization.objects.get(code=code)
            membership_grant(user=user, organization=organization, role=role)

    fiscal_years_created = 0
    dimensions = Framework.objects.get(code="dimensions-4")
    for year in DEMO_FISCAL_YEARS:
        fiscal_year, created = fiscal_year_ensure(year=year)
        fiscal_years_created += created
        if fiscal_year.framework_id is None:
            fiscal_year.framework = dimensions
            fiscal_year.save(update_fields=["framework", "updated_at"])
    # Rounds the story closes are closed last: the PMQA projects report their progress in them
    # first (at their moment in the story, before the close), as a closed round takes no change.
    closing: list[Callable[[], None]] = []
    agreements_created = sum(_demo_agreement(entry, closing) for entry in DEMO_AGREEMENTS)
    demo_pmqa(clock=_clock)  # PMQA years, once the agreements and their rounds are there
    for close in closing:
        close()
    demo_awards(clock=_clock)  # the year's award calls, history and applications
    return DemoReport(
        organizations_created, users_created, fiscal_years_created, agreements_created
    )


def _workday(day: dt.date) -> dt.date:
    """The day, or the Monday after it when it falls on a weekend: offices sign and send on weekdays."""
    return day + dt.timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    """The working day of `day` at `hour` o'clock in the project's time zone (Bangkok)."""
    return timezone.make_aware(dt.datetime.combine(_workday(day), dt.time(hour)))


@contextmanager
def _clock(moment: dt.datetime) -> Iterator[None]:
    """Run the services inside as on `moment`, or now if `moment` is still to come.

    The services stamp every row and every line of history with `timezone.now()`; the demo tells
    a year that has passed, so each step runs at the moment the story puts it, and the agreement's
    timeline, the results' history and the round's deadline read as they would have.
    """
    moment = min(moment, timezone.now())
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _party(party: Party | str) -> Party:
    if isinstance(party, Party):
        return party
    user = get_user_model().objects.get(username=party)
    return Party(user.display_name, user.position)


def _demo_agreement(entry: DemoAgreement, closing: list[Callable[[], None]]) -> bool:
    """Import one demo agreement, walk it to its status and report its 6-month round; once only."""
    data = agreement_file.load_path(AGREEMENTS_DIR / entry.filename)
    organization = Organization.objects.get(code=data.organization.code)
    fiscal_year = FiscalYear.objects.get(year=data.fiscal_year)
    if Agreement.objects.filter(organization=organization, fiscal_year=fiscal_year).exists():
        return False
    User = get_user_model()
    coordinator = User.objects.get(username=entry.coordinator)
    signer = User.objects.get(username=entry.signer)
    day = {
        key: _workday(fiscal_year.starts_on + dt.timedelta(days=n)) for key, n in LIFE_DAYS.items()
    }
    with _clock(_moment(day[AgreementStatus.DRAFT])):
        agreement = agreement_import(
            organization=organization, fiscal_year=fiscal_year, data=data, user=coordinator
        )
    promisor, promisee = _party(entry.promisor), _party(entry.promisee)
    steps = [
        (Transition.APPROVE, coordinator, {"note": "มติคณะกรรมการพัฒนาระบบราชการ ครั้งที่ 1/2569"}),
        (
            Transition.NEGOTIATE,
            coordinator,
            {"agreed_changes": "ก.พ.ร. เห็นชอบตัวชี้วัดและค่าเป้าหมายตามที่เสนอ"},
        ),
        (
            Transition.SIGN,
            signer,
            {
                "signatories": Signatories(
                    promisor_name=promisor.name,
                    promisor_position=promisor.position,
                    promisee_name=promisee.name,
                    promisee_position=promisee.position,
                    signed_on=day[Transition.SIGN],
                )
            },
        ),
        (Transition.CIRCULATE, coordinator, {"note": "แจ้งเวียนทุกสำนัก/กอง และเผยแพร่ในระบบอินทราเน็ต"}),
        (Transition.PUBLISH, coordinator, {}),
    ]
    for transition, actor, extra in steps:
        if agreement.status == entry.status:
            break
        with _clock(_moment(day[transition])):
            agreement = agreement_transition(
                agreement=agreement, transition=transition, user=actor, **extra
            )
    _demo_round(agreement, fiscal_year.rounds.get(months=6), data, closing)
    return True


def _demo_round(
    agreement, reporting_round, data: agreement_file.AgreementFile, closing: list
) -> None:
    """Record the file's 6-month results and take them through the workflow as DEMO_ROUNDS says;
    the verification and the close, when the story has them, go on `closing` to run last."""
    from khamrap.reporting import services as reporting
    from khamrap.reporting.models import Result

    plan = DEMO_ROUNDS.get(agreement.organization.code)
    if plan is None:
        return
    User = get_user_model()
    collector = User.objects.get(username=plan.collector)
    supervisor = User.objects.get(username=plan.supervisor)

    def on(days: int, hour: int = 10) -> dt.datetime:
        return _moment(reporting_round.deadline + dt.timedelta(days=days), hour)

    recorded = _moment(reporting_round.cutoff_date + dt.timedelta(days=RECORDED_DAYS), 9)
    indicators = {i.number: i for i in agreement.indicators.all()}
    with _clock(recorded):
        for spec in [part for top in data.indicators for part in (top, *top.parts)]:
            indicator = indicators[spec.number]
            if spec.result is not None and indicator.kind != ScoringKind.COMPOSITE:
                reporting.result_record(
                    indicator=indicator,
                    reporting_round=reporting_round,
                    user=collector,
                    **result_fields(spec.result),
                )
    results = Result.objects.filter(indicator__agreement=agreement, reporting_round=reporting_round)
    for result in results.exclude(indicator__kind="composite").select_related("indicator"):
        stop = plan.left.get(result.indicator.number)
        if stop == "draft":
            continue
        with _clock(recorded + dt.timedelta(hours=2)):
            if counting.is_at_risk(result.self_score):
                result = reporting.result_save(
                    indicator=result.indicator,
                    reporting_round=reporting_round,
                    user=collector,
                    version=result.version,
                    value=result.value,
                    steps_done=result.steps_done,
                    passed=result.passed,
                    explanation=DEMO_EXPLANATION,
                )
        with _clock(on(plan.results_days)):
            result = reporting.result_submit(result=result, user=collector)
        if stop == "submitted":
            continue
        with _clock(on(plan.results_days + 2, 14)):
            if stop == "returned":
                reporting.result_return(
                    result=result, user=supervisor, comment="กรุณาแนบผลสำรวจฉบับสมบูรณ์"
                )
                continue
            reporting.result_approve(result=result, user=supervisor)
    if plan.report_status == "open" or plan.report_days is None:
        return
    coordinator = User.objects.filter(
        memberships__organization=agreement.organization, memberships__role=Role.COORDINATOR
    ).first()
    with _clock(on(plan.report_days, 15)):
        reporting.report_submit(
            agreement=agreement, reporting_round=reporting_round, user=coordinator
        )
    if plan.report_status == "closed":
        closing.append(lambda: _demo_close(agreement, reporting_round, on(plan.report_days + 14)))


def _demo_close(agreement, reporting_round, verified_at: dt.datetime) -> None:
    """The evaluator verifies the round's results and closes the organization's report."""
    from khamrap.reporting import services as reporting
    from khamrap.reporting.models import Result

    evaluator = get_user_model().objects.get(username="evaluator")
    top = Result.objects.filter(
        indicator__agreement=agreement,
        reporting_round=reporting_round,
        indicator__parent__isnull=True,
    )
    with _clock(verified_at):
        for result in top.select_related("indicator"):
            score, reason = DEMO_VERIFIED.get(result.indicator.number, (str(result.self_score), ""))
            reporting.result_verify(
                result=result, user=evaluator, score=Decimal(score), reason=reason
            )
    report = agreement.round_reports.get(reporting_round=reporting_round)
    with _clock(verified_at + dt.timedelta(days=1, hours=1)):
        reporting.report_close(report=report, user=evaluator)


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, password, roles) for every demo user present in the database."""
    User = get_user_model()
    usernames = [person.username for person in USERS]
    present = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    codes = {code for person in USERS for _role, code in person.roles}
    names = dict(Organization.objects.filter(code__in=codes).values_list("code", "name_th"))
    rows = []
    for person in USERS:
        if person.username in present:
            roles = ", ".join(
                f"{Role(role).label} {names.get(code, code)}" for role, code in person.roles
            )
            if not roles:  # the administrator, or an award assessor known by their position
                roles = gettext("System administrator") if person.superuser else person.position
            rows.append((person.username, DEMO_PASSWORD, roles))
    return rows

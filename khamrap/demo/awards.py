"""The demo's awards (seed 004): the three families' calls of 2569, a pool of two assessors, the
award history the multi-year rules read, and one application of each family at a different stage.

- กรมส่งเสริมการเกษตร applies for the Public Service Award type 2 (บูรณาการ) with its one-stop
  farmers' service: forms 1–3 written in full (answers within their word limits, with figures, no
  sentence repeated), sent inside the receiving window, checked, screened, visited, scored by both
  assessors, put to the committee and announced at ดีเด่น, so it enters the department's history.
- จังหวัดเชียงราย extends its 2567 participatory project (held at "good") to four more districts:
  at the site visit, one assessor's sheet finished and the other's half scored.
- กรมวิชาการเกษตร, certified at the Fundamental Level in 2567, applies for the PMQA category award
  (หมวด 1) and waits at the document check.
- กรมส่งเสริมการเกษตร also drafts a type 6 (continuous quality) application from its type 4
  distinguished award of 2565 and the three yearly maintenance reports since: eligible from its
  history, forms partly written, one sentence of its answer written twice for the writing aid to
  show. The 2569 window has closed on the real date; the page says so.

Every row is written through khamrap.awards.services (the Assessor rows excepted: the pool has no
service yet), each step at the moment the story puts it (the loader's clock) and every sending with
a day inside the call's receiving window. Loading twice changes nothing: a call, a record or an
application already there is left as it is. What the applicants and assessors wrote is in
award_texts.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move
from khamrap.awards.models import Application, Assessor, AwardRecord, Call, MaintenanceReport
from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear

from .award_texts import (
    CONTINUOUS,
    HAZE,
    HAZE_SHEETS,
    HAZE_WORK,
    INTEGRATION,
    INTEGRATION_SHEETS,
    LEADERSHIP,
    TYPE_4_WORK,
    DemoApplication,
    DemoSheet,
)
from .people import CHIANG_RAI

YEAR = 2569  # the demo's fiscal year: its agreements', rounds' and PMQA years'

Clock = Callable[[dt.datetime], AbstractContextManager[None]]

# The pool: neither works in an applicant organization; the award office (`evaluator`) is not in it.
POOL = {
    "assessor": "การพัฒนาคุณภาพการให้บริการภาครัฐและการบูรณาการบริการ",
    "assessor2": "การบริหารราชการแบบมีส่วนร่วมและการพัฒนาองค์การตามเกณฑ์ PMQA",
}


@dataclass(frozen=True)
class DemoRecord:
    """An award held from before khamrap, entered by the award office; `reports` are the years of
    the yearly maintenance reports the organization's coordinator recorded (sent in January)."""

    organization: str
    year: int
    family: str
    number: int
    scheme_name: str
    level: str
    work: str
    reports: tuple[int, ...] = ()
    coordinator: str = ""


RECORDS = (
    DemoRecord(
        "DOAE",
        2565,
        Family.PUBLIC_SERVICE,
        4,
        "รางวัลการพัฒนาการบริการที่เป็นเลิศ",
        Level.DISTINGUISHED,
        TYPE_4_WORK,
        reports=(2567, 2568, 2569),
        coordinator="coordinator",
    ),
    DemoRecord(
        CHIANG_RAI,
        2567,
        Family.PARTICIPATORY,
        1,
        "รางวัลพัฒนาการบริหารราชการแบบมีส่วนร่วม",
        Level.GOOD,
        HAZE_WORK,
    ),
    DemoRecord(
        "DOA",
        2567,
        Family.PMQA,
        1,
        "การรับรองคุณภาพการบริหารจัดการภาครัฐระดับพื้นฐาน (Fundamental Level)",
        Level.AWARDED,
        "การพัฒนาองค์การตามเกณฑ์คุณภาพการบริหารจัดการภาครัฐระดับพื้นฐาน",
    ),
)


# --- loading ---------------------------------------------------------------------------------


def demo_awards(*, clock: Clock) -> int:
    """Load the demo's awards; returns how many applications were new. `clock` runs the services
    inside it as on a moment (or now, if the moment is still to come): the loader's own."""
    fiscal_year = FiscalYear.objects.filter(year=YEAR).first()
    if fiscal_year is None:
        return 0
    story = _Story(clock, fiscal_year)
    story.calls()
    story.pool()
    story.history()
    created = 0
    for entry, tell in (
        (INTEGRATION, story.integration),
        (HAZE, story.haze),
        (LEADERSHIP, story.leadership),
        (CONTINUOUS, story.continuous),
    ):
        scheme = story.scheme(entry)
        organization = Organization.objects.get(code=entry.organization)
        if not Application.objects.filter(organization=organization, scheme=scheme).exists():
            tell(entry)
            created += 1
    return created


def _user(username: str):
    return get_user_model().objects.get(username=username)


class _Story:
    """The steps of the awards' year, each run through a service at its moment of the story."""

    def __init__(self, clock: Clock, fiscal_year: FiscalYear) -> None:
        self.clock = clock
        self.fiscal_year = fiscal_year
        self.office = _user("evaluator")

    def day(self, month: int, day: int) -> dt.date:
        """The day of the fiscal year (October to September), or the Monday after a weekend."""
        start = self.fiscal_year.starts_on
        found = dt.date(start.year + (month < start.month), month, day)
        return found + dt.timedelta(days=7 - found.weekday()) if found.weekday() >= 5 else found

    def on(self, month: int, day: int, hour: int = 10) -> AbstractContextManager[None]:
        moment = dt.datetime.combine(self.day(month, day), dt.time(hour))
        return self.clock(timezone.make_aware(moment))

    def calls(self) -> None:
        """The three families' calls, opened by the administrator in November."""
        admin = _user("admin")
        with self.on(11, 3):
            for family in Family.values:
                if not Call.objects.filter(fiscal_year=self.fiscal_year, family=family).exists():
                    services.call_open(fiscal_year=self.fiscal_year, family=family, user=admin)

    def scheme(self, entry: DemoApplication):
        return Call.objects.get(fiscal_year=self.fiscal_year, family=entry.family).schemes.get(
            number=entry.number
        )

    def pool(self) -> None:
        for username, expertise in POOL.items():
            Assessor.objects.get_or_create(user=_user(username), defaults={"expertise": expertise})

    def history(self) -> None:
        """The awards held from before khamrap, entered by the award office in November; the type 4
        award's yearly reports, recorded by the department's coordinator."""
        for entry in RECORDS:
            organization = Organization.objects.get(code=entry.organization)
            record = AwardRecord.objects.filter(
                organization=organization,
                year=entry.year,
                family=entry.family,
                number=entry.number,
            ).first()
            if record is None:
                with self.on(11, 10):
                    record = services.record_add(
                        organization=organization,
                        user=self.office,
                        year=entry.year,
                        family=entry.family,
                        number=entry.number,
                        scheme_name=entry.scheme_name,
                        level=entry.level,
                        work=entry.work,
                    )
            for year in entry.reports:
                if not MaintenanceReport.objects.filter(record=record, year=year).exists():
                    with self.on(11, 12):
                        services.maintenance_report_add(
                            record=record,
                            user=_user(entry.coordinator),
                            year=year,
                            sent_on=dt.date(year - 543, 1, 20),
                        )

    def write(
        self,
        entry: DemoApplication,
        coordinator: str,
        days: tuple[tuple[int, int], ...],
        *,
        extra: Mapping[str, object] | None = None,
    ) -> Application:
        """Start the application and write its forms, each on its day; form 3 in two sittings."""
        user = _user(coordinator)
        organization = Organization.objects.get(code=entry.organization)
        started, form_1, form_2, first, second = days
        with self.on(*started):
            application = services.application_create(
                organization=organization, scheme=self.scheme(entry), title=entry.title, user=user
            )
        with self.on(*form_1):
            application = services.applicant_save(
                application=application,
                user=user,
                version=application.version,
                values={
                    "unit_name": entry.unit,
                    "contact_name": user.display_name,
                    "contact_position": user.position,
                    "contact_phone": user.phone,
                    "contact_email": user.email,
                    "started_on": entry.started_on,
                    **entry.extra,
                    **(extra or {}),
                },
            )
        with self.on(*form_2):
            application = services.conditions_save(
                application=application,
                user=user,
                version=application.version,
                answers={number: (True, text) for number, text in entry.conditions.items()},
            )
        numbers = list(entry.answers)
        half = (len(numbers) + 1) // 2
        for day, part in ((first, numbers[:half]), (second, numbers[half:])):
            if part:
                with self.on(*day):
                    application = services.report_save(
                        application=application,
                        user=user,
                        version=application.version,
                        summary=entry.summary,
                        answers={number: entry.answers[number] for number in part},
                    )
        return application

    def send(self, application: Application, coordinator: str, day: tuple[int, int]):
        with self.on(*day):
            return services.application_move(
                application=application,
                move=Move.SUBMIT,
                user=_user(coordinator),
                today=self.day(*day),
            )

    def move(self, application: Application, move: str, day: tuple[int, int], **extra):
        with self.on(*day, hour=14):
            return services.application_move(
                application=application, move=move, user=self.office, **extra
            )

    def assign(self, application: Application, day: tuple[int, int], sheets) -> dict:
        with self.on(*day):
            return {
                sheet.by: services.assessor_assign(
                    application=application, assessor=_user(sheet.by), user=self.office
                )
                for sheet in sheets
            }

    def score(self, assignment, sheet: DemoSheet) -> None:
        """The assessor's sheet as `sheet` has it, on its day (finished when it says so)."""
        with self.on(*sheet.on, hour=16):
            services.sheet_save(
                assignment=assignment,
                user=_user(sheet.by),
                version=assignment.version,
                points=sheet.points,
                bonus_traits=sheet.traits,
                note=sheet.note,
                finish=sheet.finish,
            )

    def integration(self, entry: DemoApplication) -> None:
        """From the first draft in December to the announcement at the end of July."""
        application = self.write(
            entry, "coordinator", ((12, 8), (12, 10), (12, 15), (1, 14), (1, 28))
        )
        application = self.send(application, "coordinator", (2, 4))
        application = self.move(application, Move.CHECK, (2, 17))
        application = self.move(application, Move.SCREEN, (3, 23))
        assigned = self.assign(application, (3, 24), INTEGRATION_SHEETS)
        first = INTEGRATION_SHEETS[0]
        part_1 = {code: value for code, value in first.points.items() if code[0] in "1B"}
        with self.on(4, 20, 16):  # part 1 read from the papers during the screening
            assigned[first.by] = services.sheet_save(
                assignment=assigned[first.by],
                user=_user(first.by),
                version=assigned[first.by].version,
                points=part_1,
                bonus_traits=first.traits,
            )
        application = self.move(application, Move.VISIT, (5, 11))
        for sheet in INTEGRATION_SHEETS:
            self.score(assigned[sheet.by], sheet)
        application = self.move(application, Move.COMMITTEE, (7, 1))
        self.move(
            application,
            Move.ANNOUNCE,
            (7, 31),
            # The level comes from the points; the decision carries the committee's note.
            decision=services.Decision(
                services.consolidation(application).level,
                "อ.ก.พ.ร. มีมติให้ได้รับรางวัลระดับดีเด่น ตามผลการตรวจประเมินของคณะผู้ตรวจประเมิน",
            ),
            today=self.day(7, 31),
        )

    def haze(self, entry: DemoApplication) -> None:
        """Sent in March, visited in June: one sheet finished, the other half written."""
        earlier = AwardRecord.objects.get(
            organization__code=entry.organization, family=Family.PARTICIPATORY, work=HAZE_WORK
        )
        application = self.write(
            entry,
            "coordinator.cri",
            ((2, 2), (2, 4), (2, 9), (3, 2), (3, 16)),
            extra={"earlier_award": earlier},
        )
        application = self.send(application, "coordinator.cri", (3, 27))
        application = self.move(application, Move.CHECK, (4, 20))
        application = self.move(application, Move.SCREEN, (5, 4))
        assigned = self.assign(application, (5, 5), HAZE_SHEETS)
        application = self.move(application, Move.VISIT, (6, 1))
        for sheet in HAZE_SHEETS:
            self.score(assigned[sheet.by], sheet)

    def leadership(self, entry: DemoApplication) -> None:
        """Sent before the February close; the award office has started the document check."""
        application = self.write(
            entry, "coordinator.doa", ((1, 5), (1, 7), (1, 9), (1, 15), (1, 28))
        )
        application = self.send(application, "coordinator.doa", (2, 9))
        self.move(application, Move.CHECK, (2, 18))

    def continuous(self, entry: DemoApplication) -> None:
        """Begun in January and left a draft: no telephone, condition 3 and the summary missing."""
        user = _user("coordinator")
        with self.on(1, 12):
            application = services.application_create(
                organization=Organization.objects.get(code=entry.organization),
                scheme=self.scheme(entry),
                title=entry.title,
                user=user,
            )
            application = services.applicant_save(
                application=application,
                user=user,
                version=application.version,
                values={
                    "unit_name": entry.unit,
                    "contact_name": user.display_name,
                    "contact_position": user.position,
                    "started_on": entry.started_on,
                },
            )
        with self.on(1, 19):
            application = services.conditions_save(
                application=application,
                user=user,
                version=application.version,
                answers={number: (True, text) for number, text in entry.conditions.items()},
            )
        with self.on(1, 26, 15):
            services.report_save(
                application=application,
                user=user,
                version=application.version,
                summary=entry.summary,
                answers=dict(entry.answers),
            )

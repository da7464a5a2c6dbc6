"""Signed (and some published) agreements for every planned organization, with the events of their
signing; their indicators and results come from `IndicatorMaker` and `ResultMaker`."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from khamrap.agreements.choices import AgreementStatus
from khamrap.agreements.models import Agreement, AgreementEvent

from .data import BATCH
from .indicators import IndicatorMaker
from .organizations import OrgSpec
from .report import NationalReport
from .results import ResultMaker


class AgreementBuilder:
    """Builds agreements chunk by chunk; every random choice comes from the seed and a code."""

    def __init__(self, seed, fiscal_year, organizations, users, report: NationalReport):
        self.seed = seed
        self.fiscal_year = fiscal_year
        self.framework = fiscal_year.framework
        self.organizations = organizations
        self.users = users
        self.report = report
        now = timezone.now()
        groups = {g.key: g for g in self.framework.groups.all()}
        self.indicators = IndicatorMaker(fiscal_year, groups, organizations, users, report, now)
        self.results = ResultMaker(
            fiscal_year, self.framework.floor, organizations, users, report, now
        )

    def build(self, specs: list[OrgSpec], index: int) -> None:
        """The agreements of `specs` (the `index`th onwards of the plan), all their rows stored."""
        agreements, events = [], []
        rngs = {}
        fy_start = self.fiscal_year.starts_on
        for offset, spec in enumerate(specs):
            rngs[spec.code] = random.Random(f"{self.seed}:{spec.code}")
            executive = self.users[("exec", spec.code)]
            coordinator = self.users[("coord", spec.code)]
            above = self.users.get(("exec", spec.parent)) if spec.parent else None
            published = (index + offset) % 10 == 9
            signed_on = fy_start - dt.timedelta(days=16)
            agreement = Agreement(
                organization=self.organizations[spec.code],
                fiscal_year=self.fiscal_year,
                framework=self.framework,
                status=AgreementStatus.PUBLISHED if published else AgreementStatus.SIGNED,
                promisor_name=executive.display_name,
                promisor_position=f"หัวหน้าส่วนราชการ {spec.name_th}",
                promisee_name=above.display_name if above else "ประธานคณะกรรมการพัฒนาระบบราชการ",
                promisee_position=above.position if above else "ก.พ.ร.",
                signed_on=signed_on,
            )
            steps = [
                (AgreementStatus.DRAFT, AgreementStatus.COMMITTEE_APPROVED, coordinator, 0),
                (AgreementStatus.COMMITTEE_APPROVED, AgreementStatus.NEGOTIATED, coordinator, 7),
                (AgreementStatus.NEGOTIATED, AgreementStatus.SIGNED, executive, 14),
            ]
            if published:
                steps += [
                    (AgreementStatus.SIGNED, AgreementStatus.CIRCULATED, coordinator, 16),
                    (AgreementStatus.CIRCULATED, AgreementStatus.PUBLISHED, coordinator, 18),
                ]
            moments = []
            for from_status, to_status, actor, days in steps:
                at = dt.datetime.combine(
                    fy_start - dt.timedelta(days=30 - days), dt.time(10), tzinfo=dt.UTC
                )
                moments.append(at)
                events.append(
                    (
                        spec.code,
                        AgreementEvent(
                            from_status=from_status,
                            to_status=to_status,
                            actor=actor,
                            at=at,
                            agreed_changes="ก.พ.ร. เห็นชอบตัวชี้วัดและค่าเป้าหมายตามที่เสนอ"
                            if to_status == AgreementStatus.NEGOTIATED
                            else "",
                        ),
                    )
                )
            agreement.status_changed_at = moments[-1]
            agreements.append(agreement)
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        by_code = {
            a.organization.code: a
            for a in Agreement.objects.filter(
                fiscal_year=self.fiscal_year,
                organization__in=[self.organizations[s.code] for s in specs],
            ).select_related("organization")
        }
        for agreement in by_code.values():
            agreement.framework = self.framework
            agreement.fiscal_year = self.fiscal_year
        for code, event in events:
            event.agreement = by_code[code]
        AgreementEvent.objects.bulk_create([e for _c, e in events], batch_size=BATCH)
        self.report.agreements += len(agreements)

        items = {
            spec.code: self.indicators.make(by_code[spec.code], rngs[spec.code]) for spec in specs
        }
        self.indicators.store(specs, items)
        for offset, spec in enumerate(specs):
            self.results.make(
                spec, by_code[spec.code], items[spec.code], rngs[spec.code], index + offset
            )
        self.results.store()

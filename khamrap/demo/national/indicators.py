"""The 25 indicators of a generated agreement (three of them composites with parts), built in memory
and stored in bulk with their milestone steps, their people and their reform issues."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from khamrap.agreements.choices import Direction, ScoringKind
from khamrap.agreements.models import Agreement, Indicator, IndicatorStep, ReformIssue

from .bulk import insert
from .data import (
    BATCH,
    COMPOSITE_PARTS,
    LAYOUT,
    MILESTONE_STEPS,
    MX,
    NAMES,
    NL,
    PLACES,
    TOPICS,
    WEIGHT,
    C,
    M,
    N,
    quantized,
)
from .organizations import OrgSpec
from .report import NationalReport


@dataclass
class Item:
    """An indicator being built with its results by round (indicator id → Result per round)."""

    indicator: Indicator
    steps: list[IndicatorStep] = field(default_factory=list)
    parts: list[Item] = field(default_factory=list)
    shape: str = ""


class IndicatorMaker:
    """Builds each agreement's indicators from its random generator and stores a chunk's at once."""

    def __init__(self, fiscal_year, groups, organizations, users, report: NationalReport, now):
        self.fiscal_year = fiscal_year
        self.groups = groups
        self.organizations = organizations
        self.users = users
        self.report = report
        self.now = now
        issues = list(ReformIssue.objects.order_by("-mandatory", "number"))
        self.mandatory = [i for i in issues if i.mandatory]
        self.optional = [i for i in issues if not i.mandatory]

    def _indicator(self, agreement, group, number, order, shape, rng, topic, parent=None) -> Item:
        kind = {NL: ScoringKind.NUMERIC}.get(shape, shape)
        name, unit = NAMES[shape]
        indicator = Indicator(
            agreement=agreement,
            group=group,
            number=number,
            order=order,
            name=name.format(topic=topic),
            weight=WEIGHT,
            kind=kind,
            direction=Direction.LOWER if shape == NL else Direction.HIGHER,
            unit=unit,
            description=f"วัดผลการดำเนินงานด้าน{topic}ของส่วนราชการในปีงบประมาณ",
            criteria_text="",
            data_source="รายงานผลการดำเนินงานของส่วนราชการ",
        )
        indicator._parent_item = parent
        targets: list[Decimal | None] = [None] * 5
        if shape in (N, MX):
            base, step = rng.choice([60, 70, 75, 80, 85]), rng.choice([2, 2.5, 5])
            targets = [quantized(base + (k - 2) * step) for k in range(5)]
            indicator.baseline = {
                str(self.fiscal_year.year - k): str(quantized(base - k * step)) for k in (3, 2, 1)
            }
        elif shape == NL:
            base, step = rng.choice([15, 20, 30]), rng.choice([1, 2])
            targets = [quantized(base - (k - 2) * step) for k in range(5)]
        item = Item(indicator, shape=shape)
        if shape == MX:
            m = rng.choice([2, 3])
            indicator.mixed_steps = m
            targets[:m] = [None] * m
            item.steps = self._steps(m)
        elif shape == M:
            item.steps = self._steps(5)
        (
            indicator.target_1,
            indicator.target_2,
            indicator.target_3,
            indicator.target_4,
            indicator.target_5,
        ) = targets
        return item

    def _steps(self, count: int) -> list[IndicatorStep]:
        return [
            IndicatorStep(number=n, description=text, evidence=evidence)
            for n, (text, evidence) in enumerate(MILESTONE_STEPS[:count], start=1)
        ]

    def make(self, agreement: Agreement, rng: random.Random) -> list[Item]:
        """The agreement's indicators in LAYOUT's order, each composite followed by its parts."""
        items = []
        topics = rng.sample(TOPICS, len(TOPICS))
        order = 0
        for n, (key, shape) in enumerate(LAYOUT, start=1):
            order += 1
            topic = topics[(n - 1) % len(topics)]
            group = self.groups[key]
            item = self._indicator(agreement, group, str(n), order, shape, rng, topic)
            if shape == C:
                for p, (part_shape, part_weight) in enumerate(rng.choice(COMPOSITE_PARTS), start=1):
                    order += 1
                    part = self._indicator(
                        agreement, group, f"{n}.{p}", order, part_shape, rng, topic, parent=item
                    )
                    part.indicator.weight = part_weight.quantize(PLACES)
                    item.parts.append(part)
            items.append(item)
        return items

    def store(self, specs: list[OrgSpec], items: dict[str, list[Item]]) -> None:
        """The indicators of a chunk's agreements, then their steps, people and reform issues."""
        tops = [item for code in items for item in items[code]]
        parts = [part for item in tops for part in item.parts]
        Indicator.objects.bulk_create([i.indicator for i in tops], batch_size=BATCH)
        for item in tops:
            for part in item.parts:
                part.indicator.parent = item.indicator
        Indicator.objects.bulk_create([p.indicator for p in parts], batch_size=BATCH)
        every = tops + parts
        missing = [i for i in every if i.indicator.pk is None]
        if missing:  # a backend that does not return ids from a bulk insert
            self._reload_ids(specs, every)
        step_rows = []
        for item in every:
            for step in item.steps:
                step.indicator = item.indicator
                step_rows.append(step)
            # What criteria_for reads, as indicators_of prefetches it.
            item.indicator._prefetched_objects_cache = {
                "steps": list(item.steps),
                "parts": [part.indicator for part in item.parts],
            }
        insert(IndicatorStep, step_rows, self.now)
        collectors, supervisors, issues = [], [], []
        for code in items:
            collector, supervisor = self.users[("collect", code)], self.users[("super", code)]
            group = self.organizations[code].department_group
            for n, item in enumerate(items[code]):
                pk = item.indicator.pk
                collectors.append(Indicator.collectors.through(indicator_id=pk, user=collector))
                supervisors.append(Indicator.supervisors.through(indicator_id=pk, user=supervisor))
                if n < len(self.mandatory):
                    issues.append(
                        Indicator.issues.through(indicator_id=pk, reformissue=self.mandatory[n])
                    )
                elif group == 2 and n < len(self.mandatory) + 2:
                    issue = self.optional[n - len(self.mandatory)]
                    issues.append(Indicator.issues.through(indicator_id=pk, reformissue=issue))
        insert(Indicator.collectors.through, collectors, self.now)
        insert(Indicator.supervisors.through, supervisors, self.now)
        insert(Indicator.issues.through, issues, self.now)
        self.report.indicators += len(every)
        self.report.steps += len(step_rows)

    def _reload_ids(self, specs, every: list[Item]) -> None:
        ids = {
            (agreement_id, number): pk
            for agreement_id, number, pk in Indicator.objects.filter(
                agreement__organization__code__in=[s.code for s in specs],
                agreement__fiscal_year=self.fiscal_year,
            ).values_list("agreement_id", "number", "pk")
        }
        for item in every:
            item.indicator.pk = ids[(item.indicator.agreement_id, item.indicator.number)]

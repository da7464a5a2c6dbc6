"""Opening a family's awards for a fiscal year: from the year before, or from seed 004's defaults.

The defaults (`defaults/seed-004.json`) hold every scheme, condition, question, criterion, maximum,
threshold and the timetable of seed 004, with the dates as (years from the fiscal year's last
calendar year, month, day), so that 2558's "ธ.ค.57–13 ก.พ.58" becomes December–13 February of any
year. An opened call is rows an administrator edits for that year only.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from khamrap.periods.models import FiscalYear
from khamrap.rules import awards as rules

from ..models import Call, CallDate, Condition, Criterion, Question, Scheme
from ..policy import may_open_calls

DEFAULTS = Path(__file__).resolve().parent.parent / "defaults" / "seed-004.json"


@cache
def shipped_defaults() -> dict[str, Any]:
    return json.loads(DEFAULTS.read_text(encoding="utf-8"))


def _default_call(family: str) -> dict[str, Any]:
    for call in shipped_defaults()["calls"]:
        if call["family"] == family:
            return call
    raise ValidationError(_("There are no default awards for this family."), code="family")


@transaction.atomic
def call_open(*, fiscal_year: FiscalYear, family: str, user) -> Call:
    """Open `family`'s awards for `fiscal_year`, copying the latest earlier year's call of the
    family when there is one (an administrator's edits carry over), else seed 004's defaults."""
    if not may_open_calls(user):
        raise PermissionDenied
    if Call.objects.filter(fiscal_year=fiscal_year, family=family).exists():
        raise ValidationError(
            _("This family's awards are already open for this year."), code="exists"
        )
    earlier = (
        Call.objects.filter(family=family, fiscal_year__year__lt=fiscal_year.year)
        .order_by("-fiscal_year__year")
        .first()
    )
    data = call_as_data(earlier) if earlier else _default_call(family)
    years_later = fiscal_year.year - earlier.fiscal_year.year if earlier else None
    try:
        with transaction.atomic():
            return _create(data, fiscal_year, years_later)
    except IntegrityError as error:  # a second request opening the same call at the same time
        raise ValidationError(
            _("This family's awards are already open for this year."), code="exists"
        ) from error


def _date(fiscal_year: FiscalYear, offset: list[int]) -> dt.date:
    years, month, day = offset
    return dt.date(fiscal_year.ends_on.year + years, month, day)


def _create(data: dict[str, Any], fiscal_year: FiscalYear, years_later: int | None) -> Call:
    thresholds = [[str(low), level] for low, level in data["thresholds"]]
    problems = rules.threshold_problems(
        [rules.Threshold(Decimal(low), level) for low, level in thresholds]
    )
    if thresholds and problems:
        raise ValidationError(_("The level thresholds are not valid."), code="thresholds")
    call = Call.objects.create(
        fiscal_year=fiscal_year,
        family=data["family"],
        name_th=data["name_th"],
        name_en=data.get("name_en", ""),
        thresholds=thresholds,
        summary_pages=data.get("summary_pages", 3),
        page_limit=data.get("page_limit"),
        words_per_page=data.get("words_per_page", 400),
        bonus_traits=list(data.get("bonus_traits", [])),
    )
    for row in data["timetable"]:
        if years_later is None:
            starts, ends = _date(fiscal_year, row["from"]), _date(fiscal_year, row["until"])
        else:
            starts = _shift(dt.date.fromisoformat(row["from"]), years_later)
            ends = _shift(dt.date.fromisoformat(row["until"]), years_later)
        CallDate.objects.create(call=call, stage=row["stage"], starts_on=starts, ends_on=ends)
    for scheme_data in data["schemes"]:
        scheme = Scheme.objects.create(
            call=call,
            number=scheme_data["number"],
            name_th=scheme_data["name_th"],
            name_en=scheme_data.get("name_en", ""),
            description_th=scheme_data.get("description_th", ""),
            eligibility_rule=scheme_data.get("eligibility_rule", ""),
            asks_participation=scheme_data.get("asks_participation", False),
            asks_pmqa_category=scheme_data.get("asks_pmqa_category", False),
            is_open=scheme_data.get("is_open", True),
        )
        Condition.objects.bulk_create(
            Condition(
                scheme=scheme,
                number=row["number"],
                text_th=row["text_th"],
                text_en=row.get("text_en", ""),
            )
            for row in scheme_data["conditions"]
        )
        Question.objects.bulk_create(
            Question(
                scheme=scheme,
                number=row["number"],
                order=order,
                title_th=row["title_th"],
                title_en=row.get("title_en", ""),
                guidance_th=row.get("guidance_th", ""),
                word_limit=row.get("word_limit"),
            )
            for order, row in enumerate(scheme_data["questions"])
        )
        Criterion.objects.bulk_create(
            Criterion(
                scheme=scheme,
                code=row["code"],
                order=order,
                group_th=row["group_th"],
                group_en=row.get("group_en", ""),
                title_th=row["title_th"],
                title_en=row.get("title_en", ""),
                maximum=Decimal(str(row["maximum"])),
                is_bonus=row.get("is_bonus", False),
            )
            for order, row in enumerate(scheme_data["criteria"])
        )
    return call


def _shift(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def call_as_data(call: Call) -> dict[str, Any]:
    """A call as the defaults file writes one (dates as ISO days): what a copy starts from."""
    return {
        "family": call.family,
        "name_th": call.name_th,
        "name_en": call.name_en,
        "thresholds": call.thresholds,
        "summary_pages": call.summary_pages,
        "page_limit": call.page_limit,
        "words_per_page": call.words_per_page,
        "bonus_traits": call.bonus_traits,
        "timetable": [
            {"stage": d.stage, "from": d.starts_on.isoformat(), "until": d.ends_on.isoformat()}
            for d in call.dates.all()
        ],
        "schemes": [
            {
                "number": s.number,
                "name_th": s.name_th,
                "name_en": s.name_en,
                "description_th": s.description_th,
                "eligibility_rule": s.eligibility_rule,
                "asks_participation": s.asks_participation,
                "asks_pmqa_category": s.asks_pmqa_category,
                "is_open": s.is_open,
                "conditions": [
                    {"number": c.number, "text_th": c.text_th, "text_en": c.text_en}
                    for c in s.conditions.all()
                ],
                "questions": [
                    {
                        "number": q.number,
                        "title_th": q.title_th,
                        "title_en": q.title_en,
                        "guidance_th": q.guidance_th,
                        "word_limit": q.word_limit,
                    }
                    for q in s.questions.all()
                ],
                "criteria": [
                    {
                        "code": c.code,
                        "group_th": c.group_th,
                        "group_en": c.group_en,
                        "title_th": c.title_th,
                        "title_en": c.title_en,
                        "maximum": str(c.maximum),
                        "is_bonus": c.is_bonus,
                    }
                    for c in s.criteria.all()
                ],
            }
            for s in call.schemes.all()
        ],
    }

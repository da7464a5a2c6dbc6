"""Builders of award applications at each point of their life, for the awards tests.

Every date is fixed inside the call's own timetable (`today` passed to the services), so the tests
do not depend on the day they run."""

import datetime as dt
from decimal import Decimal

from khamrap.awards import services
from khamrap.awards.choices import Move
from khamrap.awards.models import Scheme

# A day inside 2569's receiving window (1 December 2568 – 13 February 2569).
IN_WINDOW = dt.date(2026, 1, 15)


def scheme(calls, family: str, number: int) -> Scheme:
    return calls[family].schemes.get(number=number)


def applied(calls, world, family: str, number: int, title: str = "ผลงาน", *, at=IN_WINDOW):
    """A department's application for `family`'s type `number`: written in full and sent."""
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title=title,
        user=world.coordinator,
    )
    return sent(fill(application, world.coordinator), world.coordinator, today=at)


def fill(application, user, *, today=IN_WINDOW, words_per_answer=50):
    """Forms 1–3 completed so that the application can be sent."""
    application = services.applicant_save(
        application=application,
        user=user,
        version=application.version,
        values={
            "unit_name": "กองบริการประชาชน",
            "contact_name": "นางสาวพรทิพย์ ศรีสุข",
            "contact_position": "นักวิเคราะห์นโยบายและแผน",
            "contact_phone": "0-2579-0001",
            "started_on": dt.date(2024, 10, 1),
            **_scheme_values(application),
        },
    )
    conditions = {
        c.number: (True, "มีหลักฐานตามเอกสารแนบ") for c in application.scheme.conditions.all()
    }
    application = services.conditions_save(
        application=application, user=user, version=application.version, answers=conditions
    )
    answers = {
        q.number: " ".join(f"ประชาชนได้รับบริการเร็วขึ้น{n}" for n in range(words_per_answer // 2))
        for q in application.scheme.questions.all()
    }
    return services.report_save(
        application=application,
        user=user,
        version=application.version,
        summary="สรุปผลงานสำหรับผู้บริหาร ลดเวลาให้บริการลงร้อยละ 35",
        answers=answers,
    )


def _scheme_values(application):
    values = {}
    if application.scheme.asks_participation:
        values["participation_level"] = "collaborate"
    if application.scheme.asks_pmqa_category:
        values["pmqa_category"] = 1
    return values


def sent(application, user, today=IN_WINDOW):
    return services.application_move(
        application=application, move=Move.SUBMIT, user=user, today=today
    )


def moved(application, user, *moves):
    for move in moves:
        application = services.application_move(application=application, move=move, user=user)
    return application


def score_all(assignment, user, value=None, finish=True):
    """Every criterion at `value` points (its maximum when None)."""
    criteria = assignment.application.scheme.criteria.all()
    points = {
        c.code: (c.maximum if value is None else min(Decimal(value), c.maximum), "ดี")
        for c in criteria
    }
    return services.sheet_save(
        assignment=assignment,
        user=user,
        version=assignment.version,
        points=points,
        recommends=True,
        finish=finish,
    )

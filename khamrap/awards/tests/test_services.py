"""The award services from first draft to announced result, and their refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move, Stage
from khamrap.awards.models import Application, AwardRecord, Call

from .builders import applied, fill, moved, scheme, score_all, sent

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    """The codes of a refusal, whether it names fields or not."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def test_a_call_opens_with_seed_004s_types_points_and_timetable(calls, fiscal_year):
    public = calls[Family.PUBLIC_SERVICE]
    assert list(public.schemes.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    type_1 = public.schemes.get(number=1)
    parts = {}
    for criterion in type_1.criteria.all():
        key = "bonus" if criterion.is_bonus else criterion.code[0]
        parts[key] = parts.get(key, 0) + criterion.maximum
    assert parts == {"1": 600, "2": 400, "bonus": 50}
    assert type_1.questions.count() == 12  # ten questions, the sixth in three parts
    limits = dict(type_1.questions.values_list("number", "word_limit"))
    assert limits["3"] == limits["4"] == limits["8"] == 1400
    assert limits["1"] == limits["6.2"] == limits["10"] == 700
    received = public.dates.get(stage=Stage.RECEIVED)
    assert (received.starts_on, received.ends_on) == (dt.date(2025, 12, 1), dt.date(2026, 2, 13))
    assert public.thresholds == [["800", "distinguished"], ["750", "good"]]
    participatory = calls[Family.PARTICIPATORY]
    development = participatory.schemes.get(number=1)
    expansion = participatory.schemes.get(number=2)
    points = lambda s, codes: [s.criteria.get(code=c).maximum for c in codes]  # noqa: E731
    assert points(development, "1234") == [6, 4, 4, 6]
    assert points(development, "5678") == [5, 5, 55, 15]
    assert points(expansion, "1234") == [4, 3, 3, 5]
    assert points(expansion, ["5", "6", "7", "8", "9", "10"]) == [5, 5, 5, 50, 5, 15]


def test_the_next_year_copies_the_last_years_call_with_its_edits(calls, world, fiscal_year):
    from khamrap.periods.services import fiscal_year_create

    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    type_1.criteria.filter(code="1.1").update(maximum=Decimal("130"))
    next_year = fiscal_year_create(year=2570)
    call = services.call_open(
        fiscal_year=next_year, family=Family.PUBLIC_SERVICE, user=world.superuser
    )
    assert call.schemes.get(number=1).criteria.get(code="1.1").maximum == 130
    assert call.dates.get(stage=Stage.RECEIVED).ends_on == dt.date(2027, 2, 13)


def test_only_who_sets_up_years_opens_a_call_and_only_once(calls, world, fiscal_year):
    with pytest.raises(PermissionDenied):
        services.call_open(fiscal_year=fiscal_year, family=Family.PMQA, user=world.coordinator)
    with pytest.raises(ValidationError) as refused:
        services.call_open(fiscal_year=fiscal_year, family=Family.PMQA, user=world.superuser)
    assert codes(refused.value) == {"exists"}
    assert Call.objects.count() == 3


def test_public_service_from_first_draft_to_an_announced_distinguished_award(
    calls, world, office, pool
):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ศูนย์บริการร่วม",
        user=world.coordinator,
    )
    application = sent(fill(application, world.coordinator), world.coordinator)
    assert application.stage == Stage.RECEIVED
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    first = services.assessor_assign(application=application, assessor=pool[0], user=office)
    second = services.assessor_assign(application=application, assessor=pool[1], user=office)
    score_all(first, pool[0])  # 1,050: every maximum, the bonus included
    score_all(second, pool[1], value="110")  # 5 × 110 + 50 + 4 × 100 = 1,000
    application = moved(application, office, Move.VISIT, Move.COMMITTEE, Move.ANNOUNCE)
    assert application.stage == Stage.ANNOUNCED
    assert application.total == Decimal("1025.00")  # the mean of 1,050 and 1,000
    assert application.level == Level.DISTINGUISHED
    record = AwardRecord.objects.get(application=application)
    assert (record.year, record.family, record.number, record.level) == (
        2569,
        Family.PUBLIC_SERVICE,
        1,
        Level.DISTINGUISHED,
    )
    assert [e.move for e in application.events.all()] == [
        Move.SUBMIT,
        Move.CHECK,
        Move.SCREEN,
        Move.VISIT,
        Move.COMMITTEE,
        Move.ANNOUNCE,
    ]


def test_an_incomplete_application_is_refused_with_every_reason_and_stays_a_draft(calls, world):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 2),
        title="บูรณาการบริการ",
        user=world.coordinator,
    )
    with pytest.raises(ValidationError) as refused:
        sent(application, world.coordinator)
    assert codes(refused.value) == {"incomplete"}
    assert len(refused.value.messages) > 10
    application.refresh_from_db()
    assert application.stage == Stage.DRAFT
    assert not application.events.exists()


def test_after_the_closing_day_nothing_is_received(calls, world):
    application = fill(
        services.application_create(
            organization=world.dept,
            scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
            title="ศูนย์บริการร่วม",
            user=world.coordinator,
        ),
        world.coordinator,
    )
    with pytest.raises(ValidationError):
        sent(application, world.coordinator, today=dt.date(2026, 2, 14))
    assert sent(application, world.coordinator, today=dt.date(2026, 2, 13)).stage == Stage.RECEIVED


def test_an_answer_over_its_word_limit_is_kept_but_stops_sending(calls, world):
    application = fill(
        services.application_create(
            organization=world.dept,
            scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
            title="ศูนย์บริการร่วม",
            user=world.coordinator,
        ),
        world.coordinator,
    )
    long = " ".join(["ประชาชน"] * 701)
    application = services.report_save(
        application=application,
        user=world.coordinator,
        version=application.version,
        summary=application.summary,
        answers={"1": long},
    )
    assert application.answers.get(question__number="1").words == 701
    with pytest.raises(ValidationError) as refused:
        sent(application, world.coordinator)
    assert any("1" in message for message in refused.value.messages)


def test_a_save_from_an_old_page_is_refused_as_stale(calls, world):
    application = services.application_create(
        organization=world.dept,
        scheme=scheme(calls, Family.PUBLIC_SERVICE, 1),
        title="ศูนย์บริการร่วม",
        user=world.coordinator,
    )
    services.applicant_save(
        application=application, user=world.coordinator, version=1, values={"unit_name": "ก"}
    )
    with pytest.raises(ValidationError) as refused:
        services.applicant_save(
            application=application, user=world.coordinator, version=1, values={"unit_name": "ข"}
        )
    assert codes(refused.value) == {"stale"}
    assert Application.objects.get().unit_name == "ก"


def test_other_organizations_and_other_roles_are_refused(calls, world, office):
    type_1 = scheme(calls, Family.PUBLIC_SERVICE, 1)
    for person in (world.outsider, world.collector, world.executive, world.nobody, office):
        with pytest.raises(PermissionDenied):
            services.application_create(
                organization=world.dept, scheme=type_1, title="x", user=person
            )
    application = services.application_create(
        organization=world.dept, scheme=type_1, title="x", user=world.coordinator
    )
    for person in (world.outsider, world.collector, office):
        with pytest.raises(PermissionDenied):
            services.applicant_save(
                application=application, user=person, version=1, values={"title": "y"}
            )
    application = sent(fill(application, world.coordinator), world.coordinator)
    for person in (world.coordinator, world.outsider, world.executive):
        with pytest.raises(PermissionDenied):
            services.application_move(application=application, move=Move.CHECK, user=person)
    assert Application.objects.get().stage == Stage.RECEIVED


def test_an_assessor_from_the_applicants_own_organization_or_outside_the_pool_is_refused(
    calls, world, office, pool
):
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม")
    insider = pool[3]
    with pytest.raises(ValidationError) as refused:
        services.assessor_assign(application=application, assessor=insider, user=office)
    assert codes(refused.value) == {"conflict"}
    with pytest.raises(ValidationError) as refused:
        services.assessor_assign(application=application, assessor=world.nobody, user=office)
    assert codes(refused.value) == {"pool"}
    assert list(services.assessors_for(application)) == pool[:3]


def test_points_above_a_criterions_maximum_are_refused_and_nothing_is_kept(
    calls, world, office, pool
):
    application = moved(
        applied(calls, world, Family.PARTICIPATORY, 1, "เครือข่ายเกษตรกร"),
        office,
        Move.CHECK,
        Move.SCREEN,
    )
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    for points, code in (("6.01", "over"), ("-1", "negative"), ("5.555", "precision")):
        with pytest.raises(ValidationError) as refused:
            services.sheet_save(
                assignment=sheet, user=pool[0], version=1, points={"1": (points, "")}
            )
        assert codes(refused.value) == {code}
    assert not sheet.scores.exists()
    with pytest.raises(PermissionDenied):  # another assessor's sheet
        services.sheet_save(assignment=sheet, user=pool[1], version=1, points={"1": ("6", "")})
    with pytest.raises(ValidationError) as refused:  # finishing with criteria unscored
        services.sheet_save(
            assignment=sheet, user=pool[0], version=1, points={"1": ("6", "")}, finish=True
        )
    assert codes(refused.value) == {"missing"}


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("69.99", Level.NOT_PASSED),
        ("70", Level.HONOURABLE),
        ("79.99", Level.HONOURABLE),
        ("80", Level.GOOD),
        ("89.99", Level.GOOD),
        ("90", Level.EXCELLENT),
    ],
)
def test_a_participatory_total_at_each_edge_gets_its_level(
    calls, world, office, pool, points, level
):
    application = moved(
        applied(calls, world, Family.PARTICIPATORY, 1, "เครือข่ายเกษตรกร"),
        office,
        Move.CHECK,
        Move.SCREEN,
    )
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    # indicator 7 (55 points) takes what the total misses of the other maxima (45)
    values = {c.code: (c.maximum, "") for c in application.scheme.criteria.all()}
    values["7"] = (Decimal(points) - 45, "")
    services.sheet_save(assignment=sheet, user=pool[0], version=1, points=values, finish=True)
    application = moved(application, office, Move.COMMITTEE, Move.ANNOUNCE)
    assert application.total == Decimal(points)
    assert application.level == level
    assert AwardRecord.objects.filter(application=application).exists() == (
        level != Level.NOT_PASSED
    )


def test_an_incomplete_application_is_not_considered_with_a_reason(calls, world, office):
    application = moved(
        applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม"),
        office,
        Move.CHECK,
    )
    with pytest.raises(ValidationError) as refused:
        services.application_move(application=application, move=Move.REJECT, user=office)
    assert codes(refused.value) == {"comment"}
    application = services.application_move(
        application=application, move=Move.REJECT, user=office, comment="ไม่มีบันทึกข้อตกลง"
    )
    assert application.stage == Stage.NOT_CONSIDERED
    with pytest.raises(ValidationError):
        services.application_move(application=application, move=Move.SCREEN, user=office)


def test_a_type_without_points_is_decided_by_the_committee(calls, world, office, pool):
    application = moved(
        applied(calls, world, Family.PMQA, 1, "การพัฒนาองค์การตามเกณฑ์ระดับพื้นฐาน"),
        office,
        Move.CHECK,
        Move.SCREEN,
    )
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    services.sheet_save(
        assignment=sheet, user=pool[0], version=1, recommends=True, note="ผ่าน", finish=True
    )
    application = moved(application, office, Move.COMMITTEE)
    with pytest.raises(ValidationError) as refused:
        services.application_move(application=application, move=Move.ANNOUNCE, user=office)
    assert codes(refused.value) == {"decision"}
    application = services.application_move(
        application=application,
        move=Move.ANNOUNCE,
        user=office,
        decision=services.Decision(Level.AWARDED, "ผ่านการรับรอง"),
    )
    assert application.level == Level.AWARDED
    assert AwardRecord.objects.get().held().number == 1


def _points_totalling(criteria, total: Decimal) -> dict:
    """Points for each criterion, in order, up to its maximum, until they make `total`."""
    points, left = {}, total
    for criterion in criteria:
        given = min(criterion.maximum, left)
        points[criterion.code] = (given, "")
        left -= given
    assert left == 0
    return points


@pytest.mark.parametrize(
    ("total", "level"),
    [
        ("749.99", Level.NOT_PASSED),
        ("750", Level.GOOD),
        ("799.99", Level.GOOD),
        ("800", Level.DISTINGUISHED),
        ("1050", Level.DISTINGUISHED),  # every maximum, the 50 bonus points included
    ],
)
def test_a_public_service_total_at_each_edge_gets_its_level(
    calls, world, office, pool, total, level
):
    application = moved(
        applied(calls, world, Family.PUBLIC_SERVICE, 3, "นวัตกรรมบริการ"),
        office,
        Move.CHECK,
        Move.SCREEN,
    )
    sheet = services.assessor_assign(application=application, assessor=pool[0], user=office)
    points = _points_totalling(application.scheme.criteria.all(), Decimal(total))
    services.sheet_save(assignment=sheet, user=pool[0], version=1, points=points, finish=True)
    application = moved(application, office, Move.COMMITTEE, Move.ANNOUNCE)
    assert (application.total, application.level) == (Decimal(total), level)

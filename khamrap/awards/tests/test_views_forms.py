"""The applicant's forms 1-3 and the live Thai word count: who may write them, the fields each type
asks, bad input kept with its refusal and nothing changed, and stale saves."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move
from khamrap.awards.models import Answer, Application, ConditionAnswer
from khamrap.lib.forms import ThaiDateField
from khamrap.rules import writing

from .builders import IN_WINDOW, fill, moved, scheme, sent

pytestmark = pytest.mark.django_db

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.fixture(autouse=True)
def _in_the_receiving_window(time_machine):
    time_machine.move_to(dt.datetime.combine(IN_WINDOW, dt.time(10), tzinfo=BANGKOK), tick=False)


def start(calls, world, family=Family.PUBLIC_SERVICE, number=1):
    return services.application_create(
        organization=world.dept,
        scheme=scheme(calls, family, number),
        title="ศูนย์บริการร่วม",
        user=world.coordinator,
    )


def form_url(application, number):
    return reverse(f"awards:form_{number}", args=[application.pk])


def row(application):
    """What a refused save must leave as it was."""
    a = Application.objects.get(pk=application.pk)
    return (
        a.version,
        a.title,
        a.unit_name,
        a.contact_name,
        a.started_on,
        a.summary,
        sorted(ConditionAnswer.objects.filter(application=a).values_list("met", "explanation")),
        sorted(Answer.objects.filter(application=a).values_list("text", "words")),
    )


FORM_1 = {
    "version": "1",
    "title": "ศูนย์บริการร่วม ณ จุดเดียว",
    "unit_name": "กองบริการประชาชน",
    "contact_name": "นางสาวพรทิพย์ ศรีสุข",
    "contact_position": "นักวิเคราะห์นโยบายและแผน",
    "contact_phone": "0-2579-0001",
    "contact_email": "porntip@example.org",
    "started_on": "1/10/2567",
}


# --- who may write the forms ---------------------------------------------------------------------


def test_the_forms_render_for_the_coordinator_and_refuse_everyone_else(
    client, world, calls, office, pool
):
    application = start(calls, world)
    client.force_login(world.coordinator)
    for number in (1, 2, 3):
        response = client.get(form_url(application, number))
        assert response.status_code == 200, number
        assert 'name="version" value="1"' in response.content.decode()
    for person in (world.collector, world.executive, office):  # they see it, may not write it
        client.force_login(person)
        for number in (1, 2, 3):
            assert client.get(form_url(application, number)).status_code == 403
            assert client.post(form_url(application, number), FORM_1).status_code == 403
    for person in (world.outsider, world.nobody, pool[0]):  # they do not see it
        client.force_login(person)
        for number in (1, 2, 3):
            assert client.get(form_url(application, number)).status_code == 404
    assert row(application)[0] == 1
    client.logout()
    response = client.get(form_url(application, 1))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_the_forms_close_once_the_application_is_sent(client, world, calls, office, pool):
    application = sent(fill(start(calls, world), world.coordinator), world.coordinator)
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    services.assessor_assign(application=application, assessor=pool[0], user=office)
    for person in (world.coordinator, pool[0]):
        client.force_login(person)
        for number in (1, 2, 3):
            assert client.get(form_url(application, number)).status_code == 403


# --- form 1 --------------------------------------------------------------------------------------


def test_form_1_saves_the_applicant_with_a_thai_date(client, world, calls):
    application = start(calls, world)
    client.force_login(world.coordinator)
    response = client.post(form_url(application, 1), FORM_1)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.started_on == dt.date(2024, 10, 1)
    assert application.contact_email == "porntip@example.org"
    assert application.version == 2
    response = client.get(form_url(application, 1))
    assert 'value="01/10/2567"' in response.content.decode()  # shown back as typed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("started_on", "31/02/2569", ThaiDateField.default_error_messages["invalid"]),
        ("started_on", "พรุ่งนี้", ThaiDateField.default_error_messages["format"]),
        ("title", "", "Please fill in this field."),
        ("contact_email", "not an address", "Enter a valid email address."),
        ("version", "abc", None),
    ],
)
def test_form_1_refuses_bad_input_beside_the_field_and_changes_nothing(
    client, world, calls, field, value, message
):
    application = start(calls, world)
    before = row(application)
    client.force_login(world.coordinator)
    response = client.post(form_url(application, 1), {**FORM_1, field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    text = response.content.decode()
    if message is not None:
        assert str(gettext(message)) in text
    else:
        assert form.errors["version"][0] in text
    assert "ศูนย์บริการร่วม ณ จุดเดียว" in text or field == "title"  # the input is kept
    assert row(application) == before


def test_form_1_from_an_old_page_is_refused_as_stale_with_the_input_kept(client, world, calls):
    application = start(calls, world)
    services.applicant_save(
        application=application, user=world.coordinator, version=1, values={"unit_name": "ก"}
    )
    before = row(application)
    client.force_login(world.coordinator)
    response = client.post(form_url(application, 1), FORM_1)  # opened at version 1
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "นางสาวพรทิพย์ ศรีสุข" in response.content.decode()
    assert row(application) == before


def test_a_start_day_still_to_come_is_refused_at_its_field(client, world, calls):
    application = start(calls, world)
    before = row(application)
    client.force_login(world.coordinator)
    response = client.post(form_url(application, 1), {**FORM_1, "started_on": "1/3/2569"})
    assert [e.code for e in response.context["form"].errors.as_data()["started_on"]] == ["future"]
    assert row(application) == before


@pytest.mark.parametrize(
    ("family", "number", "fields"),
    [
        (Family.PUBLIC_SERVICE, 1, set()),
        (Family.PARTICIPATORY, 1, {"participation_level"}),
        (Family.PARTICIPATORY, 2, {"participation_level", "earlier_award", "added_areas"}),
        (Family.PARTICIPATORY, 3, {"participation_level", "new_projects"}),
        (Family.PMQA, 2, {"pmqa_category"}),
    ],
)
def test_form_1_asks_only_what_the_type_asks(client, world, calls, family, number, fields):
    application = start(calls, world, family, number)
    client.force_login(world.coordinator)
    form = client.get(form_url(application, 1)).context["form"]
    asked = {"participation_level", "pmqa_category", "earlier_award", "added_areas", "new_projects"}
    assert set(form.fields) & asked == fields


def test_the_expansion_type_chooses_among_the_organizations_participatory_awards(
    client, world, calls, office
):
    def award(organization, family, work):
        return services.record_add(
            organization=organization,
            user=world.superuser,
            year=2567,
            family=family,
            number=1,
            scheme_name="รางวัล",
            level=Level.GOOD,
            work=work,
        )

    own = award(world.dept, Family.PARTICIPATORY, "เครือข่ายเกษตรกร")
    award(world.dept, Family.PUBLIC_SERVICE, "ศูนย์บริการ")
    other = award(world.other_dept, Family.PARTICIPATORY, "โครงการอื่น")
    application = start(calls, world, Family.PARTICIPATORY, 2)
    client.force_login(world.coordinator)
    form = client.get(form_url(application, 1)).context["form"]
    assert list(form.fields["earlier_award"].queryset) == [own]
    data = {**FORM_1, "participation_level": "collaborate", "added_areas": "3"}
    response = client.post(form_url(application, 1), {**data, "earlier_award": other.pk})
    assert "earlier_award" in response.context["form"].errors
    response = client.post(form_url(application, 1), {**data, "added_areas": "สาม"})
    assert "added_areas" in response.context["form"].errors
    assert Application.objects.get().earlier_award is None
    response = client.post(form_url(application, 1), {**data, "earlier_award": own.pk})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.earlier_award, application.added_areas) == (own, 3)
    assert application.participation_level == "collaborate"


# --- form 2 --------------------------------------------------------------------------------------


def test_form_2_saves_each_condition_met_or_not_and_how(client, world, calls):
    application = start(calls, world, Family.PUBLIC_SERVICE, 2)  # five conditions
    client.force_login(world.coordinator)
    response = client.get(form_url(application, 2))
    assert len(response.context["form"].rows) == 5
    data = {"version": "1", "met_1": "yes", "how_1": "มีบันทึกข้อตกลง", "met_2": "no"}
    response = client.post(form_url(application, 2), data)
    assert response.status_code == 302
    answers = dict(
        ConditionAnswer.objects.filter(application=application).values_list(
            "condition__number", "met"
        )
    )
    assert answers == {1: True, 2: False, 3: None, 4: None, 5: None}
    assert ConditionAnswer.objects.get(condition__number=1).explanation == "มีบันทึกข้อตกลง"


def test_form_2_refuses_a_junk_answer_and_a_stale_page(client, world, calls):
    application = start(calls, world, Family.PUBLIC_SERVICE, 2)
    before = row(application)
    client.force_login(world.coordinator)
    response = client.post(form_url(application, 2), {"version": "1", "met_1": "maybe"})
    assert "met_1" in response.context["form"].errors
    assert gettext("Please choose one of the options offered.") in response.content.decode()
    response = client.post(form_url(application, 2), {"version": "7", "how_1": "ตามที่แนบ"})
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "ตามที่แนบ" in response.content.decode()
    assert row(application) == before


# --- form 3 --------------------------------------------------------------------------------------


def test_form_3_shows_each_question_with_its_guidance_limit_and_saved_words(client, world, calls):
    application = start(calls, world)
    services.report_save(
        application=application,
        user=world.coordinator,
        version=1,
        summary="สรุป",
        answers={"1": "one two three"},
    )
    client.force_login(world.coordinator)
    response = client.get(form_url(application, 3))
    text = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == 12
    question, field, count = rows[0]
    assert (question.number, count["words"], count["limit"]) == ("1", 3, 700)
    assert question.guidance_th[:20] in text
    # Each box posts its own text to the word count as it is typed.
    assert f'hx-post="{reverse("awards:words")}"' in text
    assert 'hx-trigger="input changed delay:400ms"' in text
    assert f'hx-params="{field.html_name},field,limit"' in text
    assert f'hx-target="#id_{field.html_name}_words"' in text


def test_form_3_saves_the_answers_with_their_thai_word_counts(client, world, calls):
    application = start(calls, world)
    client.force_login(world.coordinator)
    form = client.get(form_url(application, 3)).context["form"]
    first, second = (form.name(a.question) for a in form.answers_stored[:2])
    answer = "ประชาชนได้รับบริการ เร็วขึ้น ร้อยละ 35"
    data = {"version": "1", "summary": "สรุปผลงาน", first: answer, second: "one two"}
    assert client.post(form_url(application, 3), data).status_code == 302
    saved = dict(Answer.objects.values_list("question__number", "words"))
    assert saved["1"] == writing.word_count(answer)
    assert saved["2"] == 2
    assert Application.objects.get().summary == "สรุปผลงาน"


def test_form_3_keeps_an_answer_over_its_limit_and_marks_it(client, world, calls):
    application = start(calls, world)
    client.force_login(world.coordinator)
    form = client.get(form_url(application, 3)).context["form"]
    first = form.name(form.answers_stored[0].question)
    long = " ".join(["ประชาชน"] * 701)
    assert client.post(form_url(application, 3), {"version": "1", first: long}).status_code == 302
    response = client.get(form_url(application, 3))
    count = response.context["rows"][0][2]
    assert (count["words"], count["over"]) == (701, True)
    assert "data-over" in response.content.decode()


def test_form_3_from_an_old_page_keeps_what_was_typed_and_its_count(client, world, calls):
    application = start(calls, world)
    services.report_save(
        application=application, user=world.coordinator, version=1, summary="ก", answers={}
    )
    before = row(application)
    client.force_login(world.coordinator)
    form = client.get(form_url(application, 3)).context["form"]
    first = form.name(form.answers_stored[0].question)
    response = client.post(form_url(application, 3), {"version": "1", first: "one two three four"})
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]
    assert "one two three four" in response.content.decode()
    assert response.context["rows"][0][2]["words"] == 4
    assert row(application) == before


# --- the live word count -------------------------------------------------------------------------


def test_the_word_count_counts_what_is_typed_against_the_limit(client, world):
    client.force_login(world.coordinator)
    url = reverse("awards:words")
    response = client.post(url, {"text": "one two three", "limit": "5"})
    assert response.status_code == 200
    assert response.context["count"] == {"words": 3, "limit": 5, "over": False, "too_long": False}
    assert 'data-words="3"' in response.content.decode()
    response = client.post(url, {"text": "one two three", "limit": "2"})
    assert response.context["count"]["over"] is True
    assert "data-over" in response.content.decode()
    # Thai has no spaces: ประชาชน | ได้รับ | บริการ, and the figure 35 is one word.
    response = client.post(url, {"field": "q7", "q7": "ประชาชนได้รับบริการ 35", "limit": "700"})
    assert response.context["count"]["words"] == 4
    # A limit that is no number is left out, never an error.
    for junk in ("abc", "-1", "²", "9" * 30):
        response = client.post(url, {"text": "one", "limit": junk})
        assert response.status_code == 200
        assert response.context["count"]["limit"] is None


def test_a_text_too_long_to_count_live_is_said_so(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("awards:words"), {"text": "ก" * 60_001, "limit": "700"})
    assert response.status_code == 200
    assert response.context["count"]["too_long"] is True
    assert 'data-words=""' in response.content.decode()


def test_the_word_count_takes_only_posts_from_people_signed_in(client, world):
    url = reverse("awards:words")
    response = client.post(url, {"text": "one"})
    assert response.status_code == 302
    client.force_login(world.nobody)
    assert client.get(url, {"text": "one"}).status_code == 405
    assert client.post(url, {"text": "one"}).status_code == 200

"""The agreement's own forms (issue 10): the indicator form by scoring kind, signed indicators
refused before the form, the signing form prefilled and keeping what was typed, and the question
asked before each hard-to-undo step."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html

from khamrap.agreements import services
from khamrap.agreements.choices import AgreementStatus, Transition
from khamrap.agreements.models import Agreement

from .builders import group, move


def page(response):
    return html.fromstring(response.content.decode())


def create_url(agreement):
    return reverse("agreements:indicator_create", args=[agreement.pk])


def edit_url(agreement, indicator):
    return reverse("agreements:indicator_edit", args=[agreement.pk, indicator.pk])


def indicator_data(**overrides):
    data = {
        "group": group("3").pk,
        "number": "7",
        "name": "ร้อยละของผู้รับบริการที่พึงพอใจ",
        "weight": "5",
        "direction": "higher",
        "steps-TOTAL_FORMS": "5",
        "steps-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_steps(data, count, prefix="ขั้นตอน"):
    for n in range(count):
        data[f"steps-{n}-description"] = f"{prefix} {n + 1}"
    return data


# --- 1. The indicator form shows the fields of the chosen kind ------------------------------------


def test_it_marks_the_parts_of_each_scoring_kind_in_fieldsets_with_thai_legends(
    client, world, agreement
):
    client.force_login(world.coordinator)
    doc = page(client.get(create_url(agreement)))
    assert doc.xpath('//select[@name="kind"]/@data-kind-select') == [""]
    parts = {
        fieldset.findtext("legend"): fieldset.get("data-kinds")
        for fieldset in doc.xpath('//form[contains(@class, "indicator-form")]/fieldset')
    }
    assert parts == {
        "ตัวชี้วัด": None,
        "วิธีให้คะแนน": None,
        "ค่าเป้าหมายของคะแนน 1 ถึง 5": "mixed numeric",
        "ขั้นตอนการดำเนินงาน": "milestone mixed",
        "ตัวชี้วัดย่อย": "composite",
        "คำอธิบายและการวัดผล": None,
        "ผู้รับผิดชอบและประเด็น": None,
        "หมายเหตุและเหตุผล": None,
    }
    # The step count of a mixed indicator shows for mixed only; each target and step knows its level.
    assert doc.xpath('//fieldset[.//input[@name="mixed_steps"]]/@data-kinds')[-1] == "mixed"
    assert doc.xpath("//@data-target-level") == ["1", "2", "3", "4", "5"]
    assert doc.xpath("//@data-step-level") == ["1", "2", "3", "4", "5"]
    # Without JavaScript every part is there: nothing starts hidden.
    assert doc.xpath("//form//*[@hidden]") == []


def test_the_targets_typed_for_a_milestone_indicator_are_ignored_not_refused(
    client, world, agreement
):
    client.force_login(world.coordinator)
    data = with_steps(
        indicator_data(kind="milestone", direction="lower", target_1="abc", target_5="90"), 5
    )
    response = client.post(create_url(agreement), data)
    assert response.status_code == 302
    indicator = agreement.indicators.get(number="7")
    assert indicator.targets == [None] * 5
    assert indicator.direction == "higher"
    assert indicator.steps.count() == 5


def test_the_steps_typed_for_a_numeric_indicator_are_ignored_not_checked(client, world, agreement):
    client.force_login(world.coordinator)
    data = indicator_data(
        kind="numeric", mixed_steps="9", target_1="60", target_2="70", target_3="80"
    )
    data.update(target_4="90", target_5="100")
    with_steps(data, 3, prefix="ข" * 5000)  # over the steps' 4,000-character limit
    response = client.post(create_url(agreement), data)
    assert response.status_code == 302
    indicator = agreement.indicators.get(number="7")
    assert indicator.targets == [Decimal(60), Decimal(70), Decimal(80), Decimal(90), Decimal(100)]
    assert indicator.mixed_steps is None
    assert indicator.steps.count() == 0


def test_a_mixed_indicator_keeps_only_its_targets_after_the_step_levels(client, world, agreement):
    client.force_login(world.coordinator)
    data = indicator_data(kind="mixed", mixed_steps="2", target_1="5", target_2="1")
    data.update(target_3="70", target_4="80", target_5="90")
    response = client.post(create_url(agreement), with_steps(data, 2))
    assert response.status_code == 302
    indicator = agreement.indicators.get(number="7")
    assert indicator.targets == [None, None, Decimal(70), Decimal(80), Decimal(90)]
    assert [s.number for s in indicator.steps.all()] == [1, 2]


def test_a_mixed_indicator_with_more_steps_than_step_levels_is_refused_in_thai(
    client, world, agreement
):
    client.force_login(world.coordinator)
    data = indicator_data(kind="mixed", mixed_steps="2", target_3="70", target_4="80")
    data.update(target_5="90")
    response = client.post(create_url(agreement), with_steps(data, 3))
    assert response.status_code == 200
    text = response.content.decode()
    assert "ตัวชี้วัดแบบผสมต้องมีจำนวนขั้นตอนเท่ากับจำนวนระดับที่เป็นขั้นตอน" in text
    assert "ขั้นตอน 3" in text  # what was typed stays
    assert not agreement.indicators.filter(number="7").exists()


def test_changing_a_numeric_indicator_to_pass_fail_drops_its_targets(client, world, agreement):
    indicator = agreement.indicators.get(number="1")
    client.force_login(world.coordinator)
    data = indicator_data(
        group=indicator.group_id, number="1", name=indicator.name, weight="50", kind="pass_fail"
    )
    data.update(target_1="80", target_2="85", target_3="90", target_4="95", target_5="100")
    assert client.post(edit_url(agreement, indicator), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.kind, indicator.targets) == ("pass_fail", [None] * 5)
    assert indicator.changes.filter(field="target_5", old="100.0000", new="").exists()


# --- 2. A signed indicator is refused before the form ----------------------------------------------


def test_editing_a_signed_indicator_explains_why_and_offers_an_amendment_instead_of_a_form(
    client, world, signed
):
    indicator = signed.indicators.get(number="1")
    client.force_login(world.coordinator)
    response = client.get(edit_url(signed, indicator))
    assert response.status_code == 409
    doc = page(response)
    text = doc.text_content()
    assert "คำรับรองนี้อยู่ในสถานะ “ลงนามแล้ว”" in text
    assert "ตัวชี้วัดและค่าเป้าหมายจะเปลี่ยนได้เฉพาะผ่านการแก้ไขคำรับรอง" in text
    assert doc.xpath('//input[@name="target_5"] | //form[contains(@class, "indicator-form")]') == []
    link = reverse("agreements:amendment_open", args=[signed.pk]) + f"?then={indicator.pk}"
    assert doc.xpath(f'//a[@href="{link}"]/text()') == ["แก้ไขคำรับรอง"]


def test_adding_to_a_signed_agreement_is_refused_the_same_way(client, world, signed):
    client.force_login(world.coordinator)
    response = client.get(create_url(signed))
    assert response.status_code == 409
    link = reverse("agreements:amendment_open", args=[signed.pk]) + "?then=new"
    assert page(response).xpath(f'//a[@href="{link}"]')
    assert 'name="weight"' not in response.content.decode()


def test_a_post_to_a_signed_indicator_changes_nothing(client, world, signed):
    indicator = signed.indicators.get(number="1")
    client.force_login(world.coordinator)
    data = indicator_data(group=indicator.group_id, number="1", name="ชื่อใหม่", kind="pass_fail")
    assert client.post(edit_url(signed, indicator), data).status_code == 409
    indicator.refresh_from_db()
    assert (indicator.name, indicator.kind) == ("ร้อยละของเกษตรกรที่ได้รับการส่งเสริม", "numeric")


def test_a_signed_agreement_offers_no_edit_add_or_remove_until_an_amendment_is_open(
    client, world, signed
):
    indicator = signed.indicators.get(number="1")
    client.force_login(world.coordinator)
    detail = reverse("agreements:indicator_detail", args=[signed.pk, indicator.pk])
    agreement_page = reverse("agreements:agreement_detail", args=[signed.pk])
    delete = reverse("agreements:indicator_delete", args=[signed.pk, indicator.pk])

    def offered():
        sheet = client.get(detail).content.decode()
        listing = client.get(agreement_page).content.decode()
        return (
            edit_url(signed, indicator) in sheet,
            delete in sheet,
            create_url(signed) in listing,
        )

    assert offered() == (False, False, False)
    services.amendment_open(agreement=signed, user=world.coordinator, reason="ปรับค่าเป้าหมาย")
    assert offered() == (True, True, True)
    response = client.get(edit_url(signed, indicator))
    assert response.status_code == 200
    assert page(response).xpath('//input[@name="target_5"]/@value') == ["100.0000"]


def test_opening_the_amendment_from_the_refusal_leads_back_to_the_indicator_form(
    client, world, signed
):
    indicator = signed.indicators.get(number="1")
    client.force_login(world.coordinator)
    url = reverse("agreements:amendment_open", args=[signed.pk])
    form = page(client.get(url, {"then": indicator.pk}))
    assert form.xpath('//input[@name="then"]/@value') == [str(indicator.pk)]
    response = client.post(url, {"reason": "ปรับค่าเป้าหมาย", "then": str(indicator.pk)})
    assert response.status_code == 302
    assert response["Location"] == edit_url(signed, indicator)
    assert client.get(response["Location"]).status_code == 200


def test_an_indicator_of_another_agreement_is_not_a_place_to_go_after_opening(
    client, world, signed, fiscal_year
):
    other = services.agreement_create(
        organization=world.bureau, fiscal_year=fiscal_year, user=world.coordinator
    )
    foreign = services.indicator_save(
        agreement=other,
        user=world.coordinator,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "อื่น",
            "weight": 100,
            "kind": "pass_fail",
        },
    )
    client.force_login(world.coordinator)
    url = reverse("agreements:amendment_open", args=[signed.pk])
    response = client.post(url, {"reason": "ปรับ", "then": str(foreign.pk)})
    assert response["Location"] == reverse("agreements:agreement_detail", args=[signed.pk])


def test_the_refusal_is_still_a_404_for_another_organization(client, world, signed):
    indicator = signed.indicators.get(number="1")
    client.force_login(world.outsider)
    assert client.get(edit_url(signed, indicator)).status_code == 404
    assert client.get(create_url(signed)).status_code == 404


def test_an_indicator_removed_by_an_amendment_cannot_be_edited(client, world, signed):
    indicator = signed.indicators.get(number="3")
    services.amendment_open(agreement=signed, user=world.coordinator, reason="ยกเลิกตัวชี้วัด 3")
    services.indicator_delete(indicator=indicator, user=world.coordinator)
    client.force_login(world.coordinator)
    response = client.get(edit_url(signed, indicator))
    assert response.status_code == 409
    assert "ตัวชี้วัดนี้ถูกยกเลิกโดยการแก้ไขคำรับรองแล้ว" in response.content.decode()
    assert 'name="weight"' not in response.content.decode()


# --- 3. The signing form ---------------------------------------------------------------------------


def name(user, **fields):
    for field, value in fields.items():
        setattr(user, field, value)
    user.save()


@pytest.fixture
def negotiated(agreement, world, signer):
    """A negotiated agreement of the department, whose head (signer) and ministry's executive
    (world.executive) have names and positions."""
    name(world.executive, title="นาย", first_name="วิชัย", last_name="รุ่งเรือง")
    name(world.executive, position="ปลัดกระทรวงหนึ่ง")
    name(signer, title="นาย", first_name="ประเสริฐ", last_name="วงศ์ไทย", position="อธิบดีกรมหนึ่ง")
    move(agreement, Transition.APPROVE, world.coordinator)
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ตามที่เสนอ")
    return Agreement.objects.get(pk=agreement.pk)


def step_form(doc, transition="sign"):
    """The one form on the page that takes `transition`."""
    forms = [f for f in doc.xpath("//form") if f"/step/{transition}/" in (f.get("action") or "")]
    assert len(forms) == 1
    return forms[0]


def values(form):
    names = ("promisor_name", "promisor_position", "promisee_name", "promisee_position")
    found = {name: form.xpath(f'.//input[@name="{name}"]/@value') for name in names}
    found["signed_on"] = form.xpath('.//input[@name="signed_on"]/@value')
    return {name: value[0] if value else "" for name, value in found.items()}


def test_the_department_head_signing_finds_both_parties_filled_in(
    client, world, negotiated, signer
):
    client.force_login(signer)
    form = step_form(page(client.get(reverse("agreements:agreement_detail", args=[negotiated.pk]))))
    assert values(form) == {
        "promisor_name": "นายประเสริฐ วงศ์ไทย",
        "promisor_position": "อธิบดีกรมหนึ่ง",
        "promisee_name": "นายวิชัย รุ่งเรือง",
        "promisee_position": "ปลัดกระทรวงหนึ่ง",
        "signed_on": f"{timezone.localdate():%d/%m}/{timezone.localdate().year + 543}",
    }


def test_the_ministry_executive_signing_receives_the_promise_of_the_department_head(
    client, world, negotiated
):
    client.force_login(world.executive)
    form = step_form(page(client.get(reverse("agreements:agreement_detail", args=[negotiated.pk]))))
    found = values(form)
    assert (found["promisor_name"], found["promisee_name"]) == (
        "นายประเสริฐ วงศ์ไทย",
        "นายวิชัย รุ่งเรือง",
    )


def test_without_a_head_in_the_system_last_years_signatories_stand_in(
    client, world, negotiated, signer
):
    from khamrap.agreements.models import Framework
    from khamrap.organizations.models import Membership
    from khamrap.periods.services import fiscal_year_create

    Membership.objects.filter(user=signer).delete()
    last_year = services.agreement_create(
        organization=world.dept,
        fiscal_year=fiscal_year_create(year=2568),
        framework=Framework.objects.get(code="dimensions-4"),
        user=world.coordinator,
    )
    Agreement.objects.filter(pk=last_year.pk).update(
        promisor_name="นายสมศักดิ์ ใจดี",
        promisor_position="อธิบดีกรมหนึ่ง",
        promisee_name="ผู้อื่น",
        promisee_position="ปลัดกระทรวงหนึ่ง",
        signed_on=dt.date(2024, 10, 15),
        status=AgreementStatus.SIGNED,
    )
    client.force_login(world.executive)
    found = values(
        step_form(page(client.get(reverse("agreements:agreement_detail", args=[negotiated.pk]))))
    )
    assert (found["promisor_name"], found["promisor_position"]) == (
        "นายสมศักดิ์ ใจดี",
        "อธิบดีกรมหนึ่ง",
    )
    assert found["promisee_name"] == "นายวิชัย รุ่งเรือง"  # a person in the system comes first


def test_a_signing_form_with_mistakes_shows_them_at_their_fields_and_keeps_what_was_typed(
    client, world, negotiated, signer
):
    client.force_login(signer)
    url = reverse("agreements:agreement_transition", args=[negotiated.pk, "sign"])
    typed = {
        "promisor_name": "นายประเสริฐ วงศ์ไทย (พิมพ์เอง)",
        "promisor_position": "อธิบดีกรมหนึ่ง",
        "promisee_name": "",
        "promisee_position": "ปลัดกระทรวงหนึ่ง",
        "signed_on": "31/13/2568",
        "note": "ลงนามในพิธี",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    assert Agreement.objects.get(pk=negotiated.pk).status == AgreementStatus.NEGOTIATED
    doc = page(response)
    form = step_form(doc)
    assert form.getparent().get("open") is not None  # the step's box is open, not folded away
    assert values(form) == {name: value for name, value in typed.items() if name != "note"}
    assert form.xpath('string(.//textarea[@name="note"])').strip() == "ลงนามในพิธี"

    def errors_at(name):
        field = form.xpath(f'.//div[contains(@class, "has-error")][.//*[@name="{name}"]]')
        return [li.text_content() for f in field for li in f.xpath(".//ul[@class='errorlist']/li")]

    assert errors_at("promisee_name") == ["กรุณากรอกข้อมูลช่องนี้"]
    assert errors_at("signed_on") == ["ไม่มีวันที่นี้ในปฏิทิน"]  # no 13th month
    assert errors_at("promisor_name") == []


def test_a_refusal_of_the_signing_itself_stays_in_the_form_with_what_was_typed(
    client, world, negotiated, signer
):
    negotiated.indicators.get(number="3").supervisors.clear()  # a problem on the check list
    client.force_login(signer)
    url = reverse("agreements:agreement_transition", args=[negotiated.pk, "sign"])
    typed = {
        "promisor_name": "นายประเสริฐ วงศ์ไทย",
        "promisor_position": "อธิบดีกรมหนึ่ง",
        "promisee_name": "นายวิชัย รุ่งเรือง",
        "promisee_position": "ปลัดกระทรวงหนึ่ง",
        "signed_on": "20/10/2568",
    }
    response = client.post(url, typed)
    assert response.status_code == 200
    form = step_form(page(response))
    assert "ยังลงนามคำรับรองไม่ได้" in form.xpath('string(.//div[@class="nonfield"])')
    assert values(form) == typed
    assert Agreement.objects.get(pk=negotiated.pk).status == AgreementStatus.NEGOTIATED


def test_the_negotiation_without_what_was_agreed_says_so_at_that_field(client, world, agreement):
    move(agreement, Transition.APPROVE, world.coordinator)
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_transition", args=[agreement.pk, "negotiate"])
    response = client.post(url, {"note": "ประชุมวันที่ 5", "agreed_changes": "  "})
    doc = page(response)
    form = step_form(doc, "negotiate")
    field = form.xpath('.//div[contains(@class, "has-error")][.//textarea[@name="agreed_changes"]]')
    assert "กรุณาบันทึกผลการเจรจากับผู้ประเมิน" in field[0].text_content()
    assert "ประชุมวันที่ 5" in form.xpath('string(.//textarea[@name="note"])')


def test_a_successful_signing_still_goes_back_to_the_agreement(client, world, negotiated, signer):
    client.force_login(signer)
    url = reverse("agreements:agreement_transition", args=[negotiated.pk, "sign"])
    data = {
        "promisor_name": "นายประเสริฐ วงศ์ไทย",
        "promisor_position": "อธิบดีกรมหนึ่ง",
        "promisee_name": "นายวิชัย รุ่งเรือง",
        "promisee_position": "ปลัดกระทรวงหนึ่ง",
        "signed_on": "20/10/2568",
    }
    response = client.post(url, data)
    assert response["Location"] == reverse("agreements:agreement_detail", args=[negotiated.pk])
    signed = Agreement.objects.get(pk=negotiated.pk)
    assert (signed.status, signed.signed_on) == (AgreementStatus.SIGNED, dt.date(2025, 10, 20))


# --- 4. A question before each hard-to-undo step ----------------------------------------------------


def question_on(doc, button_text):
    """The data-confirm question of the form that holds the button labelled `button_text`."""
    return doc.xpath(f'//form[.//button[normalize-space()="{button_text}"]]/@data-confirm')


def test_each_life_step_asks_what_it_will_do_before_it_is_taken(client, world, agreement, signer):
    detail = reverse("agreements:agreement_detail", args=[agreement.pk])
    client.force_login(world.coordinator)
    assert question_on(page(client.get(detail)), "บันทึกมติเห็นชอบของคณะกรรมการ") == [
        "บันทึกว่าคณะกรรมการเห็นชอบคำรับรองฉบับนี้แล้วใช่หรือไม่ เมื่อบันทึกแล้ว "
        "ร่างคำรับรองจะไปสู่ขั้นเจรจากับผู้ประเมิน และหากจะแก้ไขตัวชี้วัดอีกต้องส่งกลับไปแก้ไขร่างก่อน"
    ]
    move(agreement, Transition.APPROVE, world.coordinator)
    doc = page(client.get(detail))
    assert question_on(doc, "บันทึกผลการเจรจาตัวชี้วัด")[0].startswith(
        "บันทึกผลการเจรจาตัวชี้วัดกับผู้ประเมินใช่หรือไม่"
    )
    assert question_on(doc, "ส่งกลับไปแก้ไขร่าง")[0].startswith("ส่งคำรับรองกลับไปแก้ไขร่างใช่หรือไม่")
    move(agreement, Transition.NEGOTIATE, world.coordinator, agreed_changes="ตามที่เสนอ")
    client.force_login(signer)
    assert question_on(page(client.get(detail)), "ลงนามคำรับรอง") == [
        "ลงนามคำรับรองฉบับนี้ใช่หรือไม่ หลังลงนามแล้ว ตัวชี้วัดจะแก้ไขได้ผ่านการแก้ไขคำรับรองพร้อมระบุเหตุผลเท่านั้น"
    ]
    sign_off_rest = {"signatories": services.Signatories("ก", "ข", "ค", "ง", dt.date(2025, 10, 20))}
    move(agreement, Transition.SIGN, signer, **sign_off_rest)
    client.force_login(world.coordinator)
    assert question_on(page(client.get(detail)), "แจ้งเวียนผู้รับผิดชอบ") == [
        "แจ้งเวียนคำรับรองที่ลงนามแล้วให้ผู้รับผิดชอบทราบใช่หรือไม่ ขั้นตอนนี้ย้อนกลับไม่ได้"
    ]
    move(agreement, Transition.CIRCULATE, world.coordinator)
    assert question_on(page(client.get(detail)), "ประกาศให้ประชาชนทราบ") == [
        "ประกาศคำรับรองฉบับนี้ให้ประชาชนทราบใช่หรือไม่ ทุกคนจะอ่านได้โดยไม่ต้องเข้าสู่ระบบ และขั้นตอนนี้ย้อนกลับไม่ได้"
    ]


def test_closing_an_amendment_asks_first_and_says_the_new_version(client, world, signed):
    services.amendment_open(agreement=signed, user=world.coordinator, reason="ปรับค่าเป้าหมาย")
    client.force_login(world.coordinator)
    doc = page(client.get(reverse("agreements:agreement_detail", args=[signed.pk])))
    assert question_on(doc, "ปิดการแก้ไข") == [
        "ปิดการแก้ไขครั้งที่ 1 ใช่หรือไม่ คำรับรองจะถูกล็อกอีกครั้งเป็นฉบับที่ 2 "
        "และรอบการรายงานที่ยังไม่ปิดจะคำนวณคะแนนใหม่ตามตัวชี้วัดที่แก้ไข"
    ]


def test_a_place_to_go_that_is_no_number_leads_to_the_agreement(client, world, signed):
    client.force_login(world.coordinator)
    url = reverse("agreements:amendment_open", args=[signed.pk])
    response = client.post(url, {"reason": "ปรับค่าเป้าหมาย", "then": "²"})
    assert response.status_code == 302
    assert response["Location"] == reverse("agreements:agreement_detail", args=[signed.pk])

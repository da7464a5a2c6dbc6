from decimal import Decimal

import pytest
from django.urls import reverse

from khamrap.agreements import services
from khamrap.agreements.choices import Transition
from khamrap.agreements.models import Agreement
from khamrap.reporting.services import result_record

from .builders import pass_fail_indicator, sign_off


def detail(agreement):
    return reverse("agreements:agreement_detail", args=[agreement.pk])


def test_the_agreement_page_shows_indicators_by_group_with_weights(client, world, agreement):
    client.force_login(world.collector)
    text = client.get(detail(agreement)).content.decode()
    assert "มิติที่ 1 ด้านประสิทธิผลตามแผนปฏิบัติราชการ" in text
    assert "ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ" in text
    assert "ร่าง" in text  # the status


def test_every_agreement_page_answers_404_to_another_organization(client, world, agreement):
    indicator = agreement.indicators.first()
    client.force_login(world.outsider)
    urls = [
        detail(agreement),
        reverse("agreements:indicator_detail", args=[agreement.pk, indicator.pk]),
        reverse("agreements:indicator_edit", args=[agreement.pk, indicator.pk]),
        reverse("agreements:indicator_create", args=[agreement.pk]),
        reverse("agreements:indicator_solver", args=[agreement.pk, indicator.pk])
        + "?target_total=4",
        reverse("agreements:amendment_open", args=[agreement.pk]),
        reverse(
            "reporting:result_edit", args=[indicator.pk, agreement.fiscal_year.rounds.first().pk]
        ),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for transition in Transition.values:
        response = client.post(
            reverse("agreements:agreement_transition", args=[agreement.pk, transition])
        )
        assert response.status_code == 404
    assert (
        client.post(
            reverse("agreements:indicator_delete", args=[agreement.pk, indicator.pk])
        ).status_code
        == 404
    )
    assert agreement.indicators.filter(pk=indicator.pk).exists()


def test_a_collector_sees_the_agreement_but_cannot_edit_it(client, world, agreement):
    indicator = agreement.indicators.first()
    client.force_login(world.collector)
    assert client.get(detail(agreement)).status_code == 200
    assert (
        client.get(
            reverse("agreements:indicator_edit", args=[agreement.pk, indicator.pk])
        ).status_code
        == 404
    )


def test_the_agreement_list_shows_only_visible_agreements(client, world, agreement, fiscal_year):
    other = services.agreement_create(
        organization=world.other_dept, fiscal_year=fiscal_year, user=world.outsider
    )
    client.force_login(world.coordinator)
    agreements = list(client.get(reverse("agreements:agreement_list")).context["page"].object_list)
    assert agreements == [agreement]
    client.force_login(world.outsider)
    assert list(client.get(reverse("agreements:agreement_list")).context["page"].object_list) == [
        other
    ]


def test_the_coordinator_moves_the_agreement_from_its_page(client, world, agreement):
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_transition", args=[agreement.pk, "approve"])
    response = client.post(url, {"note": "มติที่ประชุม"})
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).status == "committee_approved"


def test_a_wrong_step_from_the_page_gives_a_thai_message_and_changes_nothing(
    client, world, agreement
):
    client.force_login(world.coordinator)
    url = reverse("agreements:agreement_transition", args=[agreement.pk, "publish"])
    response = client.post(url, follow=True)
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"
    assert any("ร่าง" in str(m) for m in response.context["messages"])


def test_the_indicator_sheet_reproduces_seed_000(client, world, agreement):
    indicator = agreement.indicators.get(number="16")
    client.force_login(world.collector)
    response = client.get(reverse("agreements:indicator_detail", args=[agreement.pk, indicator.pk]))
    text = response.content.decode()
    assert "มิติที่ 4 ด้านการพัฒนาองค์กร" in text
    assert "ตัวชี้วัด 16 ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ" in text
    assert "ผู้กำกับดูแลตัวชี้วัด" in text and "ผู้จัดเก็บข้อมูล" in text
    assert response.context["levels"][2] == (3, [True, True, True, False, False])
    assert text.count("✓") == 15  # 1 + 2 + 3 + 4 + 5 ticks
    assert "จัดทำลักษณะสำคัญขององค์กร" in text


def test_the_solver_answers_what_an_indicator_must_achieve(client, world, agreement, fiscal_year):
    six = fiscal_year.rounds.get(months=6)
    milestone = agreement.indicators.get(number="16")
    passfail = agreement.indicators.get(number="3")
    result_record(
        indicator=milestone, reporting_round=six, user=world.coordinator, steps_done=[1, 2, 3, 4]
    )
    result_record(indicator=passfail, reporting_round=six, user=world.coordinator, passed=True)
    numeric = agreement.indicators.get(number="1")
    client.force_login(world.coordinator)
    url = reverse("agreements:indicator_solver", args=[agreement.pk, numeric.pk])
    # Others: 4 × 30/100 + 5 × 20/100 = 2.2, so weight 50 must bring 1.8. A score of 3.5999 does:
    # 3.5999 × 50/100 = 1.79995, printed half-up as 1.8000. It needs 90 + 0.5999 × 5 = 92.9995
    # on the targets 90/95, and 92.9993 already scores 3.59986 → 3.5999.
    response = client.get(url, {"target_total": "4"}, HTTP_HX_REQUEST="true")
    answer = response.context["answer"]
    assert (answer.value, answer.score, answer.total) == (
        Decimal("92.9993"),
        Decimal("3.5999"),
        Decimal("4.0000"),
    )
    assert "92.9993" in response.content.decode()
    response = client.get(url, {"target_total": "4.9"})
    assert response.context["answer"].status == "not_reachable"
    response = client.get(url, {"target_total": "abc"})
    assert response.status_code == 200 and response.context["answer"] is None


def test_the_agreement_page_runs_a_fixed_number_of_queries(client, world, agreement, fiscal_year):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    six = fiscal_year.rounds.get(months=6)
    client.force_login(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(detail(agreement)).status_code == 200
        return len(captured)

    def add(n):
        indicator = pass_fail_indicator(agreement, world, n)
        result_record(indicator=indicator, reporting_round=six, user=world.coordinator, passed=True)

    add(0)
    before = count()
    for n in range(1, 8):
        add(n)
    assert count() == before


def test_the_public_sees_only_published_agreements(client, world, agreement, signer, fiscal_year):
    other = services.agreement_create(
        organization=world.other_dept, fiscal_year=fiscal_year, user=world.outsider
    )
    public_list = reverse("public:agreement_list")
    assert list(client.get(public_list).context["page"].object_list) == []
    assert client.get(reverse("public:agreement_detail", args=[agreement.pk])).status_code == 404
    sign_off(agreement, world, signer)
    services.agreement_transition(
        agreement=agreement, transition="circulate", user=world.coordinator
    )
    assert client.get(reverse("public:agreement_detail", args=[agreement.pk])).status_code == 404
    services.agreement_transition(agreement=agreement, transition="publish", user=world.coordinator)
    assert list(client.get(public_list).context["page"].object_list) == [agreement]
    text = client.get(reverse("public:agreement_detail", args=[agreement.pk])).content.decode()
    assert "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม" in text and "20 ตุลาคม 2568" in text
    assert client.get(reverse("public:agreement_detail", args=[other.pk])).status_code == 404


def test_the_coordinator_adds_an_indicator_through_the_form(client, world, agreement):
    from .builders import group

    client.force_login(world.coordinator)
    url = reverse("agreements:indicator_create", args=[agreement.pk])
    assert client.get(url).status_code == 200
    data = {
        "group": group("3").pk,
        "number": "7",
        "name": "ระดับความสำเร็จของการจัดการความรู้",
        "weight": "5",
        "kind": "milestone",
        "direction": "higher",
        "supervisors": [world.executive.pk],
        "collectors": [world.collector.pk],
        "steps-TOTAL_FORMS": "5",
        "steps-INITIAL_FORMS": "0",
    }
    for n in range(5):
        data[f"steps-{n}-description"] = f"ขั้นตอน {n + 1}"
        data[f"steps-{n}-evidence"] = f"หลักฐาน {n + 1}"
    response = client.post(url, data)
    assert response.status_code == 302
    indicator = agreement.indicators.get(number="7")
    assert [s.description for s in indicator.steps.all()] == [f"ขั้นตอน {n}" for n in range(1, 6)]
    assert list(indicator.collectors.all()) == [world.collector]


def test_bad_input_in_the_indicator_form_gets_thai_messages_and_saves_nothing(
    client, world, agreement
):
    from .builders import group

    client.force_login(world.coordinator)
    url = reverse("agreements:indicator_create", args=[agreement.pk])
    data = {
        "group": group("1").pk,
        "number": "1",  # taken
        "name": "",
        "weight": "ห้า",
        "kind": "numeric",
        "direction": "higher",
        "target_1": "90",
        "target_2": "80",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "กรุณากรอกข้อมูลช่องนี้" in text
    assert agreement.indicators.count() == 3
    data.update(
        {
            "number": "8",
            "name": "ตัวชี้วัดใหม่",
            "weight": "5",
            "target_3": "70",
            "target_4": "60",
            "target_5": "50",
        }
    )
    response = client.post(url, data)
    assert "ค่าเป้าหมายต้องเพิ่มขึ้น" in response.content.decode()
    assert agreement.indicators.count() == 3


def test_the_agreement_downloads_as_a_file_and_uploads_as_a_new_draft(
    client, world, agreement, fiscal_year
):
    from khamrap.rules import agreement_file

    client.force_login(world.coordinator)
    response = client.get(reverse("agreements:agreement_download", args=[agreement.pk, "yaml"]))
    assert response["Content-Disposition"] == 'attachment; filename="M1-D1-2569.yaml"'
    text = response.content.decode()
    assert "16" in [i.number for i in agreement_file.load(text).indicators]
    from django.core.files.uploadedfile import SimpleUploadedFile

    Agreement.objects.filter(pk=agreement.pk).delete()
    upload = SimpleUploadedFile("a.yaml", text.encode("utf-8"))
    response = client.post(
        reverse("agreements:agreement_upload"), {"organization": world.dept.pk, "file": upload}
    )
    assert response.status_code == 302
    assert Agreement.objects.get(organization=world.dept).indicators.count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00garbage", "UTF-8"),
        (b"format: khamrap-agreement/1\nindicators: [", "นำเข้า"),
        (b"format: something-else\n", "khamrap-agreement/1"),
    ],
)
def test_a_broken_upload_imports_nothing_and_says_why(client, world, fiscal_year, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coordinator)
    upload = SimpleUploadedFile("a.yaml", content)
    response = client.post(
        reverse("agreements:agreement_upload"), {"organization": world.dept.pk, "file": upload}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_an_outsider_cannot_download_or_upload_for_another_organization(client, world, agreement):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.outsider)
    assert (
        client.get(
            reverse("agreements:agreement_download", args=[agreement.pk, "json"])
        ).status_code
        == 404
    )
    upload = SimpleUploadedFile("a.yaml", b"format: khamrap-agreement/1\n")
    response = client.post(
        reverse("agreements:agreement_upload"), {"organization": world.dept.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "กรุณาเลือกจากตัวเลือกที่มีให้" in response.content.decode()

"""Bad input gets a clear Thai answer and never a server error."""

import pytest
from django.urls import reverse

from khamrap.periods.services import fiscal_year_create

JUNK = [
    "",
    " ",
    "x" * 5000,
    "'; DROP TABLE x;--",
    "<script>alert(1)</script>",
    "๑๒๓",
    "\u0000",
    "-1",
    "9" * 40,
]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_in_every_form_never_fails(client, world, junk):
    six = fiscal_year_create(year=2569).rounds.get(months=6)
    client.force_login(world.superuser)
    posts = [
        (reverse("periods:fiscal_year_create"), {"year": junk, "round_months": [junk]}),
        (
            reverse("periods:reporting_round_edit", args=[six.pk]),
            {"cutoff_date": junk, "deadline": junk},
        ),
        (
            reverse("accounts:password_change"),
            {"old_password": junk, "new_password1": junk, "new_password2": junk},
        ),
        (reverse("set_language"), {"language": junk, "next": junk}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
    response = client.get(reverse("organizations:organization_list"), {"q": junk, "kind": junk})
    assert response.status_code == 200
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": junk, "password": junk})
    assert response.status_code == 200


def test_a_wrong_organization_address_is_a_thai_404(client, world):
    client.force_login(world.coordinator)
    for url in (
        "/organizations/abc/",
        "/organizations/-1/",
        "/no-such-page/",
        "/fiscal-years/rounds/999/edit/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_is_refused_in_thai(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.superuser)
    response = client.post(
        reverse("periods:fiscal_year_create"), {"year": "2571", "round_months": ["6"]}
    )
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in response.content.decode()


def test_the_server_error_page_is_thai_and_needs_no_database(rf):
    from khamrap.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาด" in response.content.decode()


# --- text over a field's limit: refused with a message, never cut -----------------------------------


def test_an_over_long_text_in_the_indicator_form_is_refused_kept_and_nothing_is_saved(
    client, world, agreement
):
    from khamrap.agreements.tests.builders import group

    client.force_login(world.coordinator)
    unit = "จำนวนเกษตรกรที่ผ่านการอบรมและนำความรู้ไปใช้ในการเพิ่มผลผลิตต่อไร่ของแปลงใหญ่"
    assert len(unit) == 76  # the unit holds 60 characters
    data = {
        "group": group("3").pk,
        "number": "7",
        "name": "ร้อยละของเกษตรกรที่นำความรู้ไปใช้",
        "weight": "5",
        "kind": "numeric",
        "direction": "higher",
        **{f"target_{n}": str(50 + 10 * n) for n in range(1, 6)},
        "unit": unit,
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("agreements:indicator_create", args=[agreement.pk]), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "“หน่วยวัด” ยาวได้ไม่เกิน 60 ตัวอักษร (ข้อความนี้มี 76 ตัวอักษร)" in text
    assert f'value="{unit}"' in text  # the whole text stays for the person to shorten
    assert not agreement.indicators.filter(number="7").exists()


def test_an_over_long_text_in_an_agreement_file_is_refused_naming_the_indicator_and_field(
    world, fiscal_year
):
    from khamrap.agreements.file_import import AgreementImportError, agreement_import
    from khamrap.agreements.models import Agreement, Framework
    from khamrap.rules import agreement_file as af

    def imported(text):
        return agreement_import(
            organization=world.dept,
            fiscal_year=fiscal_year,
            data=af.load(text),
            user=world.coordinator,
        )

    indicator = """
format: khamrap-agreement/1
organization: {code: M1-D1, name: กรมหนึ่ง}
fiscal_year: 2569
framework:
  name: %s
  floor: 0
  groups:
%s
indicators:
  - number: "1"
    group: "1"
    name: ร้อยละของเกษตรกรที่ได้รับการส่งเสริม
    weight: 100
    kind: numeric
    unit: %s
    direction: higher
    targets: [80, 85, 90, 95, 100]
"""
    four = "\n".join(f'    - {{key: "{n}", name: มิติที่ {n}}}' for n in range(1, 5))
    one = '    - {key: "1", name: ด้านเดียว}'
    long_unit = "ร้อยละ" * 11  # 66 characters; the unit holds 60
    with pytest.raises(AgreementImportError) as error:
        imported(indicator % ("กรอบการประเมิน 4 มิติ", four, long_unit))
    assert error.value.problems == [
        "ตัวชี้วัด 1 ช่อง “หน่วยวัด”: ยาวได้ไม่เกิน 60 ตัวอักษร (ข้อความนี้มี 66 ตัวอักษร)"
    ]
    assert not Agreement.objects.exists()

    # A framework of its own (one group): made by the import, its name over the 200 it holds.
    long_name = "กรอบการประเมินผลการปฏิบัติราชการ" * 7
    frameworks = Framework.objects.count()
    with pytest.raises(AgreementImportError) as error:
        imported(indicator % (long_name, one, "ร้อยละ"))
    assert error.value.problems == [
        "กรอบการประเมิน ช่อง “ชื่อ (ภาษาไทย)”: ยาวได้ไม่เกิน 200 ตัวอักษร (ข้อความนี้มี 224 ตัวอักษร)"
    ]
    assert Framework.objects.count() == frameworks
    assert not Agreement.objects.exists()

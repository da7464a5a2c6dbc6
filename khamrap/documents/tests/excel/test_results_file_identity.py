"""A results workbook says, on its hidden sheet, whose round it was made for; another's is refused."""

from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext

from khamrap.agreements import services
from khamrap.agreements.models import Agreement, Framework
from khamrap.agreements.tests.builders import group
from khamrap.documents.excel.exports import rollup_xlsx, round_results_xlsx
from khamrap.documents.excel.import_results import results_import, results_import_many
from khamrap.documents.excel.problems import ExcelImportError
from khamrap.periods.services import fiscal_year_create

from .workbooks import (
    book,
    counts,
    edited,
    messages_of,
    nine,
    set_cell,
    six,
    stored,
    upload,
    user,
)

FILL = set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 85)


def import_results(agreement, reporting_round, who, content):
    return results_import(
        agreement=agreement, reporting_round=reporting_round, user=who, upload=upload(content)
    )


def refused(agreement, reporting_round, who, content) -> list[str]:
    before = counts()
    with pytest.raises(ExcelImportError) as caught:
        import_results(agreement, reporting_round, who, content)
    assert counts() == before
    return messages_of(caught.value)


def agreement_of(organization, fiscal_year, who):
    """A one-indicator agreement whose indicator is numbered 1, like the world's agreement."""
    other = services.agreement_create(organization=organization, fiscal_year=fiscal_year, user=who)
    services.indicator_save(
        agreement=other,
        user=who,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "ร้อยละของงานที่แล้วเสร็จ",
            "weight": Decimal(100),
            "kind": "numeric",
            "direction": "higher",
            "target_1": Decimal(80),
            "target_2": Decimal(85),
            "target_3": Decimal(90),
            "target_4": Decimal(95),
            "target_5": Decimal(100),
        },
    )
    return other


def test_the_results_files_carry_a_hidden_identification_sheet(agreement):
    for template in (True, False):
        workbook = book(round_results_xlsx(agreement, six(agreement), template=template))
        sheet = workbook["khamrap"]
        assert sheet.sheet_state == "hidden"
        values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
        assert values["organization"] == "M1-D1"
        assert values["agreement"] == agreement.pk
        assert values["fiscal_year"] == 2569
        assert (values["round"], values["months"]) == (six(agreement).pk, 6)


def test_a_file_of_another_organization_is_refused_naming_both(agreement, world, fiscal_year):
    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    ministry_coordinator = world.person("mcoord")
    membership_grant(user=ministry_coordinator, organization=world.ministry, role=Role.COORDINATOR)
    other = agreement_of(world.dept2, fiscal_year, ministry_coordinator)
    content = edited(round_results_xlsx(other, six(other), template=True), FILL)
    with translation.override("en"):
        problems = refused(agreement, six(agreement), ministry_coordinator, content)
    assert problems == [
        "This file was made for organization M1-D2, not M1-D1: download the file of M1-D1."
    ]
    assert stored(agreement, six(agreement)) == {}


def test_a_file_of_another_round_is_refused_naming_both(agreement, world):
    content = edited(round_results_xlsx(agreement, six(agreement), template=True), FILL)
    with translation.override("en"):
        problems = refused(agreement, nine(agreement), world.coordinator, content)
    assert problems == [
        "This file was made for the 6-month round, not the 9-month round: "
        "download the file of the 9-month round."
    ]
    assert stored(agreement, nine(agreement)) == {}


def test_a_file_of_another_fiscal_year_is_refused_naming_both(agreement, world):
    next_year = fiscal_year_create(year=2570)
    next_year.framework = Framework.objects.get(code="dimensions-4")
    next_year.save()
    later = agreement_of(world.dept, next_year, world.coordinator)
    content = edited(round_results_xlsx(later, six(later), template=True), FILL)
    with translation.override("en"):
        problems = refused(agreement, six(agreement), world.coordinator, content)
    assert problems == [
        "This file was made for fiscal year 2570, not 2569: download the file of fiscal year 2569."
    ]


def test_a_file_without_its_identification_sheet_is_refused(agreement, world):
    def strip(workbook):
        FILL(workbook)
        del workbook["khamrap"]

    content = edited(round_results_xlsx(agreement, six(agreement), template=True), strip)
    problems = refused(agreement, six(agreement), world.coordinator, content)
    assert problems == [
        gettext(
            "This file does not say which organization and round it was made for (its hidden "
            "sheet “%(sheet)s” is missing): download the results file of this round from khamrap "
            "and fill that in."
        )
        % {"sheet": "khamrap"}
    ]
    assert "ไฟล์นี้" in problems[0]  # in Thai


def test_a_rollup_of_another_round_is_refused(agreement, world):
    content = rollup_xlsx(world.coordinator, agreement.fiscal_year, 6)
    with translation.override("en"), pytest.raises(ExcelImportError) as caught:
        results_import_many(
            reporting_round=nine(agreement), user=world.coordinator, upload=upload(content)
        )
    assert messages_of(caught.value) == [
        "This file was made for the 6-month round, not the 9-month round: "
        "download the file of the 9-month round."
    ]


def test_the_demo_file_of_doa_does_not_overwrite_doae(demo):
    doa = Agreement.objects.get(organization__code="DOA")
    doae = Agreement.objects.get(organization__code="DOAE")
    reporting_round = nine(doae)
    before = stored(doae, reporting_round)
    content = edited(
        round_results_xlsx(doa, reporting_round, template=True),
        set_cell("ผลการดำเนินงาน", 3, "ผลการดำเนินงาน", 1),
    )
    problems = refused(doae, reporting_round, user("coordinator"), content)
    assert problems == [
        gettext(
            "This file was made for organization %(file)s, not %(organization)s: download the "
            "file of %(organization)s."
        )
        % {"file": "DOA", "organization": "DOAE"}
    ]
    assert stored(doae, reporting_round) == before


def test_the_import_page_shows_the_thai_refusal(client, world, agreement, fiscal_year):
    from django.urls import reverse

    from khamrap.organizations.choices import Role
    from khamrap.organizations.services import membership_grant

    ministry_coordinator = world.person("mcoord")
    membership_grant(user=ministry_coordinator, organization=world.ministry, role=Role.COORDINATOR)
    other = agreement_of(world.dept2, fiscal_year, ministry_coordinator)
    content = edited(round_results_xlsx(other, six(other), template=True), FILL)
    client.force_login(ministry_coordinator)
    url = reverse("documents_excel:results_import", args=[agreement.pk, six(agreement).pk])
    response = client.post(url, {"file": upload(content)})
    assert response.status_code == 200
    assert "ไฟล์นี้จัดทำสำหรับหน่วยงาน M1-D2 ไม่ใช่ M1-D1" in response.content.decode()
    assert stored(agreement, six(agreement)) == {}

"""Criteria versions are data: shipped from a file, added and copied without a code change."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from khamrap.pmqa import services
from khamrap.pmqa.models import Category, CriteriaVersion, Item, Requirement
from khamrap.pmqa.services.criteria import as_data, read_criteria_file

from .conftest import plan

pytestmark = pytest.mark.django_db


def test_the_shipped_version_has_seven_categories_and_the_fundamental_level_codes(criteria):
    assert list(criteria.categories.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    items = Item.objects.filter(category__version=criteria)
    assert items.count() == 16
    assert set(items.filter(category__number=7).values_list("kind", flat=True)) == {"result"}
    assert set(items.exclude(category__number=7).values_list("kind", flat=True)) == {"process"}
    codes = Requirement.objects.filter(item__category__version=criteria).values_list(
        "code", flat=True
    )
    prefixes = {code.rstrip("0123456789") for code in codes}
    assert prefixes == {"LD", "SP", "CS", "IT", "HR", "PM"}
    assert criteria.band_labels == ["0–5%", "10–25%", "30–45%", "50–65%", "70–85%", "90–100%"]
    # The file is the source: the migration loaded exactly what it holds.
    assert as_data(criteria) == read_criteria_file()


def test_a_new_version_from_a_file_is_offered_and_its_own_bands_apply(
    world, fiscal_year, head, criteria
):
    data = read_criteria_file() | {
        "code": "pmqa-2570",
        "name_th": "เกณฑ์ PMQA ปี 2570",
        "first_year": 2570,
        "bands": [[0, 20], [25, 50], [55, 75], [80, 100]],
    }
    version = services.criteria_load(data=data)
    year = services.year_create(
        organization=world.dept, fiscal_year=fiscal_year, criteria=version, user=world.coordinator
    )
    plan(year, world.coordinator)
    services.year_move(year=year, move="submit", user=world.coordinator)
    services.year_move(year=year, move="approve", user=head)
    item = Item.objects.get(category__version=version, code="1.1")
    services.assessment_save(
        year=year, item=item, user=world.coordinator, version=1, ratings={"A": 3}
    )
    with pytest.raises(ValidationError):  # band 4 exists in the shipped version, not in this one
        services.assessment_save(
            year=year, item=item, user=world.coordinator, version=2, ratings={"A": 4}
        )
    # The shipped version is untouched.
    assert (
        len(criteria.bands) == 6 and Item.objects.filter(category__version=criteria).count() == 16
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"bands": [[0, 50], [40, 100]]}, "overlaps"),
        ({"categories": [{"number": 9, "name_th": "หมวดเก้า", "items": []}]}, "9"),
        ({"level": "platinum"}, "platinum"),
        ({"name_th": None}, "name_th"),
    ],
)
def test_a_wrong_file_is_refused_whole(change, message):
    data = read_criteria_file() | {"code": "broken"} | change
    before = (CriteriaVersion.objects.count(), Category.objects.count(), Item.objects.count())
    with pytest.raises(ValidationError):
        services.criteria_load(data=data)
    after = (CriteriaVersion.objects.count(), Category.objects.count(), Item.objects.count())
    assert after == before


def test_the_command_exports_and_loads_a_version(tmp_path, capsys, criteria):
    call_command("pmqa_criteria", export=criteria.code)
    data = json.loads(capsys.readouterr().out)
    assert data == as_data(criteria)
    data["code"], data["first_year"] = "pmqa-copy", 2571
    path = tmp_path / "copy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("pmqa_criteria", load=str(path))
    assert "7 categories, 16 items" in capsys.readouterr().out
    copy = CriteriaVersion.objects.get(code="pmqa-copy")
    assert as_data(copy) | {"code": criteria.code, "first_year": 2553} == as_data(criteria)
    with pytest.raises(CommandError):
        call_command("pmqa_criteria", load=str(path))  # the code exists
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("pmqa_criteria", load=str(path))


def test_an_administrator_copies_a_version_for_a_new_year(admin_client, criteria):
    response = admin_client.post(
        "/admin/pmqa/criteriaversion/",
        {"action": "copy_for_a_new_year", "_selected_action": [criteria.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = CriteriaVersion.objects.get(code="pmqa-fundamental-2554")
    assert copy.first_year == 2554
    assert as_data(copy)["categories"] == as_data(criteria)["categories"]


def test_the_admin_refuses_bands_that_overlap_and_changes_nothing(admin_client, criteria):
    url = f"/admin/pmqa/criteriaversion/{criteria.pk}/change/"
    form = {
        "code": criteria.code,
        "name_th": criteria.name_th,
        "name_en": criteria.name_en,
        "level": criteria.level,
        "first_year": criteria.first_year,
        "bands": "[[0, 50], [40, 100]]",
        "is_active": "on",
    }
    for prefix in ("categories", "profile_sections"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "ช่วงที่ 2" in response.content.decode()
    criteria.refresh_from_db()
    assert len(criteria.bands) == 6


def test_a_version_in_use_keeps_its_bands(admin_client, year, criteria):
    response = admin_client.get(f"/admin/pmqa/criteriaversion/{criteria.pk}/change/")
    assert response.status_code == 200
    assert 'name="bands"' not in response.content.decode()

"""The Django admin is the setup tool: its pages open in Thai for a system administrator."""

import pytest
from django.urls import reverse

from khamrap.periods.services import fiscal_year_create


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:organizations_organization_changelist",
        "admin:organizations_organization_add",
        "admin:organizations_membership_changelist",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:periods_fiscalyear_changelist",
    ],
)
def test_the_admin_pages_open_in_thai(client, world, url_name):
    client.force_login(world.superuser)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "การตั้งค่าระบบคำรับรอง" in response.content.decode()


def test_the_admin_edits_an_organization_and_a_year(client, world):
    fiscal_year = fiscal_year_create(year=2569)
    client.force_login(world.superuser)
    for url in (
        reverse("admin:organizations_organization_change", args=[world.dept.pk]),
        reverse("admin:accounts_user_change", args=[world.coordinator.pk]),
        reverse("admin:periods_fiscalyear_change", args=[fiscal_year.pk]),
    ):
        assert client.get(url).status_code == 200


def test_the_admin_tree_form_reads_in_thai(client, world):
    client.force_login(world.superuser)
    text = client.get(reverse("admin:organizations_organization_add")).content.decode()
    assert "ตำแหน่งในโครงสร้าง" in text and "อยู่ภายใต้" in text


def test_people_who_are_not_staff_are_sent_to_the_admin_sign_in(client, world):
    client.force_login(world.coordinator)
    response = client.get(reverse("admin:organizations_organization_changelist"))
    assert response.status_code == 302

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

"""Sign-in throttling (django-axes): a username is paused after repeated wrong passwords."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_it_pauses_a_username_after_five_wrong_passwords_with_a_thai_page(client, world):
    for _ in range(LIMIT - 1):
        assert sign_in(client, "bob", "wrong").status_code == 200
    response = sign_in(client, "bob", "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page
    assert "กรอกรหัสผ่านผิด 5 ครั้งติดต่อกัน" in page
    assert "กรุณาลองใหม่อีกครั้งในอีก 15 นาที" in page
    assert reverse("accounts:password_reset") in page


def test_the_right_password_is_refused_while_paused(client, world):
    for _ in range(LIMIT):
        sign_in(client, "bob", "wrong")
    response = sign_in(client, "bob", "password-for-tests")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fifty_wrong_passwords_never_get_in(client, world):
    statuses = {sign_in(client, "bob", f"guess-{n}").status_code for n in range(50)}
    assert statuses == {200, 429}
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_the_username_from_that_address_only(client, world):
    for _ in range(LIMIT):
        sign_in(client, "bob", "wrong", address="192.0.2.10")
    # Someone else from the same address, and bob from another address, still sign in.
    assert sign_in(client, "charlie", "password-for-tests").status_code == 302
    client.logout()
    assert sign_in(client, "bob", "password-for-tests", address="198.51.100.7").status_code == 302


def test_the_email_and_the_username_count_as_one_person(client, world):
    for _ in range(LIMIT - 1):
        sign_in(client, "bob", "wrong")
    assert sign_in(client, "BOB@example.org", "wrong").status_code == 429
    assert AccessAttempt.objects.get().username == "bob"


def test_a_successful_sign_in_clears_the_count(client, world):
    for _ in range(LIMIT - 1):
        sign_in(client, "bob", "wrong")
    assert sign_in(client, "bob", "password-for-tests").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert sign_in(client, "bob", "wrong").status_code == 200

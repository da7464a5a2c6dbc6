import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse


def sign_in(client, username, password="password-for-tests"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize(
    "name", ["bob", "bob@example.org", "BOB@Example.ORG", "  bob@example.org "]
)
def test_it_signs_in_with_a_username_or_an_email(client, world, name):
    response = sign_in(client, name)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert int(client.session["_auth_user_id"]) == world.coordinator.pk


@pytest.mark.parametrize("name", ["bob", "bob@example.org", "nobody@example.org", "ghost"])
def test_a_wrong_password_or_unknown_person_gets_one_thai_message(client, world, name):
    response = sign_in(client, name, "wrong")
    assert response.status_code == 200
    assert "ชื่อผู้ใช้ อีเมล หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_cannot_sign_in(client, world):
    world.coordinator.is_active = False
    world.coordinator.save()
    assert "_auth_user_id" not in sign_in(client, "bob").wsgi_request.session


def test_an_empty_form_asks_for_both_fields_in_thai(client, db):
    response = client.post(reverse("accounts:login"), {})
    assert response.content.decode().count("กรุณากรอกข้อมูลช่องนี้") == 2


def test_two_people_cannot_share_an_email_whatever_its_case(world):
    duplicate = get_user_model()(username="bob2", email="BOB@example.org")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "อีเมลนี้มีผู้ใช้อื่นใช้อยู่แล้ว" in str(error.value)


def test_many_people_may_have_no_email(db, django_user_model):
    django_user_model.objects.create_user(username="a", email="")
    django_user_model.objects.create_user(username="b", email="")
    assert django_user_model.objects.filter(email="").count() == 2


def test_a_thai_name_is_written_with_its_title_and_no_space(db, django_user_model):
    user = django_user_model(username="w", title="นาย", first_name="วิรัตน์", last_name="มะลิวรรณ")
    assert user.display_name == "นายวิรัตน์ มะลิวรรณ"
    assert django_user_model(username="x").display_name == "x"


def test_signing_out_needs_a_post_and_ends_the_session(client, world):
    client.force_login(world.coordinator)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

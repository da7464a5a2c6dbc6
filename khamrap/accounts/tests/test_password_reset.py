"""A forgotten password: a one-time link by e-mail, in Thai, from the sign-in page."""

import re

from django.core import mail
from django.urls import reverse

NEW_PASSWORD = "ข้าวหอมมะลิ-2569-new"


def ask_for_a_link(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_the_sign_in_page_links_to_the_reset_page(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in page
    assert "ลืมรหัสผ่าน?" in page


def test_the_reset_page_is_thai(client, db):
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "ลืมรหัสผ่าน" in page
    assert "ส่งลิงก์" in page


def test_it_mails_a_thai_link_that_sets_a_new_password(client, world):
    response = ask_for_a_link(client, "BOB@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.org"]
    assert message.subject.startswith("ตั้งรหัสผ่านใหม่สำหรับ")
    assert "ชื่อผู้ใช้ของท่านคือ bob" in message.body

    form_page = client.get(link_in(message), follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password(NEW_PASSWORD)


def test_the_link_works_only_once(client, world):
    ask_for_a_link(client, "bob@example.org")
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = client.get(link, follow=True).content.decode()
    assert "ลิงก์ตั้งรหัสผ่านใหม่นี้ใช้ไม่ได้แล้ว" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    response = ask_for_a_link(client, "nobody@example.org")
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_a_malformed_address_is_refused_in_thai(client, db):
    page = ask_for_a_link(client, "not-an-address").content.decode()
    assert "กรุณากรอกอีเมลให้ถูกต้อง" in page

"""Forms in the browser speak Thai (issue 10): no browser bubble in the browser's language, a Thai
file button that shows the chosen file, and a count when a text nears or passes its limit."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def signed_in(browser, live_server, user):
    # An English browser: whatever the browser's language, the page must answer in Thai.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "password-for-tests")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_the_server_answers_in_thai_and_the_file_button_is_thai(
    browser, live_server, artifacts, world, agreement
):
    page = signed_in(browser, live_server, world.coordinator)
    page.goto(f"{live_server.url}/agreements/upload/")
    # The browser never judges a form: the server does, in Thai, at the field.
    assert page.evaluate("Array.from(document.forms).every(f => f.noValidate)")
    assert page.inner_text(".file-input-button") == "เลือกไฟล์"
    assert page.inner_text(".file-input-name") == "ยังไม่ได้เลือกไฟล์"
    # Tab from the organization reaches the real file input, whose focus ring the button shows.
    page.focus("#id_organization")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_file"
    page.set_input_files(
        "#id_file", {"name": "คำรับรอง-2569.yaml", "mimeType": "text/yaml", "buffer": b"x: 1\n"}
    )
    assert page.inner_text(".file-input-name") == "คำรับรอง-2569.yaml"
    page.screenshot(path=str(artifacts / "thai-forms-file-chosen.png"), full_page=True)

    page.click("button.primary")
    page.wait_for_load_state("networkidle")
    errors = page.locator(".field.has-error .errorlist").all_inner_texts()
    assert errors == ["กรุณาเลือกจากรายการ"]
    page.screenshot(path=str(artifacts / "thai-forms-server-answer.png"), full_page=True)


def test_a_text_near_and_over_its_limit_is_counted_not_cut(
    browser, live_server, artifacts, world, agreement
):
    page = signed_in(browser, live_server, world.coordinator)
    page.goto(f"{live_server.url}/agreements/{agreement.pk}/")
    page.click("summary:text-is('บันทึกมติเห็นชอบของคณะกรรมการ')")
    note = page.locator("form[action*='/step/approve/'] textarea[name=note]")
    count = page.locator("form[action*='/step/approve/'] .length-note")
    note.fill("ม" * 3500)
    note.press_sequentially("ม")
    assert not count.is_visible()
    note.fill("ม" * 3700)
    note.press_sequentially("ม")
    assert count.inner_text() == "3,701 จากไม่เกิน 4,000 ตัวอักษร"
    # A paste over the limit stays whole (the browser's maxlength would cut it without a word).
    note.fill("ม" * 4020)
    note.press_sequentially("ม")
    assert len(note.input_value()) == 4021
    assert count.inner_text() == (
        "4,021 ตัวอักษร เกินกำหนด 4,000 ตัวอักษรไป 21 ตัวอักษร กรุณาตัดให้สั้นลง มิฉะนั้นจะบันทึกไม่ได้"
    )
    page.screenshot(path=str(artifacts / "thai-forms-over-limit.png"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("form[action*='/step/approve/'] button.primary")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errorlist").all_inner_texts() == [
        "“มติของคณะกรรมการ” ยาวได้ไม่เกิน 4,000 ตัวอักษร (ข้อความนี้มี 4,021 ตัวอักษร)"
    ]
    # The page sent back shows the count again at once, beside the whole text.
    assert page.locator("form[action*='/step/approve/'] .length-note").is_visible()
    assert len(page.input_value("form[action*='/step/approve/'] textarea[name=note]")) == 4021

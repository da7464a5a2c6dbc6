"""The indicator form in the browser (issue 10): only the chosen scoring kind's fields show, and
change as soon as the kind (or a mixed indicator's step levels) changes."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LEGENDS = {
    "targets": "ค่าเป้าหมายของคะแนน 1 ถึง 5",
    "steps": "ขั้นตอนการดำเนินงาน",
    "parts": "ตัวชี้วัดย่อย",
}
# What each kind shows of the three kind-dependent parts.
SHOWN = {
    "milestone": {"steps"},
    "numeric": {"targets"},
    "mixed": {"targets", "steps"},
    "pass_fail": set(),
    "composite": {"parts"},
}


def test_the_indicator_form_follows_the_chosen_kind(
    browser, live_server, artifacts, world, agreement
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", world.coordinator.username)
    page.fill("#id_password", "password-for-tests")
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/agreements/{agreement.pk}/indicators/new/")

    def shown():
        return {
            part
            for part, legend in LEGENDS.items()
            if page.locator(
                "fieldset", has=page.locator(f"legend:text-is('{legend}')")
            ).is_visible()
        }

    heights = {}
    for kind, parts in SHOWN.items():
        page.select_option("#id_kind", kind)
        assert shown() == parts, kind
        heights[kind] = page.evaluate("document.documentElement.scrollHeight")
        page.screenshot(path=str(artifacts / f"indicator-form-{kind}.png"), full_page=True)
    # The kinds without steps are the shortest; none is near the 5,358 px of the form with every part.
    assert max(heights.values()) < 4600, heights
    assert heights["pass_fail"] < heights["numeric"] < heights["milestone"] <= heights["mixed"]

    # A mixed indicator with two step levels: steps 1–2 and targets 3–5, and nothing else is sent.
    page.select_option("#id_kind", "mixed")
    page.fill("#id_mixed_steps", "2")
    visible_steps = [n for n in range(5) if page.locator(f"#id_steps-{n}-description").is_visible()]
    visible_targets = [n for n in range(1, 6) if page.locator(f"#id_target_{n}").is_visible()]
    assert (visible_steps, visible_targets) == ([0, 1], [3, 4, 5])
    assert page.locator("#id_target_1").is_disabled()
    page.fill("#id_mixed_steps", "3")
    assert page.locator("#id_steps-2-description").is_visible()
    assert not page.locator("#id_target_3").is_visible()

    # Switching kind keeps what was typed in a hidden part, and a saved milestone carries no target.
    page.select_option("#id_kind", "numeric")
    page.fill("#id_target_1", "60")
    page.select_option("#id_kind", "milestone")
    page.select_option("#id_kind", "numeric")
    assert page.input_value("#id_target_1") == "60"
    page.select_option("#id_kind", "milestone")
    page.select_option("#id_group", label="มิติที่ 4 ด้านการพัฒนาองค์กร")
    page.fill("#id_number", "9")
    page.fill("#id_name", "ระดับความสำเร็จของการจัดการความรู้")
    page.fill("#id_weight", "5")
    for n in range(5):
        page.fill(f"#id_steps-{n}-description", f"ขั้นตอนที่ {n + 1}")
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(f"{live_server.url}/agreements/{agreement.pk}/indicators/*/")
    saved = agreement.indicators.get(number="9")
    assert (saved.kind, saved.target_1, saved.steps.count()) == ("milestone", None, 5)
    context.close()

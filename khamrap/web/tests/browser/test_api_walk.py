"""A coordinator makes an API token in the browser, uses it, and revokes it; the API's docs page
renders from the packaged Swagger files under the site's content security policy."""

import pytest

from khamrap.demo.loader import DEMO_PASSWORD, demo_load

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")


def test_a_token_made_used_and_revoked_in_the_browser(browser, live_server, artifacts):
    demo_load()
    base = live_server.url
    for size in ({"width": 1280, "height": 900}, {"width": 375, "height": 812}):
        context = browser.new_context(viewport=size, locale="th-TH")
        page = context.new_page()
        sign_in(page, base, "coordinator")
        # The user menu leads to the tokens page.
        page.goto(f"{base}/")
        page.click("details.user-menu summary")
        page.click(".user-menu-body a[href='/api/tokens/']")
        page.click("#new-token")
        page.fill("#id_name", "ระบบ MIS ของกรม")
        page.select_option(
            "#id_organization", label=page.locator("#id_organization option").nth(1).inner_text()
        )
        page.check("#id_can_write")
        page.click("#token-form button[type=submit]")
        page.wait_for_selector("#token-secret")
        secret = page.input_value("#token-secret")
        assert secret.startswith("khr_")
        assert page.evaluate("document.documentElement.scrollWidth") == size["width"]
        page.screenshot(
            path=str(artifacts / f"api-token-created-{size['width']}.png"), full_page=True
        )

        # The token opens the API as its holder; a reload shows it no more.
        answer = page.request.get(
            f"{base}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
        )
        assert answer.status == 200
        assert answer.json()["token"]["can_write"] is True
        page.reload()
        assert page.locator("#token-secret").count() == 0

        # Revoked from the list (after the confirmation), it opens nothing.
        page.goto(f"{base}/api/tokens/")
        page.once("dialog", lambda dialog: dialog.accept())
        page.locator("#tokens form button").first.click()
        page.wait_for_load_state()
        page.screenshot(path=str(artifacts / f"api-token-list-{size['width']}.png"), full_page=True)
        answer = page.request.get(
            f"{base}/api/v1/me", headers={"Authorization": f"Bearer {secret}"}
        )
        assert answer.status == 401
        context.close()


def test_the_docs_page_renders_every_endpoint_without_a_policy_violation(
    browser, live_server, artifacts
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/results" in path for path in paths)
    assert len(paths) >= 30
    page.screenshot(path=str(artifacts / "api-docs-1280.png"))
    assert violations == []
    context.close()

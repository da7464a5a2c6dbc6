"""A Content-Security-Policy on every HTML page, and no template markup that it would block."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

HTML_PAGES = ["accounts:login", "accounts:password_reset", "public:agreement_list", "web:home"]


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("name", HTML_PAGES)
def test_every_page_has_a_strict_policy(client, world, name):
    if name == "web:home":
        client.force_login(world.coordinator)
    response = client.get(reverse(name))
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_error_pages_have_the_policy_too(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


# Markup that a policy without 'unsafe-inline' refuses: inline scripts and styles, style
# attributes, event-handler attributes and javascript: URLs. A JSON data block
# (<script type="application/json">, the API docs page's settings) is data a browser never runs.
BLOCKED = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
    re.IGNORECASE,
)
NOT_PAGES = ("/email/",)  # e-mails are not served under the policy


def test_no_page_template_has_inline_code_or_styles():
    found = []
    for template in Path(settings.BASE_DIR, "khamrap").rglob("templates/**/*.html"):
        if any(part in template.as_posix() for part in NOT_PAGES):
            continue
        text = template.read_text(encoding="utf-8")
        found += [f"{template}: {match.group(0)}" for match in BLOCKED.finditer(text)]
    assert found == []

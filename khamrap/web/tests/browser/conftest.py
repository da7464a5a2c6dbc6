"""Browser tests: Debian's Chromium driven by Playwright against Django's live server.

Playwright never downloads a browser here: it starts /usr/bin/chromium (installed with apt by
scripts/system-packages.sh). Screenshots go to artifacts/browser/ for a person to look at.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KHAMRAP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[4] / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is needed at {CHROMIUM}: scripts/system-packages.sh installs Debian's chromium"
        )
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread while the test's own ORM calls stay synchronous;
    # allow that for the browser tests only, and put the guard back afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

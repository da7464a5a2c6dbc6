"""Every demo person's main pages, at desktop and phone size: axe-core finds nothing, and on a phone
the page never scrolls sideways (issue 10: phones, accessibility).

axe-core is the one shipped, pinned, in the axe-playwright-python package (requirements/test.txt):
nothing is fetched at run time. Screenshots go to artifacts/browser/pages/ for a person to look at.
"""

import re

import pytest

from khamrap.agreements.models import Agreement
from khamrap.awards.choices import Stage
from khamrap.awards.models import Application
from khamrap.demo.loader import DEMO_PASSWORD, demo_load
from khamrap.pmqa.models import PmqaYear
from khamrap.reporting.models import Result

# serialized_rollback puts back the rows of data migrations (the preset frameworks) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DESKTOP = {"width": 1280, "height": 900}
PHONES = ({"width": 375, "height": 812}, {"width": 414, "height": 896})

# Each demo sign-in and the organization whose agreement is their daily work (None: no agreement,
# an award assessor of the pool).
PEOPLE = {
    "admin": "DOAE",
    "coordinator": "DOAE",
    "supervisor": "DOAE",
    "collector": "DOAE",
    "executive": "DOAE",
    "evaluator": "PROV-57",
    "coordinator.doa": "DOA",
    "supervisor.doa": "DOA",
    "collector.doa": "DOA",
    "coordinator.cri": "PROV-57",
    "supervisor.cri": "PROV-57",
    "governor.cri": "PROV-57",
    "assessor": None,
}

# Who also walks their organization's PMQA year (the demo's department and province).
PMQA_PEOPLE = {"coordinator", "executive", "coordinator.cri", "governor.cri"}

# Who also walks the award pages: the applicants of DOAE and Chiang Rai, the award office and an
# assessor of the pool.
AWARD_PEOPLE = {"coordinator", "evaluator", "assessor", "coordinator.cri"}

# A narrative with a long URL, as people paste them: it must wrap, not widen the page.
LONG_URL = (
    "https://www.doae.go.th/wp-content/uploads/2569/03/"
    "%E0%B8%A3%E0%B8%B2%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%9C%E0%B8%A5"
    "-report-of-the-six-month-round-final-version-2.pdf"
)


def main_pages(username, code):
    """The pages this person works in: their lists, and their organization's agreement, indicator,
    round, result and dashboard."""
    if code is None:
        return ["/", "/api/tokens/", *award_pages(username)]
    agreement = Agreement.objects.get(organization__code=code)
    indicator = agreement.indicators.filter(parent__isnull=True).order_by("order").first()
    six = agreement.fiscal_year.rounds.get(months=6)
    pages = [
        "/",
        "/organizations/",
        "/agreements/",
        f"/agreements/{agreement.pk}/",
        f"/agreements/{agreement.pk}/indicators/{indicator.pk}/",
        f"/results/agreement/{agreement.pk}/round/{six.pk}/",
        f"/results/indicator/{indicator.pk}/round/{six.pk}/",
        "/dashboards/",
        f"/dashboards/agreement/{agreement.pk}/?round={six.pk}",
        "/fiscal-years/",
        "/public/agreements/",
        "/api/tokens/",
        "/api/tokens/new/",
    ]
    if username == "evaluator":
        pages.append("/dashboards/workbench/")
    if username in PMQA_PEOPLE:
        year = PmqaYear.objects.get(organization__code=code)
        pages += [
            "/pmqa/",
            f"/pmqa/{year.pk}/",
            f"/pmqa/{year.pk}/assessment/",
            f"/pmqa/{year.pk}/profile/",
            f"/pmqa/{year.pk}/improvement-plan/",
            f"/pmqa/organization/{year.organization_id}/",
        ]
    return pages + award_pages(username)


def award_pages(username):
    """The award pages of the demo's story this person uses: DOAE's announced type 2 and its type 6
    draft (form 3), Chiang Rai's expansion at the site visit (the assessor's sheet, half written,
    and every sheet for the office), the histories."""
    if username not in AWARD_PEOPLE:
        return []
    announced = Application.objects.get(stage=Stage.ANNOUNCED)
    visited = Application.objects.get(stage=Stage.SITE_VISIT)
    draft = Application.objects.get(stage=Stage.DRAFT)
    pages = {
        "coordinator": [
            f"/awards/{announced.pk}/",
            f"/awards/{draft.pk}/",
            f"/awards/{draft.pk}/form-3/",
            f"/awards/history/{announced.organization_id}/",
        ],
        "evaluator": [
            f"/awards/{visited.pk}/",
            f"/awards/{visited.pk}/sheets/",
            f"/awards/{announced.pk}/",
            f"/awards/history/{visited.organization_id}/",
        ],
        "assessor": [
            f"/awards/{visited.pk}/",
            f"/awards/{visited.pk}/sheet/",
            f"/awards/{announced.pk}/sheet/",
        ],
        "coordinator.cri": [
            f"/awards/{visited.pk}/",
            f"/awards/history/{visited.organization_id}/",
        ],
    }
    return ["/awards/", *pages[username]]


def public_pages():
    published = Agreement.objects.get(organization__code="DOAE")
    return [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/public/agreements/",
        f"/public/agreements/{published.pk}/",
    ]


# The outermost elements that reach past the viewport, for the failure message.
WIDEST = """() => {
  const found = [];
  for (const e of document.body.querySelectorAll("*")) {
    const outside = e.getBoundingClientRect().right > window.innerWidth + 1;
    if (outside && !found.some((f) => f.contains(e))) found.push(e);
  }
  return found.map((e) => e.outerHTML.slice(0, 100)).join(" | ");
}"""


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/")


def axe_violations(axe, page):
    """Every axe-core violation on the page, of every impact, as readable lines."""
    results = axe.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in results["violations"]
    ]


def shot_name(username, path, size):
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"{username}-{slug}-{size['width']}.png"


def walk(browser, base, username, pages, artifacts):
    """Visit each page at desktop and phone sizes; return what is wrong, page by page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for size in (DESKTOP, *PHONES):
        context = browser.new_context(viewport=size, locale="th-TH")
        page = context.new_page()
        if username != "anonymous":
            sign_in(page, base, username)
        for path in pages:
            response = page.goto(f"{base}{path}")
            where = f"{username} {path} at {size['width']} px"
            if response.status != 200:
                problems.append(f"{where}: HTTP {response.status}")
                continue
            if size["width"] < DESKTOP["width"]:
                width = page.evaluate("document.documentElement.scrollWidth")
                if width != size["width"]:
                    culprit = page.evaluate(WIDEST)
                    problems.append(f"{where}: the page is {width} px wide ({culprit})")
            # axe on desktop and on the narrowest phone (the cards and the scrolling menu).
            if size["width"] in (DESKTOP["width"], PHONES[0]["width"]):
                problems += [f"{where}: {v}" for v in axe_violations(axe, page)]
                page.screenshot(
                    path=str(artifacts / shot_name(username, path, size)), full_page=True
                )
        context.close()
    return problems


@pytest.fixture
def demo(db):
    demo_load()
    agreement = Agreement.objects.get(organization__code="DOAE")
    indicator = agreement.indicators.filter(parent__isnull=True).order_by("order").first()
    changed = Result.objects.filter(indicator=indicator, reporting_round__months=6).update(
        performance=f"ดูรายงานฉบับเต็มที่ {LONG_URL} (ร้อยละ 82.5)", obstacles=LONG_URL
    )
    assert changed == 1  # the result page every DOAE person visits shows it


@pytest.fixture
def page_artifacts(artifacts):
    folder = artifacts / "pages"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.mark.parametrize("username", sorted(PEOPLE))
def test_every_main_page_is_accessible_and_fits_a_phone(
    username, demo, browser, live_server, page_artifacts
):
    problems = walk(
        browser, live_server.url, username, main_pages(username, PEOPLE[username]), page_artifacts
    )
    assert not problems, "\n".join(problems)


def test_the_public_pages_are_accessible_and_fit_a_phone(
    demo, browser, live_server, page_artifacts
):
    problems = walk(browser, live_server.url, "anonymous", public_pages(), page_artifacts)
    assert not problems, "\n".join(problems)

"""Every PMQA URL × person: another organization's people get 404, the public signs in, nobody
gets a 500. The URLs are read from the URLconf, so a page added later is in the matrix at once."""

import datetime as dt

import pytest
from django.urls import URLPattern, get_resolver, reverse

from khamrap.pmqa import services
from khamrap.pmqa.models import Item

from .conftest import assess_all

pytestmark = pytest.mark.django_db


def pmqa_urls() -> list[tuple[str, list[str]]]:
    """(namespaced name, its arguments) for every PMQA page and PMQA document."""
    found = []
    for namespace in ("pmqa", "documents_pdf"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            if namespace == "documents_pdf" and not pattern.name.startswith("pmqa"):
                continue
            found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))
    return found


URLS = pmqa_urls()


@pytest.fixture
def filled(approved, world, six):
    assess_all(approved, world.coordinator)
    project = services.project_save(
        year=approved,
        user=world.coordinator,
        title="โครงการพัฒนาระบบสารสนเทศ",
        owner_name="ศูนย์เทคโนโลยีสารสนเทศ",
        deadline=dt.date(2026, 6, 30),
    )
    return {
        "pk": approved.pk,
        "item_pk": Item.objects.get(category__version=approved.criteria, code="1.1").pk,
        "project_pk": project.pk,
        "round_pk": six.pk,
        "activity": "training",
        "move": "complete",
        "org_pk": world.dept.pk,
    }


def test_the_matrix_holds_every_page():
    names = {name for name, _args in URLS}
    assert len(URLS) >= 20
    assert {"pmqa:year_detail", "pmqa:assessment_edit", "documents_pdf:pmqa_plan"} <= names


@pytest.mark.parametrize(("name", "args"), URLS, ids=[name for name, _a in URLS])
def test_another_organization_never_sees_a_pmqa_page(client, world, filled, name, args):
    if not args:
        pytest.skip("not about one organization: the list shows each person their own")
    url = reverse(name, kwargs={a: filled[a] for a in args})
    # What a page that does not exist answers: another organization's must answer the same.
    missing = reverse(name, kwargs={a: 999999 if a.endswith("pk") else filled[a] for a in args})
    for person in (world.outsider, world.nobody):
        client.force_login(person)
        assert client.get(url).status_code == 404, (person, url)
        posted = client.post(url, {"title": "x", "progress": "5"}).status_code
        assert posted == client.post(missing, {"title": "x"}).status_code, (person, url)
        assert posted in (404, 405)  # the documents are GET only, whatever the year
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), URLS, ids=[name for name, _a in URLS])
def test_the_organizations_own_people_get_no_server_error(client, world, filled, name, args):
    url = reverse(name, kwargs={a: filled[a] for a in args})
    before = services_state(filled["pk"])
    # 404 for the coordinator only where the page is not for this organization (units are a
    # province's), and for the viewer where there is nothing for them (starting a year).
    coordinator = {200, 302, 405} | ({404} if name == "pmqa:units_edit" else set())
    for person, allowed in (
        (world.coordinator, coordinator),
        (world.collector, {200, 403, 404, 405}),
    ):
        client.force_login(person)
        assert client.get(url).status_code in allowed, (person, url)
    # A viewer's junk post is refused and changes nothing.
    client.force_login(world.collector)
    response = client.post(url, {"progress": "abc", "attendees": "-1", "A": "9", "version": "x"})
    assert response.status_code in {200, 302, 400, 403, 404, 405}
    assert services_state(filled["pk"]) == before


def services_state(pk: int) -> tuple:
    from khamrap.pmqa.models import PmqaYear

    year = PmqaYear.objects.get(pk=pk)
    return (
        year.status,
        year.training_on,
        tuple(year.assessments.values_list("version", flat=True)),
        tuple(year.projects.values_list("title", "status")),
        year.events.count(),
    )

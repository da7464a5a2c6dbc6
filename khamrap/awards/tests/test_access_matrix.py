"""Every award URL × person: another organization's people, and assessors not assigned, get 404;
the public signs in; nobody gets a 500; a junk post by someone who may not act changes nothing.
The URLs are read from the URLconf, so a page added later is in the matrix at once."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

from khamrap.awards import services
from khamrap.awards.choices import Family, Level, Move
from khamrap.awards.models import Application, AwardRecord, Score

from .builders import applied, moved

pytestmark = pytest.mark.django_db


def award_urls() -> list[tuple[str, list[str]]]:
    """(namespaced name, its arguments) for every award page and award document."""
    found = []
    for namespace in ("awards", "documents_pdf"):
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            assert isinstance(pattern, URLPattern)
            if namespace == "documents_pdf" and not pattern.name.startswith("award"):
                continue
            found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))
    return found


URLS = award_urls()


@pytest.fixture
def screening(calls, world, office, pool):
    application = applied(calls, world, Family.PUBLIC_SERVICE, 1, "ศูนย์บริการร่วม")
    application = moved(application, office, Move.CHECK, Move.SCREEN)
    assignment = services.assessor_assign(application=application, assessor=pool[0], user=office)
    services.record_add(
        organization=world.dept,
        user=office,
        year=2566,
        family=Family.PUBLIC_SERVICE,
        number=4,
        scheme_name="รางวัลการพัฒนาการบริการที่เป็นเลิศ",
        level=Level.DISTINGUISHED,
        work="ระบบทะเบียนออนไลน์",
    )
    return {
        "pk": application.pk,
        "move": Move.VISIT.value,
        "assignment_pk": assignment.pk,
        "org_pk": world.dept.pk,
    }


def test_the_matrix_holds_every_page():
    names = {name for name, _args in URLS}
    assert len(URLS) >= 18
    assert {"awards:detail", "awards:sheet", "documents_pdf:award_assessment"} <= names


def state(pk: int) -> tuple:
    application = Application.objects.get(pk=pk)
    return (
        application.stage,
        application.version,
        application.events.count(),
        tuple(application.assignments.values_list("assessor_id", "version")),
        Score.objects.filter(assignment__application=application).count(),
        AwardRecord.objects.count(),
    )


@pytest.mark.parametrize(("name", "args"), URLS, ids=[name for name, _a in URLS])
def test_another_organization_never_sees_an_award_page(client, world, pool, screening, name, args):
    if not args:
        pytest.skip("not about one organization: the list shows each person their own")
    url = reverse(name, kwargs={a: screening[a] for a in args})
    missing = reverse(name, kwargs={a: 999999 if a.endswith("pk") else screening[a] for a in args})
    before = state(screening["pk"])
    strangers = [world.outsider, world.nobody]
    if "org_pk" not in args:  # an assessor sees the applications they assess, nothing else
        strangers.append(pool[1])
    for person in strangers:
        client.force_login(person)
        assert client.get(url).status_code in (404, 405), (person, url)
        posted = client.post(url, {"title": "x", "points_1.1": "5", "version": "1"})
        assert posted.status_code == client.post(missing, {"title": "x"}).status_code, (
            person,
            url,
        )
        assert posted.status_code in (404, 405)
    assert state(screening["pk"]) == before
    client.logout()
    response = client.get(url)
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), URLS, ids=[name for name, _a in URLS])
def test_nobody_gets_a_server_error_and_junk_changes_nothing(
    client, world, office, pool, screening, name, args
):
    url = reverse(name, kwargs={a: screening[a] for a in args})
    for person in (world.coordinator, world.collector, world.executive, office, pool[0]):
        client.force_login(person)
        assert client.get(url).status_code in {200, 302, 403, 404, 405}, (person, url)
    before = state(screening["pk"])
    junk = {
        "version": "x",
        "points_1.1": "abc",
        "title": "",
        "started_on": "31/02/2569",
        "assessor": "abc",
        "year": "abc",
        "level": "nonsense",
        "text": "ก" * 70000,
    }
    for person in (world.collector, world.executive, pool[1]):
        client.force_login(person)
        response = client.post(url, junk)
        assert response.status_code in {200, 302, 400, 403, 404, 405}, (person, url)
    assert state(screening["pk"]) == before

"""Shared test fixtures: a small world of two ministries' worth of organizations and named people.

Like healthchecks' hc/test.py: every view test has someone who may see a page and someone from
another organization who must be refused.
"""

import pytest
from django.utils import translation

from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import membership_grant, organization_create


@pytest.fixture(autouse=True)
def _thai_by_default():
    # Tests read what a Thai user reads.
    with translation.override("th"):
        yield


@pytest.fixture(autouse=True)
def _fast_and_quiet_settings(settings):
    # A fast hash keeps user-heavy tests quick; plain static storage needs no collectstatic.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db, django_user_model):
    """Two ministries; the first with two departments and a bureau; people in named roles."""

    class World:
        pass

    w = World()
    w.ministry = organization_create(
        code="M1", name_th="กระทรวงหนึ่ง", kind=OrganizationKind.MINISTRY
    )
    w.dept = organization_create(
        code="M1-D1",
        name_th="กรมหนึ่ง",
        kind=OrganizationKind.DEPARTMENT,
        parent=w.ministry,
        department_group=1,
    )
    w.bureau = organization_create(
        code="M1-D1-B1", name_th="กองหนึ่ง", kind=OrganizationKind.BUREAU, parent=w.dept
    )
    w.dept2 = organization_create(
        code="M1-D2",
        name_th="กรมสอง",
        kind=OrganizationKind.DEPARTMENT,
        parent=w.ministry,
        department_group=2,
    )
    w.other_ministry = organization_create(
        code="M2", name_th="กระทรวงสอง", kind=OrganizationKind.MINISTRY
    )
    w.other_dept = organization_create(
        code="M2-D1",
        name_th="กรมของกระทรวงสอง",
        kind=OrganizationKind.DEPARTMENT,
        parent=w.other_ministry,
    )

    def person(username, role=None, organization=None, **extra):
        user = django_user_model.objects.create_user(
            username=username,
            password="password-for-tests",
            email=f"{username}@example.org",
            **extra,
        )
        if role:
            membership_grant(user=user, organization=organization, role=role)
        return user

    w.person = person
    w.executive = person("alice", Role.EXECUTIVE, w.ministry, first_name="อลิส")
    w.coordinator = person("bob", Role.COORDINATOR, w.dept, first_name="บ๊อบ")
    w.collector = person("charlie", Role.COLLECTOR, w.dept, first_name="ชาลี")
    w.outsider = person("dave", Role.COORDINATOR, w.other_dept, first_name="เดฟ")
    w.nobody = person("erin")
    w.superuser = person("root", is_superuser=True, is_staff=True)
    return w

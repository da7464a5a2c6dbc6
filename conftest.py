"""Shared test fixtures: a small world of two ministries' worth of organizations and named people,
an agreement for it, and the demo data shared by the tests of a module that read it.

Like healthchecks' hc/test.py: every view test has someone who may see a page and someone from
another organization who must be refused. Fixtures used by one app only live in its
tests/conftest.py.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import translation

from khamrap.agreements import services as agreement_services
from khamrap.agreements.models import Agreement, Framework, FrameworkGroup, ReformIssue
from khamrap.agreements.presets import presets_ensure
from khamrap.agreements.tests.builders import FIVE_STEPS, group, issues, sign_off
from khamrap.demo.loader import demo_load
from khamrap.organizations.choices import OrganizationKind, Role
from khamrap.organizations.services import membership_grant, organization_create
from khamrap.periods.services import fiscal_year_create


@pytest.fixture(autouse=True)
def _thai_by_default():
    # Tests read what a Thai user reads.
    with translation.override("th"):
        yield


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


# --- agreements -------------------------------------------------------------------------------------


@pytest.fixture
def fiscal_year(db):
    # The preset frameworks are rows of a data migration; a transactional test earlier in the
    # session (a browser test with its live server) may have flushed them: put them back.
    presets_ensure(Framework, FrameworkGroup, ReformIssue)
    year = fiscal_year_create(year=2569)
    year.framework = Framework.objects.get(code="dimensions-4")
    year.save()
    return year


@pytest.fixture
def six(fiscal_year):
    """The fiscal year's 6-month reporting round."""
    return fiscal_year.rounds.get(months=6)


@pytest.fixture
def signer(world):
    """The department's executive, who signs its agreement."""
    user = world.person("director")
    membership_grant(user=user, organization=world.dept, role=Role.EXECUTIVE)
    return user


@pytest.fixture
def evaluator(world):
    user = world.person("evaluator")
    membership_grant(user=user, organization=world.ministry, role=Role.EVALUATOR)
    return user


@pytest.fixture
def agreement(world, fiscal_year):
    """A complete, clean draft for world.dept (department group 1): three indicators, weights 50/30/20."""
    agreement = agreement_services.agreement_create(
        organization=world.dept, fiscal_year=fiscal_year, user=world.coordinator
    )
    people = {"supervisors": [world.executive], "collectors": [world.collector]}
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("1"),
            "number": "1",
            "name": "ร้อยละของเกษตรกรที่ได้รับการส่งเสริม",
            "weight": Decimal(50),
            "kind": "numeric",
            "direction": "higher",
            "target_1": Decimal(80),
            "target_2": Decimal(85),
            "target_3": Decimal(90),
            "target_4": Decimal(95),
            "target_5": Decimal(100),
            "unit": "ร้อยละ",
        },
        issues=issues("cost-reduction", "staffing"),
        **people,
    )
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("4"),
            "number": "16",
            "name": "ระดับความสำเร็จของการดำเนินงานตามขั้นตอนการพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
            "weight": Decimal(30),
            "kind": "milestone",
        },
        steps=FIVE_STEPS,
        issues=issues("service-time", "service-quality"),
        **people,
    )
    agreement_services.indicator_save(
        agreement=agreement,
        user=world.coordinator,
        fields={
            "group": group("2"),
            "number": "3",
            "name": "ผ่านการรับรองมาตรฐานการให้บริการ",
            "weight": Decimal(20),
            "kind": "pass_fail",
        },
        issues=issues("development-success"),
        **people,
    )
    return agreement


@pytest.fixture
def signed(agreement, world, signer):
    """The agreement approved by the committee, negotiated and signed by its department's head."""
    return sign_off(agreement, world, signer)


@pytest.fixture
def admin_client(client, world):
    """The admin site as world.superuser (instead of pytest-django's own admin user)."""
    client.force_login(world.superuser)
    return client


# --- data shared by a module's tests ----------------------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """In each module's run of tests, those that read data shared by the module go last.

    The shared data stays in the database from the first of them to the end of the module
    (`module_transaction`), so a test of the same module that needs an empty database must come
    before. pytest-django has already sorted the tests (database tests first, then transactional
    ones, then the others); the order is kept otherwise.
    """
    runs = []
    for item in items:
        if runs and runs[-1][-1].path == item.path:
            runs[-1].append(item)
        else:
            runs.append([item])
    items[:] = [
        item
        for run in runs
        for item in sorted(
            run, key=lambda i: "module_transaction" in getattr(i, "fixturenames", ())
        )
    ]


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction open for the rest of the module's tests and rolled back at its end.

    What a module-scoped fixture loads in it (the demo, the national dataset) is loaded once for
    the module instead of once a test: each test then runs in a savepoint of its own inside it
    (pytest-django's `db`), so what one test writes is gone for the next, and after the module the
    database is empty again. Not for transactional tests (a worker or a live server needs real
    commits): they load their data themselves.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _demo_module(module_transaction, django_db_blocker):
    # Loading takes seconds: three agreements walked through their life and a round each.
    with django_db_blocker.unblock(), translation.override("th"):
        demo_load()


@pytest.fixture
def demo(_demo_module, db):
    """The demo data (khamrap/demo/loader.py), loaded once for the module; a test's writes are undone."""


@pytest.fixture
def doae(demo):
    """The demo's published agreement of กรมส่งเสริมการเกษตร for 2569 (6-month round closed at 3.4350)."""
    return Agreement.objects.select_related("organization", "fiscal_year", "framework").get(
        organization__code="DOAE", fiscal_year__year=2569
    )

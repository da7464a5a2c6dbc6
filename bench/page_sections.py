"""The sections that measure pages, each against one SQL floor: the national roll-up, one ministry's
roll-up, the evaluator's workbench and a collector's home page, fetched by the people who use them."""

from __future__ import annotations

from collections.abc import Callable

from measuring import Section, alternate, sql, sql_fetch

SUPERUSER = "bench-superuser"

# --- the people and places measured -----------------------------------------------------------


def national_year():
    from khamrap.agreements.models import Agreement
    from khamrap.periods.models import FiscalYear

    year_id = (
        Agreement.objects.values_list("fiscal_year", flat=True).order_by("-fiscal_year").first()
    )
    return FiscalYear.objects.get(pk=year_id)


def superuser():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    found = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if found:
        return found
    user = User(username=SUPERUSER, is_superuser=True, is_staff=True)
    user.set_unusable_password()
    user.save()
    print(f"created superuser {SUPERUSER} (no password; the bench signs it in with force_login)")
    return user


def client_for(user):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    client.force_login(user)
    return client


def get_page(client, url: str) -> Callable[[], None]:
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        # The whole response: a streaming one is read to its end.
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        else:
            len(response.content)

    return fetch


ROLLUP_FLOOR = """
SELECT i.agreement_id, SUM(i.weight * r.self_score)
FROM reporting_result r
JOIN agreements_indicator i ON i.id = r.indicator_id
{join}
WHERE r.reporting_round_id = %s AND i.parent_id IS NULL {where}
GROUP BY i.agreement_id
"""


def section_rollup(runs: int) -> Section:
    from django.urls import reverse

    year = national_year()
    reporting_round = year.rounds.get(months=6)
    user = superuser()
    url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
    section = Section(
        "rollup",
        "National roll-up page",
        "≤ 3× the floor and under 2 s",
        f"GET {url} as {user.username} (superuser: every organization), whole response",
        "one SQL aggregate of the 6-month round's top-level results, weight × self score, "
        "grouped by agreement, all rows fetched",
        ratio_goal=3,
        seconds_goal=2,
    )
    client = client_for(user)
    floor = sql_fetch(ROLLUP_FLOOR.format(join="", where=""), [reporting_round.pk])
    alternate(section, get_page(client, url), floor, runs)
    section.extra["agreements"] = len(floor())
    section.notes.append(f"{section.extra['agreements']:,} agreements in the floor's result")
    return section


def ministry_with_most_agreements():
    from khamrap.organizations.choices import OrganizationKind
    from khamrap.organizations.models import Organization

    rows = sql(
        """
        SELECT m.id, COUNT(a.id) FROM organizations_organization m
        JOIN organizations_organization o ON o.path LIKE m.path || '%%'
        JOIN agreements_agreement a ON a.organization_id = o.id
        WHERE m.kind = %s
        GROUP BY m.id ORDER BY COUNT(a.id) DESC, m.id LIMIT 1
        """,
        [OrganizationKind.MINISTRY],
    )
    return Organization.objects.get(pk=rows[0][0]), rows[0][1]


def member(organization, role):
    from khamrap.organizations.models import Membership

    membership = (
        Membership.objects.filter(organization=organization, role=role)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    if membership is None:
        raise SystemExit(f"no {role} in {organization.code}")
    return membership.user


def section_ministry(runs: int) -> Section:
    from django.urls import reverse

    from khamrap.organizations.choices import Role

    year = national_year()
    reporting_round = year.rounds.get(months=6)
    ministry, agreements = ministry_with_most_agreements()
    user = member(ministry, Role.EXECUTIVE)
    url = f"{reverse('dashboards:rollup')}?year={year.year}&months=6"
    section = Section(
        "ministry",
        "One ministry's roll-up page",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (executive of {ministry.code} {ministry.name_th}, "
        f"{agreements:,} agreements in its subtree), whole response",
        "the same aggregate restricted to the agreements of organizations under the ministry's "
        "path",
        ratio_goal=3,
    )
    client = client_for(user)
    floor = sql_fetch(
        ROLLUP_FLOOR.format(
            join="JOIN agreements_agreement a ON a.id = i.agreement_id "
            "JOIN organizations_organization o ON o.id = a.organization_id",
            where="AND o.path LIKE %s",
        ),
        [reporting_round.pk, ministry.path + "%"],
    )
    alternate(section, get_page(client, url), floor, runs)
    return section


def evaluator_with_most_reports():
    from django.contrib.auth import get_user_model

    from khamrap.organizations.choices import Role

    rows = sql(
        """
        SELECT m.user_id, e.path, COUNT(rr.id) FROM organizations_membership m
        JOIN organizations_organization e ON e.id = m.organization_id
        JOIN organizations_organization o ON o.path LIKE e.path || '%%'
        JOIN agreements_agreement a ON a.organization_id = o.id
        JOIN reporting_roundreport rr ON rr.agreement_id = a.id AND rr.status <> 'open'
        WHERE m.role = %s
        GROUP BY m.user_id, e.path ORDER BY COUNT(rr.id) DESC, m.user_id LIMIT 1
        """,
        [Role.EVALUATOR],
    )
    user_id, path, reports = rows[0]
    return get_user_model().objects.get(pk=user_id), path, reports


WORKBENCH_COUNT = """
SELECT COUNT(*) FROM reporting_roundreport rr
JOIN agreements_agreement a ON a.id = rr.agreement_id
JOIN organizations_organization o ON o.id = a.organization_id
WHERE o.path LIKE %s AND rr.status <> 'open'
"""
WORKBENCH_PAGE = """
SELECT rr.id, rr.status, rr.submitted_at, o.code, o.name_th, p.months, p.deadline, y.year
FROM reporting_roundreport rr
JOIN agreements_agreement a ON a.id = rr.agreement_id
JOIN organizations_organization o ON o.id = a.organization_id
JOIN periods_reportinground p ON p.id = rr.reporting_round_id
JOIN periods_fiscalyear y ON y.id = p.fiscal_year_id
WHERE o.path LIKE %s AND rr.status <> 'open'
ORDER BY (rr.status = 'submitted') DESC, p.deadline, o.path, rr.id
LIMIT 50
"""


def section_workbench(runs: int) -> Section:
    from django.urls import reverse

    user, path, reports = evaluator_with_most_reports()
    url = reverse("dashboards:workbench")
    section = Section(
        "workbench",
        "Evaluator's workbench page",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (the evaluator with the most reports not open: "
        f"{reports:,}), whole response",
        "a SQL count of that evaluator's reports not open, plus one page of 50 of them with "
        "their organization and round, in the workbench's order",
        ratio_goal=3,
    )
    client = client_for(user)

    def floor():
        sql(WORKBENCH_COUNT, [path + "%"])
        sql(WORKBENCH_PAGE, [path + "%"])

    alternate(section, get_page(client, url), floor, runs)
    return section


def collector_for_home():
    """A national collector whose organization has the most open reports (3: every round)."""
    from django.contrib.auth import get_user_model

    from khamrap.demo.national import NATIONAL_DOMAIN
    from khamrap.organizations.choices import Role

    rows = sql(
        """
        SELECT m.user_id, COUNT(DISTINCT rr.id) FROM organizations_membership m
        JOIN accounts_user u ON u.id = m.user_id
        JOIN agreements_agreement a ON a.organization_id = m.organization_id
        JOIN reporting_roundreport rr ON rr.agreement_id = a.id AND rr.status = 'open'
        WHERE m.role = %s AND u.email LIKE %s
        GROUP BY m.user_id ORDER BY COUNT(DISTINCT rr.id) DESC, m.user_id LIMIT 1
        """,
        [Role.COLLECTOR, "%@" + NATIONAL_DOMAIN],
    )
    return get_user_model().objects.get(pk=rows[0][0]), rows[0][1]


HOME_FLOOR = """
SELECT r.id, r.indicator_id, r.reporting_round_id, r.status, r.submitted_by_id
FROM agreements_indicator_collectors c
JOIN agreements_indicator i ON i.id = c.indicator_id
JOIN reporting_result r ON r.indicator_id = c.indicator_id
JOIN periods_reportinground p ON p.id = r.reporting_round_id
LEFT JOIN reporting_roundreport rr
    ON rr.agreement_id = i.agreement_id AND rr.reporting_round_id = r.reporting_round_id
WHERE c.user_id = %s AND p.cutoff_date < %s AND COALESCE(rr.status, 'open') = 'open'
"""


def section_home(runs: int) -> Section:
    from django.urls import reverse
    from django.utils import timezone

    user, reports = collector_for_home()
    url = reverse("web:home")
    today = timezone.localdate()
    section = Section(
        "home",
        "Home page of a data collector",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (collector of an organization with {reports} open "
        "reports), whole response",
        "one indexed query of that collector's results in the open rounds, through the "
        "indicator collectors table",
        ratio_goal=3,
    )
    client = client_for(user)
    floor = sql_fetch(HOME_FLOOR, [user.pk, today])
    alternate(section, get_page(client, url), floor, runs)
    section.notes.append(f"the floor fetches {len(floor()):,} results")
    return section

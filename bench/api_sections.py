"""The API's sections (docs/api.md), each against one SQL floor written by hand: the stored standings
of the 6-month round with their rank, one page of that round's results, and the open data's CSV of
every published agreement.

The requests go through `django.test.Client` to /api/v1/ (django-ninja's routing, authentication,
rate limit, pagination, pydantic serialization: the whole response). The national caller is the
superuser signed in with `force_login` (the API's session authentication, no token scope), as the
national roll-up page is fetched. The standings are also fetched through a token sent as
`Authorization: Bearer …`, scoped to the ministry with the most agreements and its subtree: the
bench makes that one token (`khamrap.accounts.tokens.token_create`, read-only, named
"bench: api_standings") for the superuser, and deletes the one an earlier run made before making
it, so the database keeps at most one.

The rate limits (settings.API_RATE_LIMIT, API_OPEN_RATE_LIMIT) are raised for the run and the cache
that counts them is cleared, so that no request is refused with 429.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable

from measuring import Section, alternate, sql_fetch, timed
from page_sections import ministry_with_most_agreements, national_year, superuser

API = "/api/v1"
PAGE_SIZE = 200
TOKEN_NAME = "bench: api_standings"
UNLIMITED = "1000000/m"
SECTIONS = ("api_standings", "api_results", "api_open_csv")

_override = None


def unthrottled() -> None:
    """Raise the API's rate limits for the rest of the run and clear the cache that counts them."""
    global _override
    from django.core.cache import cache
    from django.test.utils import override_settings

    if _override is None:
        _override = override_settings(API_RATE_LIMIT=UNLIMITED, API_OPEN_RATE_LIMIT=UNLIMITED)
        _override.enable()
    cache.clear()


def api_client(user=None, token: str | None = None):
    """A client as the API sees one: signed in (session), through a token, or anonymous."""
    from django.test import Client

    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True, **headers)
    if user is not None:
        client.force_login(user)
    return client


def get_api(client, url: str, seen: list | None = None) -> Callable[[], None]:
    """GET `url`, refusing anything but 200, reading the whole body (a streamed one to its end).
    With `seen`, the last body is kept there (outside the timing's interest: a reference)."""

    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        if getattr(response, "streaming", False):
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        if seen is not None:
            seen[:] = [body]

    return fetch


def page_length(fetch: Callable[[], None], seen: list) -> tuple[int, int]:
    """The API page's number of items and its `count`, from one request."""
    fetch()
    page = json.loads(seen[0])
    return len(page["items"]), page["count"]


def page_size_note(section: Section, items: int, count: int) -> None:
    if items < min(PAGE_SIZE, count):
        section.notes.append(
            f"page_size={PAGE_SIZE} asked, the API answered {items} items a page (fewer than "
            f"docs/api.md promises: khamrap/api/schemas.py Pages); the floor fetches the same "
            f"{items} rows"
        )
    section.extra["page_items"] = items


def six_month_round():
    year = national_year()
    return year, year.rounds.get(months=6)


def scoped_token(user, organization) -> str:
    """The bench's one token: read-only, scoped to `organization` and its subtree."""
    from khamrap.accounts.models import ApiToken
    from khamrap.accounts.tokens import token_create

    ApiToken.objects.filter(user=user, name=TOKEN_NAME).delete()
    issued = token_create(
        by=user,
        user=user,
        organization=organization,
        name=TOKEN_NAME,
        include_subtree=True,
        can_write=False,
    )
    return issued.secret


# --- standings ----------------------------------------------------------------------------------

# The page of /standings in one query: every standing of the round the caller sees (the scope, if
# any, as a path prefix), its rank among the signed agreements' official totals of the same
# standing by a window function, the number of rows by another, then the page in the endpoint's
# order (year, months, tree path, id).
STANDINGS_FLOOR = """
SELECT * FROM (
    SELECT s.id, s.agreement_id, s.reporting_round_id, s.report_status, s.standing,
        s.total_self, s.total_final, s.reported, s.verified, s.indicators,
        o.id AS organization_id, o.code, o.name_th, o.name_en, o.path, y.year, p.months,
        CASE WHEN ranked THEN RANK() OVER (
            PARTITION BY s.reporting_round_id, s.standing, ranked ORDER BY s.total_final DESC
        ) END AS rank,
        COUNT(*) OVER () AS count
    FROM reporting_roundstanding s
    JOIN agreements_agreement a ON a.id = s.agreement_id
    JOIN organizations_organization o ON o.id = a.organization_id
    JOIN periods_reportinground p ON p.id = s.reporting_round_id
    JOIN periods_fiscalyear y ON y.id = p.fiscal_year_id
    CROSS JOIN LATERAL (SELECT s.standing = ANY(%(official)s) AND s.total_final IS NOT NULL
        AND a.status = ANY(%(locked)s) AS ranked) r
    WHERE s.reporting_round_id = %(round)s AND o.path LIKE %(path)s
) page
ORDER BY year DESC, months, path, id
LIMIT %(limit)s
"""


def standings_floor(round_id: int, limit: int, path: str = "") -> Callable[[], list[tuple]]:
    from khamrap.agreements.choices import LOCKED_STATUSES
    from khamrap.rules import counting

    return sql_fetch(
        STANDINGS_FLOOR,
        {
            "official": sorted(str(s) for s in counting.OFFICIAL),
            "locked": sorted(str(s) for s in LOCKED_STATUSES),
            "round": round_id,
            "path": path + "%",
            "limit": limit,
        },
    )


def _same_ranks(body: bytes, rows: list[tuple]) -> tuple[int, int, int, int]:
    """How many of the API page's rows the floor gives, in the same place with the same rank; the
    page's length, its `count` and the floor's."""
    page = json.loads(body)
    same = sum(
        1
        for item, row in zip(page["items"], rows, strict=False)
        if (item["agreement_id"], item["rank"]) == (row[1], row[17])
    )
    return same, len(page["items"]), page["count"], rows[0][18] if rows else 0


def section_api_standings(runs: int) -> Section:
    unthrottled()
    year, six = six_month_round()
    user = superuser()
    ministry, agreements = ministry_with_most_agreements()
    url = (
        f"{API}/standings?year={year.year}&round={six.pk}&official_only=false&page_size={PAGE_SIZE}"
    )
    section = Section(
        "api_standings",
        "API: stored standings with their rank",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (superuser signed in: the API's session authentication, "
        "no token scope), whole response",
        "one SQL query of the same page of standings in the endpoint's order, each "
        "with its rank by a window function (RANK() over the round's official totals of signed "
        "agreements, by standing) and the row count by another",
        ratio_goal=3,
    )
    national_body: list = []
    national = get_api(api_client(user), url, national_body)
    items, count = page_length(national, national_body)
    page_size_note(section, items, count)
    floor = standings_floor(six.pk, items)

    token = scoped_token(user, ministry)
    scoped_body: list = []
    scoped = get_api(api_client(token=token), url, scoped_body)
    scoped_floor = standings_floor(six.pk, items, ministry.path)
    scoped_times: list[float] = []
    scoped_floor_times: list[float] = []

    # The national figure and floor alternate as every section's do, and the scoped pair after
    # them in the same loop, so that all four see the same minutes of the machine.
    for warm_up in (floor, national, scoped_floor, scoped):
        warm_up()
    for n in range(runs):
        section.floor.append(timed(floor))
        section.figure.append(timed(national))
        scoped_floor_times.append(timed(scoped_floor))
        scoped_times.append(timed(scoped))
        print(
            f"  api_standings run {n + 1}: {section.figure[-1]:.3f} s, floor "
            f"{section.floor[-1]:.3f} s; scoped {scoped_times[-1]:.3f} s, floor "
            f"{scoped_floor_times[-1]:.3f} s",
            flush=True,
        )

    same, items, count, floor_count = _same_ranks(national_body[0], floor())
    section.notes.append(
        f"the floor gives the API's rows in the same order with the same rank for {same} of the "
        f"page's {items}; count {count:,} (the floor's {floor_count:,})"
    )
    figure, floor_median = statistics.median(scoped_times), statistics.median(scoped_floor_times)
    ratio = figure / floor_median
    same, items, count, floor_count = _same_ranks(scoped_body[0], scoped_floor())
    section.notes.append(
        f"through a token scoped to {ministry.code} {ministry.name_th} and its subtree "
        f"({agreements:,} agreements; Authorization: Bearer, read-only): "
        f"{_ms(figure)} ({_ms(min(scoped_times))}–{_ms(max(scoped_times))}) against a floor of "
        f"{_ms(floor_median)} (the same query under the ministry's path): {ratio:.2f}× "
        f"({'met' if ratio <= 3 else 'not met'} for ≤ 3×); the floor gives the API's rows and ranks "
        f"for {same} of {items}, count {count:,} (the floor's {floor_count:,})"
    )
    section.extra["scoped"] = {
        "organization": ministry.code,
        "agreements": agreements,
        "figure_seconds": scoped_times,
        "floor_seconds": scoped_floor_times,
        "ratio": ratio,
    }
    return section


# --- results ------------------------------------------------------------------------------------

# One page of /results?round=…: the round's results with their indicator's number, joined to the
# agreement, in the endpoint's order (agreement, round, indicator number, indicator, id), and the
# round's number of results (the page's `count`; the superuser sees every one) as a scalar
# subquery of the same statement. (COUNT(*) OVER () would sort the whole round: 8× slower.)
RESULTS_FLOOR = """
SELECT r.id, r.indicator_id, i.number, r.reporting_round_id, r.status, r.version, r.value,
    r.steps_done, r.step_dates, r.passed, r.performance, r.supporting_factors, r.obstacles,
    r.suggestions, r.explanation, r.return_comment, r.self_score, r.verified_score,
    r.verified_reason, r.submitted_at, r.approved_at, r.verified_at, r.updated_at,
    (SELECT COUNT(*) FROM reporting_result c WHERE c.reporting_round_id = %(round)s) AS count
FROM reporting_result r
JOIN agreements_indicator i ON i.id = r.indicator_id
JOIN agreements_agreement a ON a.id = i.agreement_id
WHERE r.reporting_round_id = %(round)s
ORDER BY a.id, r.reporting_round_id, i.number, i.id, r.id
LIMIT %(limit)s
"""


def section_api_results(runs: int) -> Section:
    unthrottled()
    _year, six = six_month_round()
    user = superuser()
    url = f"{API}/results?round={six.pk}&page_size={PAGE_SIZE}"
    section = Section(
        "api_results",
        "API: one page of a round's results",
        "≤ 3× the floor",
        f"GET {url} as {user.username} (superuser signed in, no token scope), whole response",
        "one SQL query of the same page of results joined to their indicator and agreement, in "
        "the endpoint's order, with the round's number of results (the page's count) as a "
        "scalar subquery",
        ratio_goal=3,
    )
    body: list = []
    figure = get_api(api_client(user), url, body)
    items, count = page_length(figure, body)
    page_size_note(section, items, count)
    floor = sql_fetch(RESULTS_FLOOR, {"round": six.pk, "limit": items})
    alternate(section, figure, floor, runs)
    page, rows = json.loads(body[0]), floor()
    same = sum(1 for item, row in zip(page["items"], rows, strict=False) if item["id"] == row[0])
    section.notes.append(
        f"the floor's page holds the API's results in the same order for {same} of "
        f"{len(page['items'])} rows; count {page['count']:,} (the floor's {rows[0][-1]:,})"
    )
    return section


# --- the open data's CSV ------------------------------------------------------------------------

# Every published agreement (no individual's) with what a line of the CSV holds: its organization,
# year, framework, the number of top-level indicators in force, and the latest round whose report
# was submitted or closed, from the stored standings; in the file's order.
OPEN_CSV_FLOOR = """
SELECT a.id, o.code, o.name_th, o.name_en, o.kind, y.year, f.code, a.signed_on,
    (SELECT COUNT(*) FROM agreements_indicator i
     WHERE i.agreement_id = a.id AND i.parent_id IS NULL AND i.retired_from_id IS NULL),
    official.months, official.cutoff_date, official.standing, official.total_final
FROM agreements_agreement a
JOIN organizations_organization o ON o.id = a.organization_id
JOIN periods_fiscalyear y ON y.id = a.fiscal_year_id
JOIN agreements_framework f ON f.id = a.framework_id
LEFT JOIN LATERAL (
    SELECT p.months, p.cutoff_date, s.standing, s.total_final
    FROM reporting_roundstanding s JOIN periods_reportinground p ON p.id = s.reporting_round_id
    WHERE s.agreement_id = a.id AND s.report_status IN ('submitted', 'closed')
    ORDER BY p.months DESC LIMIT 1
) official ON TRUE
WHERE a.status = 'published' AND o.kind <> 'individual'
ORDER BY y.year DESC, o.path, a.id
"""


def section_api_open_csv(runs: int) -> Section:
    unthrottled()
    url = f"{API}/open/agreements.csv"
    section = Section(
        "api_open_csv",
        "API: open data, every published agreement as CSV",
        "≤ 3× the floor and under 2 s",
        f"GET {url} anonymous (no token, no session), the streamed response read to its end",
        "one SQL query of the same rows: each published agreement (no individual's) with its "
        "organization, year, framework, its count of top-level indicators in force and its "
        "latest submitted or closed round's stored standing, in the file's order",
        ratio_goal=3,
        seconds_goal=2,
    )
    body: list = []
    floor = sql_fetch(OPEN_CSV_FLOOR)
    alternate(section, get_api(api_client(), url, body), floor, runs)
    lines = body[0].decode("utf-8-sig").splitlines()
    rows = floor()
    section.notes.append(
        f"{len(lines) - 1:,} agreements in the file ({len(body[0]) / 1024:,.0f} KiB), "
        f"{len(rows):,} rows in the floor's result"
    )
    return section


# --- for bench/run.py -----------------------------------------------------------------------------


def section_for(name: str, runs: int) -> Section:
    return {
        "api_standings": section_api_standings,
        "api_results": section_api_results,
        "api_open_csv": section_api_open_csv,
    }[name](runs)


def figure_again(name: str) -> Callable[[], object]:
    """The figure's request once more, for the profiler (the national caller's, for standings)."""
    unthrottled()
    year, six = six_month_round()
    if name == "api_standings":
        url = (
            f"{API}/standings?year={year.year}&round={six.pk}&official_only=false"
            f"&page_size={PAGE_SIZE}"
        )
        return get_api(api_client(superuser()), url)
    if name == "api_results":
        return get_api(
            api_client(superuser()), f"{API}/results?round={six.pk}&page_size={PAGE_SIZE}"
        )
    return get_api(api_client(), f"{API}/open/agreements.csv")


def _ms(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value:.2f} s"

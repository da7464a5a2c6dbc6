"""What a national dataset run made and how long each part took, and the lines the command prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class NationalReport:
    """What was made and how long each part took."""

    organizations: int = 0
    users: int = 0
    memberships: int = 0
    agreements: int = 0
    indicators: int = 0
    steps: int = 0
    results: int = 0
    reports: int = 0
    result_statuses: Counter = field(default_factory=Counter)
    report_statuses: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def national_summary(report: NationalReport) -> Iterable[str]:
    """What was made, as the command prints it."""
    yield (
        f"organizations {report.organizations}, users {report.users} "
        f"({report.memberships} roles), agreements {report.agreements}, "
        f"indicators {report.indicators} ({report.steps} steps), results {report.results}, "
        f"round reports {report.reports}"
    )
    yield "results by status: " + ", ".join(
        f"{status} {count}" for status, count in sorted(report.result_statuses.items())
    )
    yield "reports by status: " + ", ".join(
        f"{status} {count}" for status, count in sorted(report.report_statuses.items())
    )
    if report.skipped:
        yield "kept their own agreement for the year: " + ", ".join(report.skipped)

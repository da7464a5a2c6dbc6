"""How bench/run.py measures: a `Section` holds a figure and its floor, run alternately and judged
against a goal; the helpers time them, query the database, roll writes back and profile a goal not
met (profiling.py)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import profiling  # bench/profiling.py: the top causes of a goal not met


class RolledBack(Exception):
    """Raised at the end of a measured write so that its transaction is undone."""


@dataclass
class Section:
    name: str
    title: str
    goal: str
    figure_label: str = ""
    floor_label: str = ""
    figure: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    ratio_goal: float | None = None
    seconds_goal: float | None = None
    met: bool | None = None
    notes: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    carried_from: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.figure) if self.figure else None

    @property
    def floor_median(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.floor_median:
            return None
        return self.median / self.floor_median

    def judge(self) -> None:
        checks = []
        if self.ratio_goal is not None and self.ratio is not None:
            checks.append(self.ratio <= self.ratio_goal)
        if self.seconds_goal is not None and self.median is not None:
            checks.append(self.median < self.seconds_goal)
        self.met = all(checks) if checks else None

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "goal": self.goal,
            "figure_label": self.figure_label,
            "floor_label": self.floor_label,
            "figure_seconds": self.figure,
            "floor_seconds": self.floor,
            "median_seconds": self.median,
            "floor_median_seconds": self.floor_median,
            "ratio": self.ratio,
            "ratio_goal": self.ratio_goal,
            "seconds_goal": self.seconds_goal,
            "met": self.met,
            "notes": self.notes,
            "causes": self.causes,
            "extra": self.extra,
            "carried_from": self.carried_from,
        }

    @classmethod
    def from_json(cls, data: dict, date: str) -> Section:
        section = cls(data["name"], data["title"], data["goal"])
        section.figure_label = data.get("figure_label", "")
        section.floor_label = data.get("floor_label", "")
        section.figure = data.get("figure_seconds", [])
        section.floor = data.get("floor_seconds", [])
        section.ratio_goal = data.get("ratio_goal")
        section.seconds_goal = data.get("seconds_goal")
        section.met = data.get("met")
        section.notes = data.get("notes", [])
        section.causes = data.get("causes", [])
        section.extra = data.get("extra", {})
        section.carried_from = data.get("carried_from") or date
        return section


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def alternate(section: Section, figure, floor, runs: int, warm: bool = True) -> None:
    """Figure and floor one after the other, `runs` times (after one warm-up of each)."""
    if warm:
        floor()
        figure()
    for n in range(runs):
        section.floor.append(timed(floor))
        section.figure.append(timed(figure))
        print(
            f"  {section.name} run {n + 1}: {section.figure[-1]:.3f} s, "
            f"floor {section.floor[-1]:.3f} s",
            flush=True,
        )


def sql(query: str, params=()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def sql_fetch(query: str, params=()) -> Callable[[], list[tuple]]:
    return lambda: sql(query, params)


def profile(section: Section, function: Callable[[], object]) -> None:
    """Run the figure's work once more under cProfile with every SQL query timed (profiling.py)."""
    section.causes = profiling.causes(function)
    for line in section.causes:
        print(f"  cause: {line}", flush=True)


def rolled_back(function: Callable[[], object]) -> Callable[[], object]:
    from django.db import transaction

    def run():
        try:
            with transaction.atomic():
                function()
                raise RolledBack
        except RolledBack:
            pass

    return run

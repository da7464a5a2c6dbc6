"""The top causes of a slow figure: one run under cProfile with every SQL query timed.

Used by bench/run.py and scripts/bench_import.py (--profile) for each goal not met. Needs Django set
up (it times queries through connection.execute_wrapper).
"""

from __future__ import annotations

import cProfile
import pstats
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def causes(function: Callable[[], object]) -> list[str]:
    """Run `function` once under cProfile with every SQL query timed: the top causes, in words."""
    from django.db import connection

    queries: list[tuple[float, str]] = []
    slowest: list = [0.0, None, None]

    def wrapper(execute, query, params, many, context):
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            queries.append((elapsed, query))
            if elapsed > slowest[0] and not many:
                slowest[:] = [elapsed, query, params]

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        profiler.enable()
        try:
            function()
        finally:
            profiler.disable()
    total = time.perf_counter() - started
    in_sql = sum(seconds for seconds, _query in queries)
    causes = [
        f"profiled run: {total:.2f} s, of which {in_sql:.2f} s ({in_sql / total:.0%}) waiting for "
        f"{len(queries):,} SQL queries and {total - in_sql:.2f} s in Python"
    ]
    # The same statement run many times (an N+1) shows as one shape with a large count.
    shapes: dict[str, list[float]] = {}
    for seconds, query in queries:
        shapes.setdefault(_shape(query), []).append(seconds)
    # Queries of a few milliseconds in all explain nothing; keep the ones that weigh.
    heavy = [kv for kv in sorted(shapes.items(), key=lambda kv: -sum(kv[1])) if sum(kv[1]) >= 0.005]
    heavy = heavy[:4]
    for shape, times in heavy:
        causes.append(f"SQL {sum(times):.2f} s in {len(times):,}× `{shape}`")
    plan = _plan(slowest[1], slowest[2]) if slowest[0] > 0.02 else ""
    if plan:
        causes.append(f"plan of the slowest query ({slowest[0]:.2f} s): {plan}")
    stats = pstats.Stats(profiler)
    rendering = sum(
        cumulative
        for (filename, _line, name), (
            _cc,
            _calls,
            _own,
            cumulative,
            _callers,
        ) in stats.stats.items()
        if filename.endswith("django/template/backends/django.py") and name == "render"
    )
    view = max(
        (
            (cumulative, name)
            for (filename, _line, name), (
                _cc,
                _calls,
                _own,
                cumulative,
                _callers,
            ) in stats.stats.items()
            if filename.startswith(str(ROOT / "khamrap")) and filename.endswith("views.py")
        ),
        default=None,
    )
    if view:
        causes.append(
            f"the view {view[1]}: {view[0]:.2f} s; around it (middleware, session, user, "
            f"response): {total - view[0]:.2f} s"
        )
    if rendering:
        causes.append(
            f"template rendering: {rendering:.2f} s (with the queries a template runs lazily)"
        )
    own = _top(stats, by_own=True)
    mine = _top(stats, by_own=False, only=str(ROOT / "khamrap"), count=10)
    if mine:
        causes.append(
            "khamrap functions by cumulative time: "
            + "; ".join(
                f"{name} {seconds:.2f} s ({calls:,} calls)" for name, seconds, calls in mine
            )
        )
    if own:
        causes.append(
            "functions by own time: "
            + "; ".join(f"{name} {seconds:.2f} s ({calls:,} calls)" for name, seconds, calls in own)
        )
    return causes


def _plan(query: str | None, params) -> str:
    """EXPLAIN ANALYZE of a SELECT, condensed: each plan node with its time and rows."""
    from django.db import connection

    if not query or not query.lstrip().upper().startswith("SELECT"):
        return ""
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + query, params)
        lines = [row[0] for row in cursor.fetchall()]
    nodes = []
    for line in lines:
        found = re.match(
            r"^\s*(?:->\s*)?(.+?)\s+\(cost=[^)]*\)\s+\(actual time=[\d.]+\.\.([\d.]+) "
            r"rows=(\d+) loops=(\d+)\)",
            line,
        )
        if found:
            name, ms, rows, loops = found.groups()
            loops_text = f" × {int(loops):,} loops" if int(loops) > 1 else ""
            nodes.append(f"{name} {float(ms):.1f} ms, {int(rows):,} rows{loops_text}")
    return " → ".join(nodes[:8])


def _outer(name: str) -> bool:
    """Frames around everything (a view, a middleware, a command's handle): they explain nothing."""
    return "views.py" in name or "middleware.py" in name or "(handle)" in name


def _shape(query: str, width: int = 260) -> str:
    text = re.sub(r"\s+", " ", query).strip()
    text = re.sub(r"IN \((?:%s, )+%s\)", "IN (…)", text)
    text = re.sub(r"VALUES (\(.*?\))(, \(.*?\))+", r"VALUES \1, …", text)
    text = re.sub(r'"([a-z_]+)"\."([a-z_]+)"', r"\2", text)
    text = re.sub(r"^SELECT (?!COUNT)(.{40,}?) FROM ", "SELECT … FROM ", text)
    text = text.replace('"', "")
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _top(stats: pstats.Stats, *, by_own: bool, only: str | None = None, count: int = 6):
    rows = []
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        if only is not None and not filename.startswith(only):
            continue
        if only is None and name in ("<built-in method builtins.exec>",):
            continue
        short = filename
        if filename.startswith(str(ROOT)):
            short = filename[len(str(ROOT)) + 1 :]
        elif "site-packages/" in filename:
            short = filename.split("site-packages/", 1)[1]
        rows.append((f"{short}:{line}({name})", own if by_own else cumulative, calls))
    rows = [row for row in rows if row[1] >= 0.005]
    rows.sort(key=lambda row: -row[1])
    if only is not None:
        # Drop the outer frames (the view, the command's handle): keep the ones that explain.
        rows = [row for row in rows if not _outer(row[0])]
    return rows[:count]

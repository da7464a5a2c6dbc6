"""The rescore section: khamrap's rescoring command against one SQL UPDATE of the linear rule, both in
transactions rolled back."""

from __future__ import annotations

import io

from measuring import Section, alternate, rolled_back, sql

# The linear rule of rules/scoring.py (_interpolate, round4) in SQL: below T1 the framework's floor,
# from T5 on 5, between two targets a straight line; "lower is better" mirrors every comparison.
RESCORE_SCORE = """ROUND(CASE
    WHEN x.s * r.value < x.s * x.t1 THEN x.floor
    WHEN x.s * r.value >= x.s * x.t5 THEN 5
    WHEN x.s * r.value < x.s * x.t2 THEN 1 + (x.s * r.value - x.s * x.t1) / (x.s * (x.t2 - x.t1))
    WHEN x.s * r.value < x.s * x.t3 THEN 2 + (x.s * r.value - x.s * x.t2) / (x.s * (x.t3 - x.t2))
    WHEN x.s * r.value < x.s * x.t4 THEN 3 + (x.s * r.value - x.s * x.t3) / (x.s * (x.t4 - x.t3))
    ELSE 4 + (x.s * r.value - x.s * x.t4) / (x.s * (x.t5 - x.t4))
END, 4)"""
RESCORE_SOURCE = """(
    SELECT i.id, i.agreement_id, CASE WHEN i.direction = 'lower' THEN -1 ELSE 1 END AS s,
        i.target_1 AS t1, i.target_2 AS t2, i.target_3 AS t3, i.target_4 AS t4,
        i.target_5 AS t5, f.floor
    FROM agreements_indicator i
    JOIN agreements_agreement a ON a.id = i.agreement_id
    JOIN agreements_framework f ON f.id = a.framework_id
    WHERE i.kind = 'numeric'
) x"""
RESCORE_WHERE = """r.indicator_id = x.id AND r.value IS NOT NULL
AND NOT EXISTS (
    SELECT 1 FROM reporting_roundreport rr
    WHERE rr.agreement_id = x.agreement_id AND rr.reporting_round_id = r.reporting_round_id
    AND rr.status = 'closed'
)"""
RESCORE_FLOOR = f"""UPDATE reporting_result r SET self_score = {RESCORE_SCORE}
FROM {RESCORE_SOURCE} WHERE {RESCORE_WHERE}"""
RESCORE_CHECK = f"""SELECT COUNT(*), COUNT(*) FILTER (WHERE {RESCORE_SCORE} IS DISTINCT FROM r.self_score)
FROM reporting_result r, {RESCORE_SOURCE} WHERE {RESCORE_WHERE}"""


def section_rescore(runs: int) -> Section:
    from django.core.management import call_command, get_commands

    command = "rescore" if "rescore" in get_commands() else "rebuild_standings"
    section = Section(
        "rescore",
        "Rescoring everything",
        "≤ 2× the floor",
        f'call_command("{command}") in a transaction rolled back afterwards',
        "one SQL UPDATE recomputing the self score of every numeric (linear) indicator's result "
        "of the rounds not closed from its five targets, direction and the framework's floor, in "
        "a transaction rolled back",
        ratio_goal=2,
    )
    if command != "rescore":
        section.notes.append(
            "the `rescore` command did not exist yet: measured `rebuild_standings` (every "
            "agreement × round's standings recomputed and written) instead"
        )
    out = io.StringIO()
    figure = rolled_back(lambda: call_command(command, stdout=out))
    updated = []

    def floor_update():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(RESCORE_FLOOR)
            updated.append(cursor.rowcount)

    floor = rolled_back(floor_update)
    check_floor(section)
    # No warm-up: each run of the command costs as much as a warm-up would.
    alternate(section, figure, floor, runs, warm=False)
    section.notes.append(f"the floor's UPDATE rewrites {updated[-1]:,} results")
    last = out.getvalue().strip().splitlines()
    if last:
        section.notes.append(f"the command said: {last[-1]}")
    section.extra["command"] = command
    return section


def check_floor(section: Section) -> None:
    """The floor must compute what khamrap stores: compare its scores with the stored ones."""
    total, different = sql(RESCORE_CHECK)[0]
    section.notes.append(
        f"the floor's formula gives the stored self score for {total - different:,} of "
        f"{total:,} numeric results"
    )

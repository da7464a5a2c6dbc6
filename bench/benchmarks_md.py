"""BENCHMARKS.md, written wholly from the sections of a run: a table of every figure beside its floor,
then each section with its notes and the top causes of a goal not met, then how to run and what each
floor is."""

from __future__ import annotations

from pathlib import Path

from measuring import Section
from script_sections import IMPORT_DATABASE

REPORT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def figure_text(section: Section) -> str:
    if section.name == "deadline":
        after = section.extra["after_sign_in"]
        return f"p95 {after['p95_ms']:.0f} ms, p50 {after['p50_ms']:.0f} ms"
    if not section.figure:
        return "–"
    text = seconds(section.median)
    if len(section.figure) > 1:
        text += f" ({seconds(min(section.figure))}–{seconds(max(section.figure))})"
    return text


def verdict(section: Section) -> str:
    return {True: "met", False: "**not met**", None: "–"}[section.met]


def ratio_text(section: Section) -> str:
    if section.ratio is None:
        return "–"
    # Two places near a goal such as 1.5×, where one place would read 1.52 as met.
    return f"{section.ratio:.2f}×" if section.ratio < 10 else f"{section.ratio:.1f}×"


HOW = """\
## How to run

```sh
.venv/bin/python bench/run.py                 # everything, 5 runs each (about {minutes} minutes)
.venv/bin/python bench/run.py --only rollup home --runs 9
.venv/bin/python bench/run.py --with-load     # also run bench/deadline.py again (minutes more)
```

It needs PostgreSQL (`--database-url`, default `postgres://postgres@127.0.0.1:5432/khamrap_bench`;
created, migrated and filled with `khamrap generate_national` when empty) and Redis for the cache.
Django runs in the script's process with production settings (`DEBUG=0`, a throwaway
`SECRET_KEY`, no HTTPS redirect, the Redis cache, as `bench/deadline.py`). Pages are fetched with
`django.test.Client` (middleware, view, template rendering: the whole response) by a user signed in
with `force_login`. Each figure and its floor run alternately after one warm-up, and the medians
are compared: the machine's cores are shared and its figures noisy, so read the ratio, not the
seconds. The rescore and its floor run in transactions rolled back, the import in its own scratch
database (`{import_database}`, created and dropped): nothing measured stays. The script rewrites
this file and `bench/results/run.json`; with `--only` the other sections are carried over from the
previous run and say so. A section whose goal is not met is run once more under cProfile with every
SQL query timed, and its top causes are listed under it.

## What each floor is

A floor is the least work the database (or engine) must do for the same answer, measured in the
same run, so that a ratio says how much khamrap adds on top of it:

- **rollup**: one SQL aggregate over the round's results, `SUM(weight × self_score)` of the
  top-level indicators grouped by agreement, every row fetched. The page instead reads the stored
  standings, ranks and renders 50 rows; a ratio under 1 means the stored standings beat scoring.
- **ministry**: the same aggregate restricted to the agreements under the ministry's path.
- **rescore**: one `UPDATE` recomputing the self score of every numeric (linear) result of the
  rounds not closed from its targets, direction and the framework's floor (the linear rule of
  `khamrap/rules/scoring.py` in SQL; the run checks it gives the stored scores), rolled back.
  It does not rescore milestone, mixed, pass/fail or composite indicators nor write standings, so
  it is a low floor for a rescore of everything.
- **workbench**: a SQL count of the evaluator's reports not open and one page of 50 of them.
- **home**: one indexed query of the collector's results in the open rounds, through the
  indicator collectors table.
- **import**: the same 10,000 results written by one `bulk_create` in the same PostgreSQL database
  (the read side's floor, openpyxl alone reading the file, is in the notes).
- **documents**: a bare typst compile of the document khamrap hands the engine
  (`scripts/bench_documents.py`).
- **deadline**: none; the load test's target is absolute (`bench/deadline.py`).
"""


def write_report(sections: list[Section], about: dict, options, elapsed: float) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run.py` on {about['date']} (the whole file is rewritten each run).",
        "",
        "Machine: "
        f"{about['cpu']}, {about['cores']} cores, {about['ram_gib']} GiB RAM; "
        f"{about['postgresql']}; Python {about['python']}; {about['system']}. "
        f"Code: {about['commit']}. Runs: median of {options.runs} (after one warm-up) unless a "
        f"section says otherwise; the whole run took {elapsed / 60:.0f} minutes.",
        "",
        "| | figure (median, min–max) | floor | ratio | goal | |",
        "|---|---|---|---|---|---|",
    ]
    for s in sections:
        lines.append(
            f"| [{s.title}](#{s.name}) | {figure_text(s)} | {seconds(s.floor_median)} | "
            f"{ratio_text(s)} | {s.goal} | {verdict(s)} |"
        )
    lines.append("")
    for s in sections:
        lines += [f'<a id="{s.name}"></a>', "", f"## {s.title} (`{s.name}`)", ""]
        if s.carried_from:
            lines += [f"*Carried over from the run of {s.carried_from} (not run this time).*", ""]
        lines.append(f"- measured: {s.figure_label}")
        lines.append(f"- figure: {figure_text(s)}")
        if s.floor:
            floor = seconds(s.floor_median)
            if len(s.floor) > 1:
                floor += f" ({seconds(min(s.floor))}–{seconds(max(s.floor))})"
            lines.append(f"- floor: {floor}: {s.floor_label}")
        else:
            lines.append(f"- floor: {s.floor_label}")
        lines.append(f"- ratio: {ratio_text(s)}")
        lines.append(f"- goal: {s.goal}: {verdict(s)}")
        if s.name == "deadline":
            extra = s.extra
            lines.append(
                f"- after signing in: {extra['after_sign_in']['requests']:,} requests, "
                f"p50 {extra['after_sign_in']['p50_ms']:.0f} ms, "
                f"p95 {extra['after_sign_in']['p95_ms']:.0f} ms, "
                f"p99 {extra['after_sign_in']['p99_ms']:.0f} ms; "
                f"{extra['requests_per_second']} requests/s in all, {extra['failures']} failures"
            )
            lines.append(
                f"- signing in: {extra['sign_in']['requests']:,} requests, "
                f"p50 {extra['sign_in']['p50_ms']:.0f} ms, p95 {extra['sign_in']['p95_ms']:.0f} ms"
            )
            lines.append(
                "- p95 by request: "
                + ", ".join(f"{name} {p95:.0f} ms" for name, p95 in extra["by_request"].items())
            )
        for note in s.notes:
            lines.append(f"- {note}")
        if s.causes:
            lines += ["", "Top causes (profile of one more run):", ""]
            lines += [f"1. {cause}" for cause in s.causes]
        lines.append("")
    lines.append(HOW.format(minutes=max(1, round(elapsed / 60)), import_database=IMPORT_DATABASE))
    REPORT.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")

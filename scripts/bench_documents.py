#!/usr/bin/env python
"""Benchmark: a 25-indicator SAR PDF through khamrap, next to a bare compile of the same document.

Both run in this process on the same engine (typst), so the ratio shows what khamrap's own code
(selectors, scoring, text preparation, the text-layer clean-up) adds to the typesetting itself.
Targets (issue "Official documents"): under 1.5 × the bare rendering, and under 1 s once warm.
Run: .venv/bin/python scripts/bench_documents.py [--json FILE]  (it uses a throw-away SQLite
database; --json also writes the figures, which bench/run.py reads)
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="khamrap-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings")
# A throwaway database needs no real secret; production settings refuse to start without one.
os.environ.setdefault("SECRET_KEY", "khamrap-bench-throwaway-key")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ["KHAMRAP_DATA_DIR"] = workdir

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from khamrap.agreements import services as agreements  # noqa: E402
from khamrap.agreements.models import Agreement, FrameworkGroup  # noqa: E402
from khamrap.demo.loader import demo_load  # noqa: E402
from khamrap.documents import pdf  # noqa: E402
from khamrap.reporting import services as reporting  # noqa: E402

RUNS = 7


def agreement_with_25_indicators():
    """DOAE's 2569 agreement, grown to 25 indicators with a 9-month result each."""
    demo_load()
    agreement = Agreement.objects.get(organization__code="DOAE")
    Agreement.objects.filter(pk=agreement.pk).update(status="draft")
    agreement.refresh_from_db()
    coordinator = agreement.organization.memberships.get(role="coordinator").user
    group = FrameworkGroup.objects.get(framework=agreement.framework, key="1")
    six = agreement.fiscal_year.rounds.get(months=9)  # the 6-month round is closed in the demo
    existing = agreement.indicators.filter(parent__isnull=True).count()
    for n in range(25 - existing):
        indicator = agreements.indicator_save(
            agreement=agreement,
            user=coordinator,
            fields={
                "group": group,
                "number": f"1.{n + 1}",
                "name": f"ร้อยละของการดำเนินงานตามแผนปฏิบัติราชการประจำปี โครงการที่ {n + 1}",
                "weight": Decimal(1),
                "kind": "numeric",
                "target_1": Decimal(60),
                "target_2": Decimal(70),
                "target_3": Decimal(80),
                "target_4": Decimal(90),
                "target_5": Decimal(100),
                "unit": "ร้อยละ",
            },
        )
        reporting.result_save(
            indicator=indicator,
            reporting_round=six,
            user=coordinator,
            value=Decimal(75 + n),
            performance="ดำเนินการตามแผนครบทุกกิจกรรม และรายงานผลต่อผู้บริหารทุกเดือน",
        )
    return agreement, six


def timed(function):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="when the ratio target is not met, profile one more render (bench/profiling.py)",
    )
    options = parser.parse_args()
    agreement, six = agreement_with_25_indicators()
    indicators = agreement.indicators.filter(parent__isnull=True).count()

    cold_start = time.perf_counter()
    pdf.render_sar(agreement, six)
    cold = time.perf_counter() - cold_start

    # Catch what khamrap hands the engine, to compile exactly that without khamrap around it.
    setter = pdf.typesetter()
    caught = {}
    original = setter.render

    def catch(template, data):
        caught["template"], caught["data"] = template, data
        return original(template, data)

    setter.render = catch
    pdf.render_sar(agreement, six)
    setter.render = original

    source = setter.source(caught["template"])
    runs = iter(range(10_000))

    def bare():
        # typst memoizes compiles of identical input; a fresh title in the data defeats that, as a
        # real run (new data every time) would.
        data = dict(caught["data"], nonce=next(runs))
        setter._compiler.compile(
            input=source, sys_inputs={"data": json.dumps(data, ensure_ascii=False)}
        )

    def khamrap_render():
        # Likewise, change one result each time so nothing comes from typst's cache.
        from khamrap.reporting.models import Result

        result = (
            Result.objects.filter(indicator__agreement=agreement, reporting_round=six)
            .exclude(performance="")
            .first()
        )
        Result.objects.filter(pk=result.pk).update(
            performance=f"ดำเนินการตามแผนครบทุกกิจกรรม ครั้งที่ {next(runs)}"
        )
        pdf.render_sar(agreement, six)

    bare_seconds = timed(bare)
    khamrap_seconds = timed(khamrap_render)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(pdf.render_sar(agreement, six)))
    print(f"SAR PDF with {indicators} indicators ({pages} pages), median of {RUNS} warm runs:")
    print(f"  bare typst compile of the same document: {bare_seconds:.3f} s")
    print(f"  khamrap render_sar:                      {khamrap_seconds:.3f} s")
    print(
        f"  ratio: {khamrap_seconds / bare_seconds:.2f}× (target < 1.5×); warm {'<' if khamrap_seconds < 1 else '≥'} 1 s"
    )
    print(f"  first render in the process (cold): {cold:.3f} s")
    causes = []
    if options.profile and khamrap_seconds / bare_seconds >= 1.5:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
        import profiling

        causes = profiling.causes(khamrap_render)
        for line in causes:
            print(f"  cause: {line}")
    if options.json:
        figures = {
            "indicators": indicators,
            "pages": pages,
            "runs": RUNS,
            "bare_seconds": bare_seconds,
            "khamrap_seconds": khamrap_seconds,
            "ratio": khamrap_seconds / bare_seconds,
            "cold_seconds": cold,
            "target_ratio": 1.5,
            "target_warm_seconds": 1.0,
            "causes": causes,
        }
        options.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()

"""A synthetic national dataset: every ministry, department, province and unit with a year of work.

`khamrap generate_national` builds it to see how khamrap behaves at national scale (pages, roll-ups,
a deadline-day load test: bench/deadline.py). It writes rows in bulk, never through the services
one by one, but every figure is the one the services would store: self scores come from the
scoring rule (agreements.criteria.indicator_score), a closed round's figures from the score table
(reporting.scorecard: scorecard / frozen_figures), exactly as reporting.services.report_close
freezes them. The same seed gives the same data.

- `data`: the fixed tables it draws from (sizes, ministries, names, the 25 indicators, profiles);
- `organizations`: the organization tree planned at a scale, and its people;
- `agreements`, `indicators`, `results`: each organization's agreement, its indicators, and its
  results and round reports, built chunk by chunk;
- `bulk`: rows inserted (COPY on PostgreSQL) and deleted in bulk;
- `generate`: `national_generate` and `national_clear`; `report`: what was made.
"""

from .data import NATIONAL_DOMAIN, NATIONAL_PASSWORD, NATIONAL_YEAR
from .generate import NationalRefused, national_clear, national_generate
from .organizations import username
from .report import NationalReport, national_summary

__all__ = [
    "NATIONAL_DOMAIN",
    "NATIONAL_PASSWORD",
    "NATIONAL_YEAR",
    "NationalRefused",
    "NationalReport",
    "national_clear",
    "national_generate",
    "national_summary",
    "username",
]

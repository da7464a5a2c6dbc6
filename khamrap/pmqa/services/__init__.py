"""Writes to PMQA: every change to a year, its plan, profile, assessments and projects is here.

- criteria: load a version from its data file, copy a version for a new year;
- year: create a year, plan it, move it along YEAR_TRANSITIONS, record the briefing and training;
- work: the organizational profile, the self-assessment of each item, the improvement projects;
- indicator: link the agreement's PMQA indicator and record its five steps from the year.

Each service is atomic, checks the one visibility rule (Organization.objects.for_user through
`policy`) and raises ValidationErrors with codes; the same services serve pages, commands and demo.
"""

from .criteria import criteria_copy, criteria_load
from .indicator import IndicatorSync, indicator_link, indicator_sync
from .work import assessment_save, profile_save, project_report, project_save
from .year import (
    activity_record,
    plan_save,
    units_save,
    working_group_save,
    year_create,
    year_move,
)

__all__ = [
    "IndicatorSync",
    "activity_record",
    "assessment_save",
    "criteria_copy",
    "criteria_load",
    "indicator_link",
    "indicator_sync",
    "plan_save",
    "profile_save",
    "project_report",
    "project_save",
    "units_save",
    "working_group_save",
    "year_create",
    "year_move",
]

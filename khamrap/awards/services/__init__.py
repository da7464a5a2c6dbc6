"""Writes to awards: every change to a call, an application, a score sheet or the award history.

- calls: open a family's awards for a fiscal year (from the year before or seed 004's defaults);
- applications: start one, write forms 1-3, move it along choices.TRANSITIONS (announcing keeps
  the award in the organization's history), enter past awards and the yearly maintenance reports;
- assessment: assign assessors from the pool, write and finish a score sheet, consolidate.

Each service is atomic, checks the one visibility rule through `policy` and raises
ValidationErrors with codes; the same services serve pages, commands and the demo.
"""

from .applications import (
    Decision,
    applicant_save,
    application_create,
    application_move,
    conditions_save,
    maintenance_report_add,
    record_add,
    report_save,
)
from .assessment import (
    assessor_assign,
    assessor_unassign,
    assessors_for,
    consolidation,
    sheet_save,
)
from .calls import call_open, shipped_defaults

__all__ = [
    "Decision",
    "applicant_save",
    "application_create",
    "application_move",
    "assessor_assign",
    "assessor_unassign",
    "assessors_for",
    "call_open",
    "conditions_save",
    "consolidation",
    "maintenance_report_add",
    "record_add",
    "report_save",
    "sheet_save",
    "shipped_defaults",
]

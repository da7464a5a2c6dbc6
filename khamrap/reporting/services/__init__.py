"""Writes to results and round reports: every step of seed 003's round goes through here.

collector drafts → submits → supervisor approves or returns with a comment → coordinator submits the
organization's report (SAR) → evaluator verifies each indicator → round closed. Every change is kept
in the history (Change rows); saves name the version they started from (optimistic locking); who may
make which move is the round's policy (reporting.policy).

- saving: result_save (one row) and results_save_many (many) through one path, round_rescore;
- workflow: submit, approve, return, reopen, verify;
- reports: the organization's report submitted, closed, reopened;
- locking and history: the lock order and the history rows every service shares.
"""

from .history import NARRATIVE_FIELDS, RESULT_FIELDS
from .locking import lock_report, lock_result
from .reports import report_close, report_reopen, report_submit, reportable_indicators
from .saving import (
    ResultRow,
    ResultsSaveError,
    SaveManySummary,
    result_record,
    result_save,
    result_start,
    results_save_many,
    round_rescore,
)
from .workflow import (
    result_approve,
    result_reopen,
    result_return,
    result_submit,
    result_verify,
    results_approve_many,
)

__all__ = [
    "NARRATIVE_FIELDS",
    "RESULT_FIELDS",
    "ResultRow",
    "ResultsSaveError",
    "SaveManySummary",
    "lock_report",
    "lock_result",
    "report_close",
    "report_reopen",
    "report_submit",
    "reportable_indicators",
    "result_approve",
    "result_record",
    "result_reopen",
    "result_return",
    "result_save",
    "result_start",
    "result_submit",
    "result_verify",
    "results_approve_many",
    "results_save_many",
    "round_rescore",
]

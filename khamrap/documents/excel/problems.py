"""What is wrong with an uploaded workbook: every reason, by sheet, row and column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with an uploaded workbook: where it is, and a translated sentence saying what."""

    sheet: str  # "" when the problem is with the whole file
    message: str  # e.g. "Row 12, column น้ำหนัก: must be a number"
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        return _("Sheet %(sheet)s: %(problem)s") % {"sheet": self.sheet, "problem": self.message}


class ExcelImportError(ValidationError):
    """A workbook that cannot be imported; `problems` lists every reason, by sheet, row and column."""

    def __init__(self, problems: Sequence[SheetProblem]):
        self.problems = list(problems)
        super().__init__([str(problem) for problem in self.problems])


def file_problem(message: str) -> ExcelImportError:
    """The error of a file that is at fault as a whole (too large, not a workbook): no sheet."""
    return ExcelImportError([SheetProblem("", message)])

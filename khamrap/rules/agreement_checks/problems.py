"""What the linter finds: a `Problem` with a stable code, its severity (an error blocks signing, a
warning does not) and its message in Thai and in English."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias

Severity: TypeAlias = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: a stable code, a Thai message, the indicator's number (None: agreement-wide),
    and the message in English."""

    code: str
    message: str
    indicator: str | None
    severity: Severity
    message_en: str = ""

    def text(self, language: str | None) -> str:
        """The message in the reader's language: English for "en…" when there is one, else Thai."""
        if language and language.startswith("en") and self.message_en:
            return self.message_en
        return self.message


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem blocks signing (warnings do not)."""
    return any(problem.severity == ERROR for problem in problems)


class Add(Protocol):
    """How a check reports a problem: its code, the Thai and English text, its severity. The linter
    adds which indicator it is about (its label before the text), or none for the agreement's own."""

    def __call__(self, code: str, text: str, english: str, severity: Severity = ERROR) -> None: ...

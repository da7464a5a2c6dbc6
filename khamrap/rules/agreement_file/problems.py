"""What is wrong with an agreement file, where, said in Thai and in English.

A `Problem` holds its place twice over: `location`, the keys and list indexes from the top of the
file that a program reads (an importer maps them to its own rows and columns), and `where`, the
same place in words for a person. The rules stay free of Django, so every message is written in
both languages and the page or the command picks the reader's (`Problem.text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Keys (text) and list indexes (int) from the top of the file: ("indicators", 3, "parts", 1).
Location = tuple[str | int, ...]
# A message in Thai and in English.
Said = tuple[str, str]


def _english(language: str | None) -> bool:
    return bool(language and language.startswith("en"))


def path_text(location: Location) -> str:
    """A location as the path people read: ("indicators", 3, "parts", 1) → "indicators[3].parts[1]"."""
    text = ""
    for step in location:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is (keys and list indexes from the top of the file),
    a Thai message and a Thai-friendly place, and the message and the place in English."""

    location: Location
    message: str
    where: str = ""
    message_en: str = ""
    where_en: str = ""

    @property
    def path(self) -> str:
        """The location as text, such as "indicators[3].parts[1].targets[2]"."""
        return path_text(self.location)

    def __str__(self) -> str:
        return self.text("th")

    def text(self, language: str | None) -> str:
        """The place and the message in the reader's language: English for "en…" when there is
        one, else Thai ('ตัวชี้วัด 1 › weight: ต้องเป็นตัวเลข')."""
        if _english(language) and self.message_en:
            place, message = self.where_en or self.path, self.message_en
        else:
            place, message = self.where or self.path, self.message
        return f"{place}: {message}" if place else message


class AgreementFileError(ValueError):
    """A file that cannot be read as an agreement; `problems` lists everything found wrong."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.text("th"))

    def text(self, language: str | None) -> str:
        """Every problem, one a line under a heading, in the reader's language."""
        count = len(self.problems)
        if _english(language):
            heading = f"The agreement file has {count} problem{'' if count == 1 else 's'}:"
        else:
            heading = f"ไฟล์คำรับรองมีข้อผิดพลาด {count} รายการ:"
        return "\n".join([heading, *(f"- {problem.text(language)}" for problem in self.problems)])


def whole_file_error(message: str, english: str) -> AgreementFileError:
    """The error of a file that is at fault as a whole (not there, empty, not YAML): no place."""
    return AgreementFileError([Problem((), message, message_en=english)])


@dataclass(frozen=True)
class Place:
    """Where a value sits while a file is checked: its location, and the same place in words for a
    Thai reader and for an English one ("ตัวชี้วัด 2.1 › targets")."""

    location: Location = ()
    where: str = ""
    where_en: str = ""

    def key(self, name: str) -> Place:
        """The place of the value under `name` in the mapping here."""
        return Place(
            (*self.location, name),
            f"{self.where} › {name}" if self.where else name,
            f"{self.where_en} › {name}" if self.where_en else name,
        )

    def item(self, index: int, label: str, label_en: str, *, absolute: bool = False) -> Place:
        """The place of the list item at `index`, called `label` (alone when `absolute`)."""
        alone = absolute or not self.where
        return Place(
            (*self.location, index),
            label if alone else f"{self.where} › {label}",
            label_en if alone else f"{self.where_en} › {label_en}",
        )


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st: an item's place in a list, in English."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"

"""Which indicator units count things, so that a required result is a whole number of them.

The unit of an indicator is free text (ร้อยละ, ชั่วโมง, พันธุ์, ...). A result in a unit that counts
things (varieties, people, projects) cannot be 9.4883: it is 9 or 10. Guessing from the targets
alone is fragile (a percentage may well have the targets 80/85/90/95/100), so the rule is two
tests that must both hold:

1. the unit's first word is one of the Thai count words below (a leading จำนวน is ignored, and
   so is what follows a "/" or a space: ราย/ปี counts cases, คน ต่อ ปี counts people);
2. every target is a whole number (a count unit with a target of 2.5 is an average, not a count).

A unit missing from the list is simply not rounded: the answer stays exact on the four-decimal
grid, which is never wrong, only less tidy.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

# Thai classifiers and nouns that name things counted one by one. Time (วัน, ชั่วโมง), money
# (บาท), area (ไร่), weight (ตัน) and shares (ร้อยละ, อัตรา, ระดับ, คะแนน) are measured, not counted.
COUNT_UNITS = frozenset(
    {
        "คน",
        "ราย",
        "แห่ง",
        "ครั้ง",
        "เรื่อง",
        "พันธุ์",
        "สายพันธุ์",
        "ชนิด",
        "ฉบับ",
        "เล่ม",
        "โครงการ",
        "กิจกรรม",
        "หลักสูตร",
        "รุ่น",
        "ชิ้น",
        "หน่วย",
        "หน่วยงาน",
        "ตัว",
        "ระบบ",
        "แปลง",
        "กลุ่ม",
        "ครัวเรือน",
        "ชุมชน",
        "หมู่บ้าน",
        "ตำบล",
        "อำเภอ",
        "จังหวัด",
        "องค์กร",
        "เครือข่าย",
        "ศูนย์",
        "สหกรณ์",
        "วิสาหกิจ",
        "ฟาร์ม",
        "นวัตกรรม",
        "ผลงาน",
        "ผลิตภัณฑ์",
        "บริการ",
        "แผน",
        "มาตรการ",
        "ประเด็น",
        "ด้าน",
        "ต้น",
        "เครื่อง",
        "คัน",
        "ลำ",
        "บทความ",
        "ตัวอย่าง",
        "คำขอ",
        "ใบ",
        "แบบ",
    }
)

_SEPARATORS = re.compile(r"[\s/]+")
_AMOUNT = "จำนวน"


def count_word(unit: str) -> str:
    """The word of a unit that says what is counted: "จำนวน 5 ราย/ปี" → "ราย"."""
    words = [w for w in _SEPARATORS.split(unit.strip()) if w and not w[0].isdigit()]
    if words and words[0].startswith(_AMOUNT):
        rest = words[0][len(_AMOUNT) :]
        words = [rest, *words[1:]] if rest else words[1:]
    return words[0] if words else ""


def is_count(unit: str, targets: Iterable[Decimal | None]) -> bool:
    """Whether results in `unit` against `targets` are whole numbers of things (see the module)."""
    values = [t for t in targets if t is not None]
    return count_word(unit) in COUNT_UNITS and all(t == t.to_integral_value() for t in values)

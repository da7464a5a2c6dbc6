"""Thai letter clusters, display columns and truncation, with worked examples."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khamrap.rules.thai_text import clusters, display_width, truncate

# Thai letters, vowels, tone marks, digits and signs, with Latin, digits and spaces around them.
thai_like = st.text(
    alphabet=st.sampled_from(
        [chr(code) for code in range(0x0E01, 0x0E5C) if unicodedata.category(chr(code)) != "Cn"]
        + list("ab 1.\u200b\u2060")
    ),
    max_size=30,
)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("ทั้ง", ["ทั้ง"]),  # an upper vowel with a tone mark on it
        ("ฤทธิ์", ["ฤทธิ์"]),  # a cluster that ends in thanthakhat
        ("น้ำ", ["น้ำ"]),  # SARA AM after a tone mark
        ("กำลัง", ["กำ", "ลั", "ง"]),
        ("เก่ง", ["เก่", "ง"]),  # the leading vowel goes with its consonant
        ("ๆ", ["ๆ"]),
        ("ต่าง ๆ", ["ต่า", "ง", " ", "ๆ"]),
        ("ที่สำเร็จ", ["ที่", "สำ", "เร็จ"]),  # a TCC may hold more than one letter
        ("จันทร์", ["จั", "นทร์"]),
        # PyThaiNLP alone parts the tone mark from เสื (["เสื", "้", "อ"]): mended here.
        ("เสื้อ", ["เสื้", "อ"]),
        ("เพื่อ", ["เพื่", "อ"]),
        ("ABC 123 ไทย", ["A", "B", "C", " ", "1", "2", "3", " ", "ไท", "ย"]),
        ("ปี 2567", ["ปี", " ", "2", "5", "6", "7"]),
        ("e\u0301x", ["e\u0301", "x"]),  # a combining accent stays on its Latin letter
        ("ເກົ່າ ດຳ", ["ເກົ່", "າ", " ", "ດຳ"]),  # Lao: marks, SARA AM and leading vowels alike
        ("", []),
    ],
)
def test_it_cuts_text_into_clusters(text: str, pieces: list[str]) -> None:
    assert clusters(text) == pieces


@given(thai_like)
def test_it_never_parts_a_mark_or_sara_am_from_the_letter_before(text: str) -> None:
    pieces = clusters(text)
    assert "".join(pieces) == text
    for piece in pieces[1:]:
        assert unicodedata.category(piece[0]) not in ("Mn", "Me", "Cf")
        assert piece[0] != "ำ"
    for piece in pieces[:-1]:
        assert piece[-1] not in "เแโใไ"


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("ที่", 1),
        ("กำ", 2),  # SARA AM takes space of its own
        ("น้ำหนัก", 5),
        ("ตัวชี้วัด", 5),
        ("abc", 3),
        ("日本", 4),  # wide characters take two columns
        ("a\u200bb", 2),  # joiners and zero-width spaces take none
        ("e\u0301", 1),
        ("", 0),
    ],
)
def test_it_counts_display_columns(text: str, columns: int) -> None:
    assert display_width(text) == columns


def test_it_leaves_text_that_fits_as_it_is() -> None:
    assert truncate("สั้น", 10) == "สั้น"
    assert truncate("สั้น", 3) == "สั้น"


@pytest.mark.parametrize(
    ("columns", "short"),
    [
        (7, "ผู้กำกับดู…"),
        (6, "ผู้กำกับ…"),
        (4, "ผู้กำ…"),
        (2, "ผู้…"),  # กำ takes two columns where one is left: it goes whole, ก with it
        (1, "…"),
    ],
)
def test_it_truncates_whole_clusters_before_the_ellipsis(columns: int, short: str) -> None:
    assert truncate("ผู้กำกับดูแลตัวชี้วัด", columns) == short


def test_it_drops_the_space_before_the_ellipsis_and_takes_another_ellipsis() -> None:
    assert truncate("ต่าง ๆ กัน", 5) == "ต่าง…"
    assert truncate("ตัวชี้วัดที่ยาวมาก", 8, ellipsis="...") == "ตัวชี้วัด..."


@given(thai_like, st.integers(min_value=1, max_value=30))
def test_it_truncates_within_the_columns_and_keeps_a_prefix(text: str, columns: int) -> None:
    short = truncate(text, columns)
    assert display_width(short) <= columns
    if short != text:
        kept = short.removesuffix("…")
        assert text.startswith(kept)
        assert "".join(clusters(text)).startswith(kept)

"""The filters follow the reader's language: dates with Thai month names in Thai, English ones in
English, the Buddhist Era year in both; the agreement checks' messages in either language."""

import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from khamrap.agreements.checks import ISSUES
from khamrap.rules.agreement_checks import AgreementDraft, check_agreement

DAY = dt.date(2025, 11, 15)
# 07:05 UTC is 14:05 in Bangkok, where the pages show times.
MOMENT = dt.datetime(2026, 3, 31, 7, 5, tzinfo=zoneinfo.ZoneInfo("UTC"))


def render(text, language, **values):
    with translation.override(language):
        return Template("{% load thai %}" + text).render(Context(values))


def test_it_shows_a_thai_date_to_a_thai_reader():
    assert render("{{ day|thaidate }}", "th", day=DAY) == "15 พฤศจิกายน 2568"
    assert render('{{ day|thaidate:"short" }}', "th", day=DAY) == "15 พ.ย. 2568"
    assert render("{{ moment|thaidatetime }}", "th", moment=MOMENT) == "31 มีนาคม 2569 เวลา 14:05 น."


def test_it_shows_english_month_names_and_the_buddhist_era_to_an_english_reader():
    assert render("{{ day|thaidate }}", "en", day=DAY) == "15 November 2568 BE"
    assert render('{{ day|thaidate:"short" }}', "en", day=DAY) == "15 Nov 2568 BE"
    # Thai digits are a Thai way of writing: an English reader gets Arabic ones.
    assert render('{{ day|thaidate:"digits" }}', "en", day=DAY) == "15 November 2568 BE"
    assert render("{{ moment|thaidatetime }}", "en", moment=MOMENT) == "31 March 2569 BE, 14:05"


def test_an_empty_date_shows_nothing_in_either_language():
    for language in ("th", "en"):
        assert render("{{ day|thaidate }}|{{ day|thaidatetime }}", language, day=None) == "|"


def test_it_shows_an_agreement_check_in_the_readers_language():
    draft = AgreementDraft(indicators=(), groups=(), department_group=3)
    [problem] = check_agreement(draft, ISSUES)
    template = "{{ problem|in_reader_language }}"
    assert render(template, "th", problem=problem) == "คำรับรองยังไม่มีตัวชี้วัด ให้เพิ่มตัวชี้วัด"
    assert render(template, "en", problem=problem) == (
        "The agreement has no indicator yet: add indicators"
    )

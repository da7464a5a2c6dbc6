"""Fixtures of the Excel tests: the demo data, loaded for each test that reads it (in place of the
root conftest's `demo`, which loads it once for a module), and an agreement's indicator workbook
with the agreement gone."""

import pytest

from khamrap.demo.loader import demo_load
from khamrap.documents.excel.exports import agreement_indicators_xlsx


@pytest.fixture
def demo(db):
    demo_load()


@pytest.fixture
def exported(agreement, fiscal_year):
    """The agreement's indicator workbook, with the agreement gone so that it can come back."""
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    return content

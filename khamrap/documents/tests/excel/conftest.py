"""Fixtures of the Excel tests: an agreement's indicator workbook with the agreement gone. The demo
data they read is the root conftest's `demo`, loaded once for a module."""

import pytest

from khamrap.documents.excel.exports import agreement_indicators_xlsx


@pytest.fixture
def exported(agreement, fiscal_year):
    """The agreement's indicator workbook, with the agreement gone so that it can come back."""
    content = agreement_indicators_xlsx(agreement)
    agreement.delete()
    return content

"""Fixtures of the pure rules' tests."""

from __future__ import annotations

import pytest

from khamrap.rules.agreement_file import AgreementFile, load_path
from khamrap.rules.tests.agreement_files import SEED_YAML


@pytest.fixture(scope="module")
def seed() -> AgreementFile:
    return load_path(SEED_YAML)

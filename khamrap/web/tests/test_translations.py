"""The Thai catalogue is complete: every string the code marks for translation has a Thai text."""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "khamrap" / "locale" / "th" / "LC_MESSAGES" / "django.po"


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_every_thai_entry_is_translated():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    assert untranslated == []


def test_no_thai_entry_is_fuzzy():
    assert [e.msgid for e in entries() if "fuzzy" in e.flags] == []


def test_placeholders_survive_translation():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]")
    broken = []
    for e in entries():
        translations = e.msgstr_plural.values() if e.msgid_plural else [e.msgstr]
        for text in translations:
            if set(placeholder.findall(e.msgid)) != set(placeholder.findall(text)):
                broken.append(e.msgid)
    assert broken == []


def test_the_catalogue_holds_every_string_in_the_code(tmp_path):
    """Extract the strings again (as `makemessages` does) and compare with the committed catalogue."""
    if shutil.which("xgettext") is None:
        pytest.fail(
            "GNU gettext (xgettext) is needed: the test set-up installs the 'gettext' package"
        )
    project = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        project / "khamrap", copy / "khamrap", ignore=shutil.ignore_patterns("*.mo", "__pycache__")
    )
    shutil.copy(project / "manage.py", copy / "manage.py")
    subprocess.run(
        ["python", "manage.py", "makemessages", "-l", "th", "--no-obsolete", "--add-location=file"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "PATH": str(Path(__import__("sys").executable).parent) + ":/usr/bin:/bin",
            "DEBUG": "1",
            "KHAMRAP_DATA_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(copy),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / CATALOGUE.relative_to(project)))}
    committed = {e.msgid for e in entries()}
    assert sorted(fresh - committed) == [], "run `make messages` and translate the new strings"
    assert sorted(committed - fresh) == [], (
        "run `make messages` to drop strings the code no longer uses"
    )

"""The shipped criteria version (the Fundamental Level) from criteria/pmqa-fundamental-2553.json.

Loaded with the historical models, so this migration keeps working as the app's models change;
the file stays the source an administrator can copy for a new year.
"""

import json
from pathlib import Path

from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "criteria" / "pmqa-fundamental-2553.json"
MODELS = ("CriteriaVersion", "Category", "Item", "Requirement", "ProfileSection", "ProfileQuestion")


def load(apps, schema_editor):
    from khamrap.pmqa.services.criteria import load_into

    data = json.loads(FILE.read_text(encoding="utf-8"))
    if not apps.get_model("pmqa", "CriteriaVersion").objects.filter(code=data["code"]).exists():
        load_into(data, {name: apps.get_model("pmqa", name) for name in MODELS})


def unload(apps, schema_editor):
    data = json.loads(FILE.read_text(encoding="utf-8"))
    apps.get_model("pmqa", "CriteriaVersion").objects.filter(code=data["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("pmqa", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

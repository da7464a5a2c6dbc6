"""The step an evidence file was attached to, in the history, as its number: rows written before
kept "ขั้นตอนที่ 3" or "Step 3", in whatever language the request had; they become "3", which the
history reads in the reader's language (Change.note_text)."""

import re

from django.db import migrations

STEP = re.compile(r"^(?:ขั้นตอนที่|Step)\s*(\d+)$")


def step_notes_to_numbers(change_model) -> int:
    """Every evidence change whose note names a step, with the step's number only; how many."""
    changed = 0
    for row in change_model.objects.filter(field="evidence").exclude(note="").only("pk", "note"):
        match = STEP.match(row.note.strip())
        if match:
            change_model.objects.filter(pk=row.pk).update(note=match.group(1))
            changed += 1
    return changed


def numbers_to_thai(change_model) -> int:
    """Back: the numbers as the Thai note an earlier version wrote."""
    changed = 0
    for row in change_model.objects.filter(field="evidence").exclude(note="").only("pk", "note"):
        if row.note.isdigit():
            change_model.objects.filter(pk=row.pk).update(note=f"ขั้นตอนที่ {row.note}")
            changed += 1
    return changed


def forwards(apps, schema_editor):
    step_notes_to_numbers(apps.get_model("reporting", "Change"))


def backwards(apps, schema_editor):
    numbers_to_thai(apps.get_model("reporting", "Change"))


class Migration(migrations.Migration):
    dependencies = [("reporting", "0005_status_history_codes")]

    operations = [migrations.RunPython(forwards, backwards)]

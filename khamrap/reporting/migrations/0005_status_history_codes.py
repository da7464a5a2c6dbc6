"""Statuses in the history as codes: rows written before kept the label, in whatever language the
request had ("รออนุมัติ", "Submitted for approval"); they become the code ("submitted"), which the
history reads in the reader's language. The number result and the pass or fail are named apart from the narrative."""

from django.db import migrations, models
from django.db.models import Case, F, Value, When

# The labels as they were written (English msgid, Thai msgstr), frozen here: the choices may change.
RESULT_LABELS = {
    "draft": ("Draft", "ร่าง"),
    "submitted": ("Submitted for approval", "รออนุมัติ"),
    "returned": ("Returned for correction", "ส่งกลับแก้ไข"),
    "approved": ("Approved", "อนุมัติแล้ว"),
}
REPORT_LABELS = {
    "open": ("Being prepared", "อยู่ระหว่างจัดทำ"),
    "submitted": ("Submitted to the evaluator", "ส่งให้ผู้ประเมินแล้ว"),
    "closed": ("Verified and closed", "ตรวจสอบและปิดรอบแล้ว"),
}


def _rewrite(rows, mapping: dict[str, str]) -> int:
    """Replace old and new by mapping[value] where the value is one of mapping's keys."""
    changed = 0
    for column in ("old", "new"):
        whens = [When(**{column: before}, then=Value(after)) for before, after in mapping.items()]
        changed += rows.filter(**{f"{column}__in": list(mapping)}).update(
            **{column: Case(*whens, default=F(column), output_field=models.TextField())}
        )
    return changed


def _by_label(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {label: code for code, names in labels.items() for label in names}


def labels_to_codes(change_model) -> int:
    """Every status change of a result or a report stored as a label, stored as its code.
    Returns how many columns changed."""
    statuses = change_model.objects.filter(field="status")
    return _rewrite(statuses.filter(result__isnull=False), _by_label(RESULT_LABELS)) + _rewrite(
        statuses.filter(result__isnull=True), _by_label(REPORT_LABELS)
    )


def codes_to_labels(change_model) -> int:
    """Back: the codes as the Thai labels, as an earlier version wrote them in Thai."""
    statuses = change_model.objects.filter(field="status")
    result = {code: names[1] for code, names in RESULT_LABELS.items()}
    report = {code: names[1] for code, names in REPORT_LABELS.items()}
    return _rewrite(statuses.filter(result__isnull=False), result) + _rewrite(
        statuses.filter(result__isnull=True), report
    )


def forwards(apps, schema_editor):
    labels_to_codes(apps.get_model("reporting", "Change"))


def backwards(apps, schema_editor):
    codes_to_labels(apps.get_model("reporting", "Change"))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0004_round_standing"),
    ]

    operations = [
        migrations.AlterField(
            model_name="result",
            name="value",
            field=models.DecimalField(
                blank=True,
                decimal_places=4,
                max_digits=20,
                null=True,
                verbose_name="result (number)",
            ),
        ),
        migrations.AlterField(
            model_name="result",
            name="passed",
            field=models.BooleanField(blank=True, null=True, verbose_name="result (pass or fail)"),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]

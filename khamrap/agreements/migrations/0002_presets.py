from django.db import migrations


def load_presets(apps, schema_editor):
    from khamrap.agreements.presets import presets_ensure

    presets_ensure(
        apps.get_model("agreements", "Framework"),
        apps.get_model("agreements", "FrameworkGroup"),
        apps.get_model("agreements", "ReformIssue"),
    )


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [migrations.RunPython(load_presets, migrations.RunPython.noop)]

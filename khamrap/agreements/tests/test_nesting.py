"""An agreement file nested thousands of levels deep: a Thai refusal on the web and in the CLI."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from khamrap.agreements.models import Agreement
from khamrap.rules.agreement_file import MAX_NESTING

DEEP = 5000
FILES = {
    "deep.json": '{"format": "khamrap-agreement/1", "indicators": ' + "[" * DEEP + "]" * DEEP + "}",
    "deep.yaml": "format: khamrap-agreement/1\nindicators: " + "[" * DEEP + "]" * DEEP + "\n",
}
REFUSAL = f"ซ้อนกันลึกเกิน {MAX_NESTING} ชั้น"


@pytest.mark.parametrize("name", FILES)
def test_the_upload_refuses_a_deeply_nested_file_in_thai(client, world, fiscal_year, name):
    client.force_login(world.coordinator)
    upload = SimpleUploadedFile(name, FILES[name].encode("utf-8"))
    response = client.post(
        reverse("agreements:agreement_upload"), {"organization": world.dept.pk, "file": upload}
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("name", FILES)
def test_the_score_command_refuses_a_deeply_nested_file_in_thai(tmp_path, name):
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("score", str(path))
    assert "ไฟล์คำรับรองมีปัญหา" in str(error.value)
    assert REFUSAL in str(error.value)

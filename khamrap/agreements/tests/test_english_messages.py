"""The rules' own messages follow the reader's language: an agreement file's problems on the import
page and from the commands (Thai unless --language en), and the scoring engine's refusal in the
solver's answer (the pure rules give each in Thai and in English)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from khamrap.agreements.models import Agreement, Indicator

THAI = re.compile("[\u0e00-\u0e7f]")
SEED = Path(__file__).parents[2] / "rules" / "tests" / "fixtures" / "seed000.yaml"
ALERT = re.compile(r'<div class="nonfield" role="alert">(.*?)</div>', re.S)


def read_in(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def upload_alert(client, world, text: str) -> str:
    upload = SimpleUploadedFile("agreement.yaml", text.encode("utf-8"))
    response = client.post(
        reverse("agreements:agreement_upload"), {"organization": world.dept.pk, "file": upload}
    )
    assert response.status_code == 200
    (alert,) = ALERT.findall(response.content.decode())
    return " ".join(alert.split())


# Indicator 1's kind misspelt, and indicator 17's pass written as Thai text instead of true.
BROKEN = (
    SEED.read_text(encoding="utf-8")
    .replace("kind: numeric\n", "kind: numerical\n", 1)
    .replace("result: true", "result: ผ่าน", 1)
)


def test_the_import_page_lists_a_files_problems_in_english_for_an_english_reader(
    client, world, fiscal_year
):
    client.force_login(world.coordinator)
    read_in(client, "en")
    alert = upload_alert(client, world, BROKEN)
    assert alert == (
        "<p>Nothing was imported:</p><ul>"
        "<li>Indicator 1 › kind: unknown kind numerical (it must be one of milestone, numeric,"
        " mixed, pass_fail, composite)</li>"
        "<li>Indicator 17 › result: must be true (pass) or false (fail)</li></ul>"
    )
    assert not Agreement.objects.exists()


def test_the_import_page_lists_the_same_problems_in_thai_for_a_thai_reader(
    client, world, fiscal_year
):
    client.force_login(world.coordinator)
    read_in(client, "th")
    alert = upload_alert(client, world, BROKEN)
    assert "<li>ตัวชี้วัด 1 › kind: ไม่รู้จักประเภท numerical (ต้องเป็นหนึ่งใน" in alert
    assert "<li>ตัวชี้วัด 17 › result: ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)</li>" in alert
    assert "Indicator" not in alert


def test_a_file_that_cannot_be_read_is_explained_in_english_too(client, world, fiscal_year):
    client.force_login(world.coordinator)
    read_in(client, "en")
    alert = upload_alert(client, world, "format: khamrap-agreement/1\nformat: again\n")
    assert alert == (
        "<p>Nothing was imported:</p><ul><li>The YAML file cannot be read: the key format is"
        " written twice in one mapping on line 2</li></ul>"
    )


@pytest.mark.parametrize(
    ("language", "refusal"),
    [
        ("en", "The targets must rise from level 1 to 5"),
        ("th", "ค่าเป้าหมายต้องเพิ่มขึ้นตามลำดับจากระดับ 1 ถึง 5"),
    ],
)
def test_the_solver_says_why_it_cannot_answer_in_the_readers_language(
    client, world, agreement, language, refusal
):
    # Indicator 1's targets 80/85/85/95/100 do not rise at level 3: the engine refuses them.
    numeric = agreement.indicators.get(number="1")
    Indicator.objects.filter(pk=numeric.pk).update(target_3=Decimal(85))
    client.force_login(world.coordinator)
    read_in(client, language)
    url = reverse("agreements:indicator_solver", args=[agreement.pk, numeric.pk])
    response = client.get(url, {"target_total": "4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.context["answer"].status == "unanswerable"
    assert response.context["answer"].message == refusal
    assert f'<p class="problem-error">{refusal}</p>' in response.content.decode()


# --- the command line -----------------------------------------------------------------------------


def test_the_score_command_lists_a_files_problems_in_thai_unless_asked_for_english(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(CommandError) as thai:
        call_command("score", str(broken))
    assert str(thai.value).splitlines() == [
        "ไฟล์คำรับรองมีปัญหา:",
        "ตัวชี้วัด 1 › kind: ไม่รู้จักประเภท numerical (ต้องเป็นหนึ่งใน milestone, numeric, mixed,"
        " pass_fail, composite)",
        "ตัวชี้วัด 17 › result: ต้องเป็น true (ผ่าน) หรือ false (ไม่ผ่าน)",
    ]
    with pytest.raises(CommandError) as english:
        call_command("score", str(broken), "--language", "en")
    assert str(english.value).splitlines() == [
        "The agreement file has problems:",
        "Indicator 1 › kind: unknown kind numerical (it must be one of milestone, numeric, mixed,"
        " pass_fail, composite)",
        "Indicator 17 › result: must be true (pass) or false (fail)",
    ]


def test_the_import_command_says_why_in_the_language_asked(db, tmp_path):
    with pytest.raises(CommandError) as english:
        call_command(
            "import_agreement", str(tmp_path / "none.yaml"), "--as-user", "x", "--language", "en"
        )
    assert str(english.value) == (
        "The agreement file has 1 problem:\n"
        f"- The file {tmp_path / 'none.yaml'} cannot be opened (No such file or directory)"
    )
    path = tmp_path / "seed.yaml"
    path.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(CommandError) as thai:
        call_command("import_agreement", str(path), "--as-user", "nobody")
    assert str(thai.value) == "ไม่พบหน่วยงาน ปีงบประมาณ หรือผู้ใช้ที่ระบุ"
    with pytest.raises(CommandError) as english:
        call_command("import_agreement", str(path), "--as-user", "nobody", "--language", "en")
    assert str(english.value) == "The organization, fiscal year or user given was not found."

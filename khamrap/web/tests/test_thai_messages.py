"""Every message a form, a model check or a password rule can raise reads in Thai, and the widgets
speak Thai too (lib.forms.friendly_errors, lib.django_messages)."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from khamrap.agreements.models import Framework, Indicator
from khamrap.lib.django_messages import DJANGO_MESSAGES
from khamrap.lib.forms import FriendlyForm
from khamrap.organizations.models import Organization

LATIN = re.compile(r"[A-Za-z]")
THAI = re.compile(r"[\u0e00-\u0e7f]")


def assert_thai(messages):
    """Every message has Thai in it and not one Latin letter."""
    messages = [str(m) for m in messages]
    assert messages, "no message was raised"
    english = [m for m in messages if LATIN.search(m) or not THAI.search(m)]
    assert english == [], english


class EveryKind(forms.Form):
    """Django's own fields with their own messages: what the catalogue must translate."""

    text = forms.CharField(max_length=5)
    short = forms.CharField(min_length=3)
    whole = forms.IntegerField(min_value=1, max_value=9)
    number = forms.DecimalField(max_digits=4, decimal_places=2)
    day = forms.DateField()
    email = forms.EmailField()
    choice = forms.ChoiceField(choices=[("a", "ก")])
    organization = forms.ModelChoiceField(queryset=Organization.objects.none())
    file = forms.FileField(max_length=5)
    required = forms.CharField()


@pytest.mark.parametrize(
    "field, value",
    [
        ("text", "ยาวเกินห้าตัว"),
        ("short", "ก"),
        ("whole", "ก"),
        ("whole", "๑๐"),
        ("whole", "0"),
        ("number", "ก"),
        ("number", "12345"),
        ("number", "1.234"),
        ("number", "123.4"),
        ("day", "ก"),
        ("email", "ก"),
        ("choice", "๙"),
        ("organization", "999"),
        ("required", ""),
        ("required", "ก\x00ข"),
    ],
)
def test_each_kind_of_django_form_error_reads_in_thai(db, field, value):
    form = EveryKind({field: value})
    assert not form.is_valid()
    assert_thai(form.errors[field])


@pytest.mark.parametrize(
    "data, files",
    [
        ({}, {"file": SimpleUploadedFile("a.pdf", b"")}),
        ({}, {"file": SimpleUploadedFile("too-long-a-name.pdf", b"x")}),
        ({"file": "ข้อความ"}, {}),
    ],
    ids=["empty", "long name", "not a file"],
)
def test_the_file_errors_read_in_thai(db, data, files):
    form = EveryKind(data, files)
    assert not form.is_valid()
    assert_thai(form.errors["file"])


def test_the_models_own_checks_read_in_thai_in_services_and_imports(db):
    number = Indicator._meta.get_field("number")
    kind = Indicator._meta.get_field("kind")
    weight = Indicator._meta.get_field("weight")
    floor = Framework._meta.get_field("floor")
    messages = []
    for field, value in [(number, "๑" * 21), (kind, "ไม่มีชนิดนี้"), (weight, "ก"), (floor, None)]:
        with pytest.raises(ValidationError) as raised:
            field.clean(value, None)
        messages += raised.value.messages
    assert_thai(messages)


def test_the_password_rules_and_their_help_read_in_thai(world):
    messages = []
    for password in ("12345678", "password", "bob", "bob@example"):
        with pytest.raises(ValidationError) as raised:
            validate_password(password, world.coordinator)
        messages += raised.value.messages
    assert_thai(messages)
    assert_thai(password_validators_help_texts())
    form = SetPasswordForm(
        world.coordinator, {"new_password1": "ฝนตกหนักมาก2569", "new_password2": "ฝนตก"}
    )
    assert not form.is_valid()
    assert_thai(form.errors["new_password2"])


def test_a_formset_over_its_maximum_says_so_in_thai(db):
    Steps = forms.formset_factory(EveryKind, max_num=1, validate_max=True)
    formset = Steps(
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "0",
        }
    )
    assert not formset.is_valid()
    assert_thai(formset.non_form_errors())


def test_every_django_message_marked_for_thai_has_its_thai():
    # gettext_noop only marks a message; the lazy plurals translate themselves.
    for message in DJANGO_MESSAGES:
        with translation.override("en"):
            english = str(message)
        thai = translation.gettext(message) if isinstance(message, str) else str(message)
        assert thai != english and THAI.search(thai), english


# --- the shared form behaviour (lib.forms.friendly_errors) ------------------------------------------


class Friendly(FriendlyForm):
    name = forms.CharField(label="ชื่อผู้ลงนาม", max_length=10)
    year = forms.IntegerField(label="ปี", min_value=2500)
    score = forms.DecimalField(label="คะแนน", max_digits=6, decimal_places=4)
    organization = forms.ModelChoiceField(label="หน่วยงาน", queryset=Organization.objects.all())
    parent = forms.ModelChoiceField(
        label="สังกัด", queryset=Organization.objects.all(), required=False
    )
    file = forms.FileField(label="ไฟล์หลักฐาน", required=False)


def test_an_over_long_text_is_refused_naming_the_field_and_the_limit_and_kept_as_typed(db):
    typed = "นายสมชาย ใจดีมาก"
    form = Friendly({"name": typed})
    assert not form.is_valid()
    assert form.errors["name"] == ["“ชื่อผู้ลงนาม” ยาวได้ไม่เกิน 10 ตัวอักษร (ข้อความนี้มี 16 ตัวอักษร)"]
    html = str(form["name"])
    assert f'value="{typed}"' in html
    # The browser's maxlength would have cut a pasted text without a word: the limit is only a
    # hint for khamrap.js's count.
    assert not re.search(r"\smaxlength=", html)
    assert 'data-maxlength="10"' in html


def test_a_limit_in_the_thousands_reads_with_its_comma(db):
    class Long(FriendlyForm):
        reason = forms.CharField(label="เหตุผล", max_length=4000)

    form = Long({"reason": "ก" * 4001})
    assert form.errors["reason"] == ["“เหตุผล” ยาวได้ไม่เกิน 4,000 ตัวอักษร (ข้อความนี้มี 4,001 ตัวอักษร)"]


def test_a_field_keeps_its_own_length_message(db):
    class Own(FriendlyForm):
        code = forms.CharField(max_length=3, error_messages={"max_length": "รหัสยาวเกิน"})

    assert Own({"code": "ยาวมาก"}).errors["code"] == ["รหัสยาวเกิน"]


def test_number_boxes_become_text_boxes_that_read_thai_digits(db):
    form = Friendly({"year": "๒๕๖๙", "score": "๔.๕"})
    form.is_valid()
    assert form.cleaned_data["year"] == 2569
    assert form.cleaned_data["score"] == Decimal("4.5")
    year, score = str(form["year"]), str(form["score"])
    assert 'type="text"' in year and 'inputmode="numeric"' in year and "min=" not in year
    assert 'type="text"' in score and 'inputmode="decimal"' in score


def test_an_empty_choice_reads_in_thai(db):
    html = str(Friendly()["organization"]) + str(Friendly()["parent"])
    assert '<option value="" selected>— เลือก —</option>' in html
    assert '<option value="" selected>— ไม่ระบุ —</option>' in html
    assert "---------" not in html


def test_a_model_forms_blank_choice_reads_in_thai(world):
    from khamrap.lib.forms import friendly_errors
    from khamrap.organizations.models import Membership

    class MembershipForm(forms.ModelForm):
        class Meta:
            model = Membership
            fields = ["role"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            friendly_errors(self)

    html = str(MembershipForm()["role"])
    assert "— เลือก —" in html and "---------" not in html


def test_a_file_input_has_a_thai_button_bound_to_the_real_input(db):
    html = str(Friendly()["file"])
    assert '<input type="file" name="file" id="id_file">' in html
    assert '<label for="id_file" class="button secondary file-input-button">เลือกไฟล์</label>' in html
    assert 'data-empty="ยังไม่ได้เลือกไฟล์"' in html and "aria-live" in html


def test_the_pages_file_inputs_speak_thai(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("agreements:agreement_upload")).content.decode()
    assert "เลือกไฟล์" in page and "ยังไม่ได้เลือกไฟล์" in page


def test_the_password_page_explains_its_rules_in_thai(client, world):
    client.force_login(world.coordinator)
    page = client.get(reverse("accounts:password_change")).content.decode()
    form = page[page.index('<form method="post" class="card"') :]
    form = form[: form.index("</form>")]
    for english in ("Your password", "Enter the same password", "can’t"):
        assert english not in form
    assert "รหัสผ่านต้องมีอย่างน้อย 8 ตัวอักษร" in form
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "password-for-tests",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    text = response.content.decode()
    assert "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in text
    assert "This password" not in text


def test_an_empty_list_or_file_asks_to_choose_and_an_empty_box_to_fill_in(db):
    class Upload(FriendlyForm):
        organization = forms.ModelChoiceField(queryset=Organization.objects.all())
        file = forms.FileField()
        note = forms.CharField()

    form = Upload({}, {})
    assert not form.is_valid()
    assert form.errors == {
        "organization": ["กรุณาเลือกจากรายการ"],
        "file": ["กรุณาเลือกไฟล์"],
        "note": ["กรุณากรอกข้อมูลช่องนี้"],
    }

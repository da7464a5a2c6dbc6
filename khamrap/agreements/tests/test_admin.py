"""The admin never changes an indicator (drafts included) nor a signed agreement: their pages do,
keeping the history. Frameworks, their groups and reform issues stay editable there."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext

from khamrap.agreements.admin import INDICATOR_NOTE, LOCKED_AGREEMENT_NOTE
from khamrap.agreements.models import Agreement, Framework, Indicator, ReformIssue


def form_data(response) -> dict:
    """What the browser would send back from an admin change page, as it was shown."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[field.html_name] = (
                [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
            )

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def post_weight(client, indicator, weight):
    """Send the indicator's change page back with another weight, as a browser would."""
    data = form_data(client.get(change_url(indicator)))
    data["weight"] = weight
    return client.post(change_url(indicator), data)


def test_a_signed_agreements_indicator_keeps_its_weight(admin_client, signed):
    indicator = signed.indicators.get(number="1")
    response = post_weight(admin_client, indicator, "1")
    assert Indicator.objects.get(pk=indicator.pk).weight == Decimal(50)
    assert response.status_code == 403
    page = admin_client.get(change_url(indicator))
    assert page.status_code == 200
    text = page.content.decode().replace("&#x27;", "'")
    assert gettext(str(INDICATOR_NOTE)) in text
    assert 'name="_save"' not in text


def test_a_draft_indicator_is_read_only_in_the_admin_too(admin_client, agreement):
    indicator = agreement.indicators.get(number="16")  # with its five milestone steps
    assert post_weight(admin_client, indicator, "1").status_code == 403
    indicator.refresh_from_db()
    assert indicator.weight == Decimal(30) and indicator.steps.count() == 5
    model = "admin:agreements_indicator"
    assert admin_client.get(reverse(f"{model}_add")).status_code == 403
    assert admin_client.post(reverse(f"{model}_delete", args=[indicator.pk])).status_code == 403
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    listing = admin_client.get(reverse(f"{model}_changelist"))
    assert listing.status_code == 200
    assert gettext(str(INDICATOR_NOTE)) in listing.content.decode().replace("&#x27;", "'")


def test_a_signed_agreement_cannot_be_changed_or_deleted_in_the_admin(admin_client, signed):
    page = admin_client.get(change_url(signed))
    assert page.status_code == 200
    text = page.content.decode().replace("&#x27;", "'")
    assert gettext(str(LOCKED_AGREEMENT_NOTE)) in text
    assert 'name="_save"' not in text
    data = {**form_data(page), "status": "draft", "promisor_name": "ใครก็ได้"}
    assert admin_client.post(change_url(signed), data).status_code == 403
    delete = reverse("admin:agreements_agreement_delete", args=[signed.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    signed = Agreement.objects.get(pk=signed.pk)
    assert (signed.status, signed.promisor_name) == ("signed", "นายประเสริฐ วงศ์ไทย")


def test_a_draft_agreements_workflow_fields_are_not_typed_in_the_admin(admin_client, agreement):
    page = admin_client.get(change_url(agreement))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert 'name="_save"' in page.content.decode()
    for name in ("status", "version", "promisor_name", "signed_on"):
        assert name not in form.fields
    assert "framework" in form.fields


def test_frameworks_and_reform_issues_stay_editable(admin_client, world):
    framework = Framework.objects.get(code="dimensions-4")
    issue = ReformIssue.objects.first()
    for obj in (framework, issue):
        page = admin_client.get(change_url(obj))
        assert page.status_code == 200 and 'name="_save"' in page.content.decode()
    data = form_data(admin_client.get(change_url(issue)))
    data["name_th"] = "ประเด็นที่แก้ไขแล้ว"
    assert admin_client.post(change_url(issue), data).status_code == 302
    assert ReformIssue.objects.get(pk=issue.pk).name_th == "ประเด็นที่แก้ไขแล้ว"

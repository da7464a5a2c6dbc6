from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField, ThaiDecimalField

from .choices import Direction, ScoringKind
from .models import Framework, FrameworkGroup, Indicator, ReformIssue

STEP_FORMS = 5


class AgreementCreateForm(FriendlyForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    fiscal_year = forms.ModelChoiceField(label=_("Fiscal year"), queryset=None)
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.all(),
        required=False,
        help_text=_("Leave empty to use the fiscal year's framework."),
    )

    def __init__(self, *args, organizations, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["fiscal_year"].queryset = fiscal_years


class TransitionForm(FriendlyForm):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    agreed_changes = forms.CharField(
        label=_("What was agreed with the evaluator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )


class SignForm(FriendlyForm):
    promisor_name = forms.CharField(label=_("Signed by (promisor)"), max_length=200)
    promisor_position = forms.CharField(label=_("Promisor's position"), max_length=200)
    promisee_name = forms.CharField(label=_("Received by (promisee)"), max_length=200)
    promisee_position = forms.CharField(label=_("Promisee's position"), max_length=200)
    signed_on = ThaiDateField(label=_("Signed on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class AmendmentForm(FriendlyForm):
    reason = forms.CharField(
        label=_("Why the agreement is amended"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )


class IndicatorForm(forms.ModelForm):
    """Every field of seed 000's indicator sheet, plus the scoring criteria."""

    class Meta:
        model = Indicator
        fields = [
            "group",
            "parent",
            "number",
            "name",
            "weight",
            "kind",
            "direction",
            "mixed_steps",
            "target_1",
            "target_2",
            "target_3",
            "target_4",
            "target_5",
            "unit",
            "description",
            "criteria_text",
            "formula",
            "data_source",
            "notes",
            "rationale",
            "closing_note",
            "supervisors",
            "collectors",
            "issues",
            "cascaded_from",
        ]
        # Thai digits and thousands commas read, "3,2" refused with a message (lib.forms).
        field_classes = dict.fromkeys(
            ["weight", "target_1", "target_2", "target_3", "target_4", "target_5"],
            ThaiDecimalField,
        )
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "criteria_text": forms.Textarea(attrs={"rows": 3}),
            "formula": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "rationale": forms.Textarea(attrs={"rows": 3}),
            "closing_note": forms.Textarea(attrs={"rows": 2}),
            "supervisors": forms.CheckboxSelectMultiple,
            "collectors": forms.CheckboxSelectMultiple,
            "issues": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, agreement, people, cascade_sources, **kwargs):
        super().__init__(*args, **kwargs)
        from khamrap.lib.forms import friendly_errors

        friendly_errors(self)
        self.fields["group"].queryset = FrameworkGroup.objects.filter(
            framework=agreement.framework_id
        )
        self.fields["group"].label = agreement.framework.group_label
        parents = agreement.indicators.filter(
            kind=ScoringKind.COMPOSITE, parent__isnull=True, retired_from__isnull=True
        )
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["supervisors"].queryset = people
        self.fields["collectors"].queryset = people
        self.fields["issues"].queryset = ReformIssue.objects.all()
        self.fields["cascaded_from"].queryset = cascade_sources
        self.fields["kind"].choices = ScoringKind.choices
        self.fields["direction"].choices = Direction.choices
        for name in ("supervisors", "collectors"):
            self.fields[name].label_from_instance = lambda user: user.display_name


class StepForm(forms.Form):
    description = forms.CharField(
        label=_("What is done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    evidence = forms.CharField(
        label=_("Evidence expected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


StepFormSet = forms.formset_factory(StepForm, extra=0, max_num=10, absolute_max=10)


class SolverForm(FriendlyForm):
    target_total = ThaiDecimalField(
        label=_("Total score wanted"),
        min_value=Decimal(0),
        max_value=Decimal(5),
        decimal_places=4,
        initial=Decimal(4),
    )


def people_for(organization):
    """People who may be named on an organization's indicators: members of it and the ones above.

    Not its evaluators, whatever other role they hold: they verify what the indicator's people
    report (indicator_save refuses them too).
    """
    from khamrap.organizations.selectors import evaluator_ids_of, organization_ancestors

    organizations = [*organization_ancestors(organization), organization]
    return (
        get_user_model()
        .objects.filter(memberships__organization__in=organizations, is_active=True)
        .exclude(pk__in=evaluator_ids_of(organization))
        .distinct()
        .order_by("first_name", "username")
    )


MAX_AGREEMENT_FILE_BYTES = 2 * 1024 * 1024


class AgreementUploadForm(FriendlyForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    file = forms.FileField(label=_("Agreement file (YAML or JSON)"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_AGREEMENT_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text: save it as YAML or JSON in UTF-8.")
            ) from error
        return upload

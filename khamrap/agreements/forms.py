from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField, ThaiDecimalField

from .choices import Direction, ScoringKind, Transition
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
    """A step of the agreement's life: a note, named for what the step records.

    Only the negotiation asks what was agreed with the evaluator; the committee's step asks for
    the committee's resolution (it once asked both, the negotiation before it had happened).
    """

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    agreed_changes = forms.CharField(
        label=_("What was agreed with the evaluator"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )

    # What the note holds at a step, when it is more than a note: (label, help text).
    NOTES = {
        Transition.APPROVE: (
            _("The committee's resolution"),
            _("The meeting and its date, e.g. meeting 1/2569 of 15 November 2568."),
        ),
        Transition.REVISE: (_("Why the agreement goes back to draft"), None),
    }

    def __init__(self, *args, transition: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if transition is None:
            return
        if transition != Transition.NEGOTIATE:
            del self.fields["agreed_changes"]
        label, help_text = self.NOTES.get(transition, (None, None))
        if label is not None:
            self.fields["note"].label = label
        if help_text is not None:
            self.fields["note"].help_text = help_text


class SignForm(FriendlyForm):
    promisor_name = forms.CharField(label=_("Signed by (promisor)"), max_length=200)
    promisor_position = forms.CharField(label=_("Promisor's position"), max_length=200)
    promisee_name = forms.CharField(label=_("Received by (promisee)"), max_length=200)
    promisee_position = forms.CharField(label=_("Promisee's position"), max_length=200)
    signed_on = ThaiDateField(label=_("Signed on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


# Asked before each step of the agreement's life is taken (data-confirm): what it does that is hard
# to undo.
TRANSITION_QUESTIONS = {
    Transition.APPROVE: _(
        "Record the committee's approval? The draft goes on to negotiation with the evaluator; "
        "to change its indicators again it must be sent back to draft."
    ),
    Transition.NEGOTIATE: _(
        "Record the negotiated outcome? The agreement goes to the executive for signing; "
        "to change its indicators again it must be sent back to draft."
    ),
    Transition.SIGN: _(
        "Sign this agreement? Once it is signed, its indicators change only through an amendment, "
        "with a reason."
    ),
    Transition.CIRCULATE: _(
        "Circulate the signed agreement to those responsible? This step cannot be undone."
    ),
    Transition.PUBLISH: _(
        "Publish this agreement to the public? Anyone will read it without signing in; "
        "this step cannot be undone."
    ),
    Transition.REVISE: _(
        "Send the agreement back to draft? The committee's approval (and the negotiated outcome) "
        "must be recorded again."
    ),
}


class AmendmentForm(FriendlyForm):
    reason = forms.CharField(
        label=_("Why the agreement is amended"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=8000,
    )


# The scoring kinds that use each kind-dependent part of the indicator form. The template marks the
# parts with data-kinds, khamrap.js shows only the chosen kind's, and without JavaScript every part
# shows and IndicatorForm.clean (and the view, for the steps) ignores the parts of the other kinds.
TARGET_KINDS = frozenset({ScoringKind.NUMERIC, ScoringKind.MIXED})
STEP_KINDS = frozenset({ScoringKind.MILESTONE, ScoringKind.MIXED})
TARGET_FIELDS = ("target_1", "target_2", "target_3", "target_4", "target_5")


class IndicatorForm(forms.ModelForm):
    """Every field of seed 000's indicator sheet, plus the scoring criteria of the chosen kind."""

    # For the template's data-kinds attributes: which kinds show each part.
    kind_parts = {
        "targets": " ".join(sorted(TARGET_KINDS)),
        "steps": " ".join(sorted(STEP_KINDS)),
        "mixed": ScoringKind.MIXED.value,
        "pass_fail": ScoringKind.PASS_FAIL.value,
        "composite": ScoringKind.COMPOSITE.value,
    }

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
            "supervisors": forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
            "collectors": forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
            "issues": forms.CheckboxSelectMultiple(attrs={"class": "choice-columns"}),
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
        self.fields["kind"].widget.attrs["data-kind-select"] = ""
        self.fields["mixed_steps"].widget.attrs["data-mixed-steps"] = ""

    def clean(self):
        """Ignore what was typed in the parts of the other scoring kinds (shown without JavaScript):
        a milestone's leftover targets, a numeric indicator's step count, a mixed indicator's
        targets for its step levels. Their values and errors go; the chosen kind's stay."""
        kind = self.cleaned_data.get("kind")
        ignored: list[str] = []
        if kind not in TARGET_KINDS:
            ignored += [*TARGET_FIELDS, "direction"]
        if kind != ScoringKind.MIXED:
            ignored.append("mixed_steps")
        elif isinstance(self.cleaned_data.get("mixed_steps"), int):
            ignored += TARGET_FIELDS[: min(self.cleaned_data["mixed_steps"], len(TARGET_FIELDS))]
        for name in ignored:
            self._errors.pop(name, None)
            self.cleaned_data[name] = Direction.HIGHER if name == "direction" else None
        return super().clean()


class StepForm(FriendlyForm):
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

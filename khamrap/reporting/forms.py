from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khamrap.agreements.choices import ScoringKind
from khamrap.lib.forms import FriendlyForm


class ResultForm(FriendlyForm):
    """The fields a result needs depend on the indicator's scoring kind."""

    value = forms.DecimalField(
        label=_("Result"),
        required=False,
        max_digits=20,
        decimal_places=4,
        error_messages={"invalid": _("Enter a number, e.g. 92.5.")},
    )
    steps_done = forms.TypedMultipleChoiceField(
        label=_("Steps done"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    passed = forms.TypedChoiceField(
        label=_("Passed"),
        required=False,
        choices=[("", "–"), ("yes", _("Passed")), ("no", _("Not passed"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        steps = list(indicator.steps.all())
        self.fields["steps_done"].choices = [
            (s.number, f"{s.number}. {s.description}") for s in steps
        ]
        if indicator.unit:
            self.fields["value"].label = _("Result (%(unit)s)") % {"unit": indicator.unit}
        keep = {
            ScoringKind.MILESTONE: {"steps_done"},
            ScoringKind.NUMERIC: {"value"},
            ScoringKind.MIXED: {"steps_done", "value"},
            ScoringKind.PASS_FAIL: {"passed"},
        }.get(indicator.kind, set())
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class VerifyForm(FriendlyForm):
    score = forms.DecimalField(
        label=_("Verified score"),
        min_value=Decimal(0),
        max_value=Decimal(5),
        max_digits=6,
        decimal_places=4,
        error_messages={
            "invalid": _("Enter a number, e.g. 4.8."),
            "min_value": _("A score is between 0 and 5."),
            "max_value": _("A score is between 0 and 5."),
            "max_decimal_places": _("A score has at most four decimals."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

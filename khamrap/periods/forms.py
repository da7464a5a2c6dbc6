from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField


def _months_label(months: int) -> str:
    return gettext("%(months)s months") % {"months": months}


# Labels stay lazy so that each request shows them in its own language.
ROUND_CHOICES = [(m, lazy(_months_label, str)(m)) for m in (3, 6, 9, 12)]


class FiscalYearCreateForm(FriendlyForm):
    year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=2500,
        max_value=2700,
        error_messages={
            "invalid": _("Enter the year as a number in the Buddhist Era, e.g. 2570."),
            "min_value": _("Write the year in the Buddhist Era, e.g. 2570."),
            "max_value": _("Write the year in the Buddhist Era, e.g. 2570."),
        },
    )
    round_months = forms.TypedMultipleChoiceField(
        label=_("Reporting rounds"),
        choices=ROUND_CHOICES,
        coerce=int,
        initial=[6, 9, 12],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one reporting round.")},
    )


class ReportingRoundForm(FriendlyForm):
    cutoff_date = ThaiDateField(label=_("Cut-off date"))
    deadline = ThaiDateField(label=_("Submission deadline"))

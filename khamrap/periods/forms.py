from django import forms
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import ThaiDateField

ROUND_CHOICES = [(m, _("%(months)s months") % {"months": m}) for m in (3, 6, 9, 12)]


class FiscalYearCreateForm(forms.Form):
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


class ReportingRoundForm(forms.Form):
    cutoff_date = ThaiDateField(label=_("Cut-off date"))
    deadline = ThaiDateField(label=_("Submission deadline"))

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from khamrap.agreements.choices import ScoringKind
from khamrap.agreements.history import number_text
from khamrap.lib.dates import reader_date
from khamrap.lib.forms import FriendlyForm, ThaiDateField, ThaiDecimalField
from khamrap.rules import plausibility

NARRATIVE_WIDGET = forms.Textarea(attrs={"rows": 3})


class ResultForm(FriendlyForm):
    """A result and its narrative; the fields depend on the indicator's scoring kind."""

    # The version the form started from (1 for a result not saved yet): a save without it, or from
    # an older one, is refused rather than overwriting someone else's work.
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _(
                "The form is missing the version it was opened at: reload the page and enter the "
                "result again."
            ),
            "invalid": _(
                "The form is missing the version it was opened at: reload the page and enter the "
                "result again."
            ),
            "min_value": _(
                "The form is missing the version it was opened at: reload the page and enter the "
                "result again."
            ),
        },
    )
    value = ThaiDecimalField(
        label=_("Result"),
        required=False,
        max_digits=20,
        decimal_places=4,
        error_messages={
            "invalid": _("Enter a number, e.g. 92.5."),
            "max_decimal_places": _("At most four decimals."),
            "max_digits": _("The number is too long."),
        },
    )
    passed = forms.TypedChoiceField(
        label=_("Passed"),
        required=False,
        choices=[("", _("— none —")), ("yes", _("Passed")), ("no", _("Not passed"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    performance = forms.CharField(
        label=_("Performance (what was done)"),
        required=False,
        widget=NARRATIVE_WIDGET,
        max_length=20000,
    )
    supporting_factors = forms.CharField(
        label=_("Supporting factors"), required=False, widget=NARRATIVE_WIDGET, max_length=20000
    )
    obstacles = forms.CharField(
        label=_("Obstacles"), required=False, widget=NARRATIVE_WIDGET, max_length=20000
    )
    suggestions = forms.CharField(
        label=_("Suggestions"), required=False, widget=NARRATIVE_WIDGET, max_length=20000
    )
    explanation = forms.CharField(
        label=_("Explanation of a score under 3"),
        required=False,
        widget=NARRATIVE_WIDGET,
        max_length=20000,
        help_text=_("Required before submitting when the score is under 3."),
    )

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.steps = list(indicator.steps.all())
        if indicator.kind == ScoringKind.MIXED:
            self.steps = self.steps[: indicator.mixed_steps or 0]
        if indicator.unit:
            self.fields["value"].label = _("Result (%(unit)s)") % {"unit": indicator.unit}
        if indicator.kind not in (ScoringKind.NUMERIC, ScoringKind.MIXED):
            del self.fields["value"]
        if indicator.kind != ScoringKind.PASS_FAIL:
            del self.fields["passed"]
        if indicator.kind in (ScoringKind.MILESTONE, ScoringKind.MIXED):
            for step in self.steps:
                self.fields[f"step_{step.number}"] = forms.BooleanField(
                    label=_("Step %(number)s done") % {"number": step.number}, required=False
                )
                self.fields[f"step_{step.number}_date"] = ThaiDateField(
                    label=_("Done on"), required=False
                )

    def step_rows(self):
        """(step, done field, date field) for the template."""
        return [(s, self[f"step_{s.number}"], self[f"step_{s.number}_date"]) for s in self.steps]

    def clean(self):
        data = super().clean()
        for step in self.steps:
            if data.get(f"step_{step.number}_date") and not data.get(f"step_{step.number}"):
                self.add_error(f"step_{step.number}", _("Tick the step, or clear its date."))
        return data

    def warnings(self) -> list[str]:
        """What looks like a slip in the typed result (rules.plausibility), said to the person;
        nothing is refused for it. Empty until the form is valid."""
        if not hasattr(self, "cleaned_data") or self.errors:
            return []
        data = self.cleaned_data
        year = self.indicator.agreement.fiscal_year
        dates = {
            s.number: data[f"step_{s.number}_date"]
            for s in self.steps
            if data.get(f"step_{s.number}_date")
        }
        found = plausibility.result_warnings(
            value=data.get("value"),
            unit=self.indicator.unit,
            targets=self.indicator.targets,
            step_dates=dates,
            year_starts=year.starts_on,
            year_ends=year.ends_on,
        )
        return [warning_message(w, year) for w in found]

    def result_fields(self) -> dict:
        """The cleaned data as the keyword arguments of services.result_save."""
        data = self.cleaned_data
        done = [s.number for s in self.steps if data.get(f"step_{s.number}")]
        dates = {
            str(n): data[f"step_{n}_date"].isoformat() for n in done if data.get(f"step_{n}_date")
        }
        fields = {
            name: data.get(name, "")
            for name in (
                "performance",
                "supporting_factors",
                "obstacles",
                "suggestions",
                "explanation",
            )
        }
        return {
            "version": data.get("version"),
            "value": data.get("value"),
            "passed": data.get("passed"),
            "steps_done": done,
            "step_dates": dates,
            **fields,
        }

    @classmethod
    def initial_for(cls, result) -> dict:
        if result is None:
            return {"version": 1}  # the version a result has before its first save
        import datetime as dt

        initial = {
            "version": result.version,
            "value": result.value,
            "passed": {True: "yes", False: "no"}.get(result.passed, ""),
            **{
                name: getattr(result, name)
                for name in (
                    "performance",
                    "supporting_factors",
                    "obstacles",
                    "suggestions",
                    "explanation",
                )
            },
        }
        for number in result.steps_done:
            initial[f"step_{number}"] = True
            if str(number) in result.step_dates:
                initial[f"step_{number}_date"] = dt.date.fromisoformat(
                    result.step_dates[str(number)]
                )
        return initial


class CommentForm(FriendlyForm):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        error_messages={"required": _("Say what needs correcting.")},
    )


class ReasonForm(FriendlyForm):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class VerifyForm(FriendlyForm):
    score = ThaiDecimalField(
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
            "max_digits": _("A score is between 0 and 5."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


def warning_message(warning: plausibility.Warning, fiscal_year) -> str:
    """A plausibility warning in the reader's language."""
    if warning.kind == plausibility.PERCENT_OVER_100:
        return _(
            "The result %(value)s is over 100 per cent: check that it is right before submitting."
        ) % {"value": number_text(warning.value)}
    if warning.kind == plausibility.NEGATIVE_COUNT:
        return _("A count cannot be below zero (%(value)s): check the result.") % {
            "value": number_text(warning.value)
        }
    if warning.kind == plausibility.NEGATIVE_VALUE:
        return _("The result %(value)s is below zero: check that it is right.") % {
            "value": number_text(warning.value)
        }
    return _("Step %(step)s was done on %(day)s, outside fiscal year %(year)s: check the date.") % {
        "step": warning.step,
        "day": reader_date(warning.day, "short"),
        "year": fiscal_year.year,
    }

"""Forms of the award pages. They read what was typed; the services decide what may be saved.

Each form that changes an application or a score sheet carries the `version` the page was opened
at, so that a save over someone else's newer one is refused ("stale") rather than lost.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField, ThaiDecimalField, friendly_errors
from khamrap.rules import awards as rules

from .choices import AWARD_LEVELS, EligibilityRule, Family, Level, ParticipationLevel, Stage
from .models import Application, AwardRecord, Criterion, Question
from .services.assessment import problem_text

VERSION_MISSING = _(
    "The form is missing the version it was opened at: reload the page and enter your changes "
    "again."
)
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
TEXT_LIMIT = 60_000  # characters of one answer or note: far beyond any page limit


def version_field() -> forms.IntegerField:
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def as_yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _label(name: str):
    return capfirst(Application._meta.get_field(name).verbose_name)


def _text_area(rows: int = 4, **attrs) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, **attrs})


# --- the index -----------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The filters of the application list (a GET form: what cannot be read is ignored)."""

    year = forms.TypedChoiceField(label=_("Fiscal year"), required=False, coerce=int)
    family = forms.ChoiceField(
        label=_("Award family"), required=False, choices=[("", _("All")), *Family.choices]
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All")), *Stage.choices]
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All")), *((y, str(y)) for y in years)]

    def filters(self) -> dict:
        data = {}
        if self.is_bound:
            self.is_valid()  # a field that cannot be read is left out of cleaned_data
            data = self.cleaned_data
        return {
            "year": data.get("year") or None,
            "family": data.get("family", ""),
            "stage": data.get("stage", ""),
        }


class CallOpenForm(FriendlyForm):
    fiscal_year = forms.ModelChoiceField(label=_("Fiscal year (B.E.)"), queryset=None)
    family = forms.ChoiceField(label=_("Award family"), choices=Family.choices)

    def __init__(self, *args, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].queryset = fiscal_years
        self.fields["fiscal_year"].label_from_instance = lambda fy: str(fy.year)


class SchemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        call = obj.call
        return f"{call.fiscal_year.year} · {call.name} · {obj.number}. {obj.name}"


class ApplicationCreateForm(FriendlyForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    scheme = SchemeChoiceField(label=_("Award type"), queryset=None)
    title = forms.CharField(label=_label("title"), max_length=500)

    def __init__(self, *args, organizations, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["scheme"].queryset = schemes


# --- the applicant's forms ---------------------------------------------------------------------


class RecordChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: AwardRecord) -> str:
        return f"{obj.year} {obj.scheme_name} ({obj.get_level_display()}): {obj.work}"


class ApplicantForm(FriendlyForm):
    """Form 1: the work, the applicant, and only what the award type asks of the work."""

    version = version_field()
    title = forms.CharField(label=_label("title"), max_length=500)
    unit_name = forms.CharField(label=_label("unit_name"), max_length=255, required=False)
    contact_name = forms.CharField(label=_label("contact_name"), max_length=255, required=False)
    contact_position = forms.CharField(
        label=_label("contact_position"), max_length=255, required=False
    )
    contact_phone = forms.CharField(label=_label("contact_phone"), max_length=50, required=False)
    contact_email = forms.EmailField(label=_label("contact_email"), required=False)
    started_on = ThaiDateField(label=_label("started_on"), required=False)

    def __init__(self, *args, application: Application, **kwargs):
        kwargs.setdefault("initial", self.initial_for(application))
        super().__init__(*args, **kwargs)
        scheme = application.scheme
        if scheme.asks_participation:
            self.fields["participation_level"] = forms.ChoiceField(
                label=_label("participation_level"),
                choices=[("", "---------"), *ParticipationLevel.choices],
                required=False,
            )
        if scheme.asks_pmqa_category:
            self.fields["pmqa_category"] = forms.TypedChoiceField(
                label=_label("pmqa_category"),
                choices=[
                    ("", "---------"),
                    *((n, _("Category %(number)s") % {"number": n}) for n in range(1, 7)),
                ],
                coerce=int,
                empty_value=None,
                required=False,
            )
        if scheme.eligibility_rule == EligibilityRule.EXPANSION:
            self.fields["earlier_award"] = RecordChoiceField(
                label=_label("earlier_award"),
                queryset=AwardRecord.objects.filter(
                    organization=application.organization, family=Family.PARTICIPATORY
                ),
                required=False,
            )
            self.fields["added_areas"] = forms.IntegerField(
                label=_label("added_areas"), min_value=0, max_value=100_000, required=False
            )
        if scheme.eligibility_rule == EligibilityRule.EXCELLENCE:
            self.fields["new_projects"] = forms.IntegerField(
                label=_label("new_projects"), min_value=0, max_value=100_000, required=False
            )
        friendly_errors(self)  # again: the type's own fields were added after FriendlyForm's call

    @staticmethod
    def initial_for(application: Application) -> dict:
        initial = {
            name: getattr(application, name)
            for name in (
                "title",
                "unit_name",
                "contact_name",
                "contact_position",
                "contact_phone",
                "contact_email",
                "started_on",
                "participation_level",
                "pmqa_category",
                "added_areas",
                "new_projects",
            )
        }
        initial["earlier_award"] = application.earlier_award_id
        initial["version"] = application.version
        return initial

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ConditionsForm(FriendlyForm):
    """Form 2: for each condition, whether the work meets it and how."""

    version = version_field()

    def __init__(self, *args, application: Application, conditions, **kwargs):
        """`conditions` are (Condition, its ConditionAnswer or None) in the conditions' order."""
        self.conditions = list(conditions)
        initial = {"version": application.version}
        for condition, answer in self.conditions:
            if answer is not None:
                initial[f"met_{condition.number}"] = as_yes_no(answer.met)
                initial[f"how_{condition.number}"] = answer.explanation
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for condition, _answer in self.conditions:
            n = condition.number
            self.fields[f"met_{n}"] = forms.ChoiceField(
                label=_("Condition %(number)s met") % {"number": n},
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"how_{n}"] = forms.CharField(
                label=_("How the work meets it"),
                widget=_text_area(3),
                max_length=TEXT_LIMIT,
                required=False,
            )
        friendly_errors(self)

    @property
    def rows(self):
        """(condition, met, how) in the conditions' order."""
        return [(c, self[f"met_{c.number}"], self[f"how_{c.number}"]) for c, _a in self.conditions]

    def answers(self) -> dict[int, tuple[bool | None, str]]:
        data = self.cleaned_data
        return {
            c.number: (yes_no(data[f"met_{c.number}"]), data[f"how_{c.number}"])
            for c, _answer in self.conditions
        }


class ReportForm(FriendlyForm):
    """Form 3: the executive summary and one answer per question of the award type. Each box asks
    awards:words for its Thai word count as it is typed (htmx), beside its limit."""

    version = version_field()
    summary = forms.CharField(
        label=_label("summary"), widget=_text_area(10), max_length=TEXT_LIMIT, required=False
    )

    def __init__(self, *args, application: Application, answers, **kwargs):
        """`answers` are selectors.QuestionAnswer rows: each question with its saved text."""
        self.answers_stored = list(answers)
        initial = {"version": application.version, "summary": application.summary}
        initial.update({self.name(a.question): a.text for a in self.answers_stored})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for answer in self.answers_stored:
            question = answer.question
            self.fields[self.name(question)] = forms.CharField(
                label=f"{question.number}. {question.title}",
                widget=_text_area(8),
                max_length=TEXT_LIMIT,
                required=False,
            )
        friendly_errors(self)
        self._count_live("summary", None, described_by="")
        for answer in self.answers_stored:
            question = answer.question
            guidance = f"id_{self.name(question)}_guidance " if question.guidance_th else ""
            self._count_live(self.name(question), question.word_limit, described_by=guidance)

    def _count_live(self, name: str, limit: int | None, *, described_by: str) -> None:
        self.fields[name].widget.attrs.update(
            {
                "hx-post": reverse("awards:words"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": f"#id_{name}_words",
                "hx-swap": "innerHTML",
                # Only this box's text goes, with the name of its field and its limit.
                "hx-params": f"{name},field,limit",
                "hx-vals": json.dumps({"field": name, "limit": str(limit or "")}),
                "aria-describedby": f"{described_by}id_{name}_words",
            }
        )

    @staticmethod
    def name(question: Question) -> str:
        return f"q{question.pk}"

    @property
    def rows(self):
        """(saved answer, bound field) in the questions' order."""
        return [(a, self[self.name(a.question)]) for a in self.answers_stored]

    def answers(self) -> dict[str, str]:
        return {
            a.question.number: self.cleaned_data[self.name(a.question)] for a in self.answers_stored
        }


# --- the application's page ----------------------------------------------------------------------


class MoveForm(FriendlyForm):
    """What a move may carry: the reason of a refusal, the committee's decision and note."""

    comment = forms.CharField(
        label=_("What is missing, for the applicant"),
        widget=_text_area(3),
        max_length=4000,
        required=False,
    )
    level = forms.ChoiceField(
        label=_("The committee's decision"),
        choices=[
            ("", "---------"),
            (Level.AWARDED, Level.AWARDED.label),
            (Level.NOT_PASSED, Level.NOT_PASSED.label),
        ],
        required=False,
    )
    note = forms.CharField(
        label=_label("result_note"), widget=_text_area(3), max_length=4000, required=False
    )


class AssessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        expertise = getattr(getattr(obj, "award_assessor", None), "expertise", "")
        return f"{obj.display_name} ({expertise})" if expertise else obj.display_name


class AssignForm(FriendlyForm):
    assessor = AssessorChoiceField(label=_("Assessor"), queryset=None)

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors


# --- the score sheet -----------------------------------------------------------------------------


class SheetForm(FriendlyForm):
    """An assessor's sheet: points and a note per criterion, the bonus traits, a recommendation for
    a type without points, and an overall note. The points are checked against each criterion's
    maximum here too (rules.point_problems, as the service does) so that a refusal is shown beside
    its criterion with what was typed."""

    version = version_field()
    note = forms.CharField(
        label=_("Overall note"), widget=_text_area(4), max_length=TEXT_LIMIT, required=False
    )

    def __init__(
        self, *args, sheet, criteria: list[Criterion], bonus_traits, finish=False, **kwargs
    ):
        """`sheet` is the person's selectors.Sheet; `finish` asks for every criterion's points."""
        assignment = sheet.assignment
        self.criteria, self.finish = criteria, finish
        initial = {
            "version": assignment.version,
            "note": assignment.note,
            "recommends": as_yes_no(assignment.recommends),
            "bonus_traits": [str(t) for t in assignment.bonus_traits],
        }
        for row in sheet.rows:
            initial[f"points_{row.criterion.pk}"] = row.points
            initial[f"note_{row.criterion.pk}"] = row.note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"points_{criterion.pk}"] = ThaiDecimalField(
                label=_("Points (at most %(maximum)s)") % {"maximum": _plain(criterion.maximum)},
                required=False,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"), widget=_text_area(2), max_length=TEXT_LIMIT, required=False
            )
        if bonus_traits and any(c.is_bonus for c in criteria):
            self.fields["bonus_traits"] = forms.TypedMultipleChoiceField(
                label=_("Traits that earn the bonus points"),
                choices=[(str(i), trait) for i, trait in enumerate(bonus_traits)],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        if not criteria:
            self.fields["recommends"] = forms.ChoiceField(
                label=_("Do you recommend the award?"),
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )
        friendly_errors(self)

    def groups(self):
        """[(group, [(criterion, points field, note field)])] in the criteria's order."""
        grouped: list[tuple[str, list]] = []
        for criterion in self.criteria:
            row = (criterion, self[f"points_{criterion.pk}"], self[f"note_{criterion.pk}"])
            if grouped and grouped[-1][0] == criterion.group:
                grouped[-1][1].append(row)
            else:
                grouped.append((criterion.group, [row]))
        return grouped

    def clean(self):
        data = super().clean()
        points = {}
        for criterion in self.criteria:
            name = f"points_{criterion.pk}"
            if name in self.errors:
                continue
            points[criterion.code] = data.get(name)
            problems = rules.point_problems(
                {criterion.code: data.get(name)}, [criterion.limit()], complete=self.finish
            )
            for problem in problems:
                self.add_error(name, problem_text(problem))
        return data

    def points(self) -> dict[str, tuple[Decimal | None, str]]:
        data = self.cleaned_data
        return {c.code: (data[f"points_{c.pk}"], data[f"note_{c.pk}"]) for c in self.criteria}

    def sheet_values(self) -> dict:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "points": self.points(),
            "bonus_traits": data.get("bonus_traits", []),
            "recommends": yes_no(data.get("recommends", "")),
            "note": data["note"],
        }


def _plain(number: Decimal) -> str:
    return f"{Decimal(number).normalize():f}"


# --- the award history -------------------------------------------------------------------------


class RecordForm(FriendlyForm):
    """An award the organization held before khamrap, entered by the award office."""

    year = forms.IntegerField(label=_("Award year (B.E.)"), min_value=2500, max_value=2700)
    family = forms.ChoiceField(label=_("Award family"), choices=Family.choices)
    number = forms.IntegerField(label=_("Type number"), min_value=1, max_value=99)
    scheme_name = forms.CharField(label=_("Award"), max_length=255)
    level = forms.ChoiceField(
        label=_("Level"), choices=[(v, label) for v, label in Level.choices if v in AWARD_LEVELS]
    )
    work = forms.CharField(label=_("Title of the work"), max_length=500)


class MaintenanceForm(FriendlyForm):
    """A yearly report to OPDC that a distinguished Public Service award keeps its standard."""

    record = RecordChoiceField(label=_("Award"), queryset=None)
    year = forms.IntegerField(label=_("Year reported (B.E.)"), min_value=2500, max_value=2700)
    sent_on = ThaiDateField(label=_("Sent on"))

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = records

"""Forms of a PMQA year's work: the organizational profile, an item's self-assessment, the
improvement plan's projects and their progress each round.

The forms only read what was typed; the services (services.work) decide what may be saved.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField, friendly_errors
from khamrap.rules import pmqa as rules

from .choices import FindingKind, ProjectStatus
from .models import Assessment, Finding, Item, PmqaYear, Project, ProjectReport
from .selectors import ProfileView
from .services.work import Evidence

# What each letter of ADLI and LeTCLi stands for, shown beside the letter.
DIMENSION_NAMES = {
    "A": _("Approach"),
    "D": _("Deployment"),
    "L": _("Learning"),
    "I": _("Integration"),
    "Le": _("Level"),
    "T": _("Trend"),
    "C": _("Comparison"),
    "Li": _("Linkage"),
}

# Empty evidence rows offered below those already given; the form reads at most MAX rows.
EVIDENCE_EMPTY_ROWS = 3
EVIDENCE_MAX_ROWS = 50

VERSION_MISSING = _(
    "The form is missing the version it was opened at: reload the page and enter the assessment "
    "again."
)


def lines(text: str) -> list[str]:
    """One point per line: the lines that say something (a dash or an empty line is no point)."""
    return [line.strip() for line in text.splitlines() if rules.has_text(line)]


class ProfileForm(forms.Form):
    """An answer box for every question of the organizational profile."""

    def __init__(self, *args, view: ProfileView, **kwargs):
        initial = {self.name(q.pk): answer for _s, rows in view.sections for q, answer in rows}
        super().__init__(*args, initial=initial, **kwargs)
        self.view = view
        for _section, rows in view.sections:
            for question, _answer in rows:
                self.fields[self.name(question.pk)] = forms.CharField(
                    label=f"{question.number} {question.text}",
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        friendly_errors(self)

    @staticmethod
    def name(question_id: int) -> str:
        return f"answer_{question_id}"

    def sections(self):
        """Each section with its questions: (question, the answer box, whether a required answer
        is still missing from what is stored)."""
        return [
            (
                section,
                [
                    (q, self[self.name(q.pk)], q.required and not rules.has_text(answer))
                    for q, answer in rows
                ],
            )
            for section, rows in self.view.sections
        ]

    def answers(self) -> dict[int, str]:
        return {
            q.pk: self.cleaned_data[self.name(q.pk)]
            for _s, rows in self.view.sections
            for q, _a in rows
        }


class AssessmentForm(forms.Form):
    """An item's self-assessment: requirements met, a band per dimension, strengths and OFIs one
    per line, evidence as rows of title and link; `version` is the one the page was opened at."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": VERSION_MISSING,
            "invalid": VERSION_MISSING,
            "min_value": VERSION_MISSING,
        },
    )
    requirements_met = forms.MultipleChoiceField(
        label=_("Requirements the organization shows it meets"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One strength per line."),
    )
    ofis = forms.CharField(
        label=_("Opportunities for improvement (OFI)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One opportunity per line. Keep their order when correcting one: a project of the "
            "improvement plan stays linked to its line."
        ),
    )

    def __init__(
        self,
        *args,
        item: Item,
        band_labels: list[str],
        assessment: Assessment | None,
        **kwargs,
    ):
        super().__init__(*args, initial=self.initial_for(assessment), **kwargs)
        self.item = item
        self.fields["requirements_met"].choices = [
            (r.code, f"{r.code} {r.text}".strip()) for r in item.requirements.all()
        ]
        if not item.requirements.all():
            del self.fields["requirements_met"]
        bands = [
            ("", _("— not rated —")),
            *((str(n), label) for n, label in enumerate(band_labels)),
        ]
        for dimension in item.dimensions:
            self.fields[f"rating_{dimension}"] = forms.TypedChoiceField(
                label=f"{dimension} ({DIMENSION_NAMES[dimension]})",
                choices=bands,
                coerce=int,
                empty_value=None,
                required=False,
            )
        given = len(assessment.evidence.all()) if assessment else 0
        self.evidence_rows = min(
            EVIDENCE_MAX_ROWS, max(given + EVIDENCE_EMPTY_ROWS, self._posted_rows())
        )
        for n in range(self.evidence_rows):
            number = {"number": n + 1}
            self.fields[f"evidence_title_{n}"] = forms.CharField(
                label=_("Title"),
                required=False,
                max_length=300,
                widget=forms.TextInput(
                    attrs={"aria-label": _("Evidence %(number)s: title") % number}
                ),
            )
            self.fields[f"evidence_url_{n}"] = forms.CharField(
                label=_("Link (http:// or https://)"),
                required=False,
                max_length=500,
                widget=forms.TextInput(
                    attrs={"aria-label": _("Evidence %(number)s: link") % number}
                ),
            )
        friendly_errors(self)

    def _posted_rows(self) -> int:
        """How many evidence rows the sent form had (the person may have been shown more)."""
        numbers = [
            int(key.rpartition("_")[2])
            for key in (self.data if self.is_bound else {})
            if key.startswith("evidence_title_") and key.rpartition("_")[2].isdecimal()
        ]
        return max(numbers, default=-1) + 1

    @staticmethod
    def initial_for(assessment: Assessment | None) -> dict:
        if assessment is None:
            return {"version": 1}  # the version an assessment has before its first save
        findings = list(assessment.findings.all())
        initial = {
            "version": assessment.version,
            "requirements_met": assessment.requirements_met,
            "strengths": "\n".join(f.text for f in findings if f.kind == FindingKind.STRENGTH),
            "ofis": "\n".join(f.text for f in findings if f.kind == FindingKind.OFI),
        }
        for dimension, band in assessment.ratings.items():
            initial[f"rating_{dimension}"] = "" if band is None else str(band)
        for n, link in enumerate(assessment.evidence.all()):
            initial[f"evidence_title_{n}"] = link.title
            initial[f"evidence_url_{n}"] = link.url
        return initial

    def rating_fields(self):
        return [(d, self[f"rating_{d}"]) for d in self.item.dimensions]

    def evidence_fields(self):
        return [
            (self[f"evidence_title_{n}"], self[f"evidence_url_{n}"])
            for n in range(self.evidence_rows)
        ]

    def clean(self):
        data = super().clean()
        for n in range(self.evidence_rows):
            title = data.get(f"evidence_title_{n}", "")
            if data.get(f"evidence_url_{n}") and not rules.has_text(title):
                self.add_error(f"evidence_title_{n}", _("Give each piece of evidence a title."))
        return data

    def assessment_fields(self) -> dict:
        """What services.assessment_save takes from the form."""
        data = self.cleaned_data
        evidence = [
            Evidence(data[f"evidence_title_{n}"].strip(), data[f"evidence_url_{n}"].strip())
            for n in range(self.evidence_rows)
            if data[f"evidence_title_{n}"].strip() or data[f"evidence_url_{n}"].strip()
        ]
        return {
            "version": data["version"],
            "ratings": {d: data[f"rating_{d}"] for d in self.item.dimensions},
            "requirements_met": data.get("requirements_met", []),
            "strengths": lines(data["strengths"]),
            "ofis": lines(data["ofis"]),
            "evidence": evidence,
        }


class OfiChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Finding) -> str:
        text = obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"
        return f"{obj.assessment.item.code} — {text}"


class ProjectForm(FriendlyForm):
    """A project of the improvement plan and the OFI it comes from."""

    title = forms.CharField(label=_("Project"), max_length=300)
    ofi = OfiChoiceField(
        label=_("From the opportunity for improvement"),
        queryset=Finding.objects.none(),
        required=False,
    )
    owner_name = forms.CharField(label=_("Owner"), max_length=200)
    deadline = ThaiDateField(label=_("Deadline"))
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)

    def __init__(self, *args, year: PmqaYear, project: Project | None = None, **kwargs):
        initial = {"status": ProjectStatus.PLANNED}
        if project is not None:
            initial = {
                "title": project.title,
                "ofi": project.ofi_id,
                "owner_name": project.owner_name,
                "deadline": project.deadline,
                "status": project.status,
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["ofi"].queryset = (
            Finding.objects.filter(assessment__year=year, kind=FindingKind.OFI)
            .select_related("assessment__item")
            .order_by(
                "assessment__item__category__number",
                "assessment__item__order",
                "assessment__item__code",
                "order",
                "pk",
            )
        )

    def project_fields(self) -> dict:
        """What services.project_save takes from the form."""
        return {
            name: self.cleaned_data[name]
            for name in ("title", "ofi", "owner_name", "deadline", "status")
        }


class ProjectReportForm(FriendlyForm):
    """A project's progress in one reporting round."""

    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        error_messages={"invalid": _("Progress is a whole number from 0 to 100.")},
    )
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def initial_for(report: ProjectReport | None) -> dict:
        return {"progress": report.progress, "note": report.note} if report else {}

"""Forms of the PMQA year's pages: starting a year, its plan, working group, units, activities and
the linked indicator. They read what was typed; the services decide what may be saved."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField, friendly_errors

from .choices import MemberRole, Scope
from .models import CriteriaVersion
from .services.year import CategoryChoice, Member

# Empty rows the working-group form offers below the members already named.
EMPTY_MEMBER_ROWS = 3
MAX_MEMBERS = 100


class YearCreateForm(FriendlyForm):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    fiscal_year = forms.ModelChoiceField(label=_("Fiscal year (B.E.)"), queryset=None)
    criteria = forms.ModelChoiceField(
        label=_("Criteria"), queryset=CriteriaVersion.objects.filter(is_active=True)
    )

    def __init__(self, *args, organizations, fiscal_years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["fiscal_year"].queryset = fiscal_years
        self.fields["fiscal_year"].label_from_instance = lambda fy: str(fy.year)


def organization_members(organization):
    """People who may be made responsible for a category: those with a role in the organization."""
    return (
        get_user_model()
        .objects.filter(memberships__organization=organization, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


SCOPE_CHOICES = [("", _("Not this year")), *Scope.choices]


class PlanForm(FriendlyForm):
    """One row per category of the criteria: not chosen, mandatory or voluntary, and who answers
    for it (a name, and optionally the account of a member who will write its assessment)."""

    def __init__(self, *args, categories, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.categories = list(categories)
        for category in self.categories:
            n = category.number
            self.fields[f"scope_{n}"] = forms.ChoiceField(
                label=_("Category %(number)s") % {"number": n},
                choices=SCOPE_CHOICES,
                required=False,
            )
            self.fields[f"name_{n}"] = forms.CharField(
                label=_("Responsible person"), max_length=200, required=False
            )
            self.fields[f"user_{n}"] = forms.ModelChoiceField(
                label=_("Responsible user"),
                queryset=members,
                required=False,
                help_text=_("A member with an account may then write this category's assessment."),
            )
        friendly_errors(self)  # again: these fields were added after FriendlyForm's own call

    @staticmethod
    def initial_from(plans) -> dict:
        initial = {}
        for plan in plans:
            n = plan.category.number
            initial[f"scope_{n}"] = plan.scope
            initial[f"name_{n}"] = plan.responsible_name
            initial[f"user_{n}"] = plan.responsible_user_id
        return initial

    @property
    def rows(self):
        """(category, scope, name, user) bound fields, in the categories' order."""
        return [
            (c, self[f"scope_{c.number}"], self[f"name_{c.number}"], self[f"user_{c.number}"])
            for c in self.categories
        ]

    def choices(self) -> list[CategoryChoice]:
        data = self.cleaned_data
        return [
            CategoryChoice(
                number=c.number,
                scope=data[f"scope_{c.number}"],
                responsible_name=data[f"name_{c.number}"],
                responsible_user=data[f"user_{c.number}"],
            )
            for c in self.categories
            if data[f"scope_{c.number}"]
        ]


class MemberForm(FriendlyForm):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    role = forms.ChoiceField(
        label=_("Role in the working group"),
        choices=MemberRole.choices,
        initial=MemberRole.MEMBER,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("position", "").strip() and not data.get("name", "").strip():
            self.add_error("name", _("Give the member's name, or empty the row."))
        return data


MemberFormSet = forms.formset_factory(
    MemberForm, extra=0, max_num=MAX_MEMBERS, absolute_max=MAX_MEMBERS
)


def member_formset(data, members) -> forms.BaseFormSet:
    """The working group's members and a few empty rows for more."""
    initial = [{"name": m.name, "position": m.position, "role": m.role} for m in members]
    initial += [{"role": MemberRole.MEMBER} for _ in range(EMPTY_MEMBER_ROWS)]
    return MemberFormSet(data, initial=initial[:MAX_MEMBERS], prefix="members")


def members_from(formset) -> list[Member]:
    """The rows with a name (empty rows are left out)."""
    return [
        Member(f["name"], f.get("position", ""), f.get("role") or MemberRole.MEMBER)
        for f in formset.cleaned_data
        if f.get("name", "").strip()
    ]


class UnitsForm(FriendlyForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Units selected to do PMQA"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class ActivityForm(FriendlyForm):
    held_on = ThaiDateField(label=_("Held on"), required=False)
    attendees = forms.IntegerField(
        label=_("Attendees"),
        required=False,
        error_messages={"invalid": _("Give the number of attendees as a whole number.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class IndicatorLinkForm(FriendlyForm):
    indicator = forms.ModelChoiceField(
        label=_("The agreement's PMQA indicator"),
        queryset=None,
        required=False,
        help_text=_("A milestone indicator with five steps. Leave empty to unlink."),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators

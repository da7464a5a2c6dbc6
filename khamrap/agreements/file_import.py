"""An agreement file (rules.agreement_file, docs/agreement-file.md) into a new draft agreement:
all of it through the services, or nothing with every problem listed. The way out is file_export;
a file's round results are recorded by reporting.exchange.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from khamrap.organizations.models import Organization
from khamrap.periods.models import FiscalYear
from khamrap.rules import agreement_file as af
from khamrap.rules import scoring

from . import services
from .forms import people_for
from .models import Agreement, Framework, FrameworkGroup, Indicator, ReformIssue


class AgreementImportError(ValidationError):
    """An agreement file that cannot be imported; `problems` lists every reason in Thai."""

    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


def _framework_for(spec: af.FrameworkSpec, fiscal_year: FiscalYear) -> Framework:
    """The framework whose groups the file uses: the year's own, one of the same name, or a new one."""
    keys = {g.key for g in spec.groups}
    candidates = [fiscal_year.framework] if fiscal_year.framework else []
    candidates += list(Framework.objects.filter(name_th=spec.name))
    for framework in candidates:
        if (
            set(framework.groups.values_list("key", flat=True)) == keys
            and framework.floor == spec.floor
        ):
            return framework
    code = f"imported-{Framework.objects.count() + 1}"
    framework = Framework(code=code, name_th=spec.name, floor=spec.floor)
    groups = [
        FrameworkGroup(framework=framework, key=g.key, name_th=g.name, weight=g.weight, order=n)
        for n, g in enumerate(spec.groups, start=1)
    ]
    # Checked before saving: a name over its column's length is refused with a message, never cut
    # (nor a database error on PostgreSQL).
    problems: list[str] = []
    try:
        framework.full_clean(exclude=["code"], validate_unique=False)
    except ValidationError as error:
        problems += refusals(error, Framework, _("The framework"))
    for group in groups:
        try:
            group.full_clean(exclude=["framework"], validate_unique=False)
        except ValidationError as error:
            where = _("Group %(key)s of the framework") % {"key": group.key}
            problems += refusals(error, FrameworkGroup, where)
    if problems:
        raise AgreementImportError(problems)
    framework.save()
    FrameworkGroup.objects.bulk_create(groups)
    return framework


def refusals(error: ValidationError, model, where: str) -> list[str]:
    """Each message of a model's validation error, saying where and which field it is about."""
    if not hasattr(error, "error_dict"):
        return [f"{where}: {message}" for message in error.messages]
    found = []
    for name, messages in error.message_dict.items():
        try:
            label = model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            label = None
        for message in messages:
            if label is None:
                found.append(f"{where}: {message}")
            else:
                found.append(
                    _("%(where)s, “%(field)s”: %(message)s")
                    % {"where": where, "field": label, "message": message}
                )
    return found


def _matcher(organization: Organization):
    """Find a person named in a file among the people of the organization and the ones above it."""
    people = list(people_for(organization))
    by_name: dict[str, object] = {}
    for user in people:
        by_name.setdefault(user.display_name, user)
        by_name.setdefault(f"{user.first_name} {user.last_name}".strip(), user)
        by_name.setdefault(user.username, user)
    return lambda person: by_name.get(person.name.strip())


def _fields(spec: af.IndicatorSpec, group: FrameworkGroup, parent: Indicator | None) -> dict:
    criteria = spec.criteria
    fields = {
        "group": group,
        "parent": parent,
        "number": spec.number,
        "name": spec.name,
        "weight": spec.weight,
        "kind": criteria.kind.value,
        "unit": spec.unit or "",
        "description": spec.description or "",
        "formula": spec.formula or "",
        "notes": spec.notes or "",
        "rationale": spec.rationale or "",
        "data_source": spec.data_source or "",
        "closing_note": spec.closing_note or "",
        "baseline": {str(year): str(value) for year, value in spec.baseline},
        "mixed_steps": None,
    }
    targets: tuple = ()
    if isinstance(criteria, scoring.NumericCriteria):
        targets = criteria.targets
    elif isinstance(criteria, scoring.MixedCriteria):
        fields["mixed_steps"] = criteria.steps
        targets = (None,) * criteria.steps + criteria.targets
    if isinstance(criteria, scoring.NumericCriteria | scoring.MixedCriteria):
        fields["direction"] = criteria.direction.value
    for level in range(1, 6):
        fields[f"target_{level}"] = targets[level - 1] if targets else None
    return fields


@transaction.atomic
def agreement_import(
    *,
    organization: Organization,
    fiscal_year: FiscalYear,
    data: af.AgreementFile,
    user,
) -> Agreement:
    """Create a draft agreement from a file: all of it, or nothing with every problem listed.

    The file's results, if any, are a round's: reporting.exchange.results_from_file records them."""
    problems: list[str] = []
    if data.fiscal_year != fiscal_year.year:
        problems.append(
            _("The file is for fiscal year %(file)s, not %(year)s.")
            % {"file": data.fiscal_year, "year": fiscal_year.year}
        )
    try:
        framework = _framework_for(data.framework, fiscal_year)
    except AgreementImportError as error:
        raise AgreementImportError([*problems, *error.problems]) from error
    groups = {g.key: g for g in framework.groups.all()}
    issues = {issue.code: issue for issue in ReformIssue.objects.all()}
    find = _matcher(organization)

    def people(spec: af.IndicatorSpec, persons) -> list:
        found = []
        for person in persons:
            user_found = find(person)
            if user_found is None:
                problems.append(
                    _(
                        "Indicator %(number)s: nobody called “%(name)s” works in %(organization)s or above it."
                    )
                    % {
                        "number": spec.number,
                        "name": person.name,
                        "organization": organization.name_th,
                    }
                )
            else:
                found.append(user_found)
        return found

    def issue_rows(spec: af.IndicatorSpec) -> list:
        unknown = [code for code in spec.issues if code not in issues]
        for code in unknown:
            problems.append(
                _("Indicator %(number)s: unknown issue code “%(code)s”.")
                % {"number": spec.number, "code": code}
            )
        return [issues[code] for code in spec.issues if code in issues]

    try:
        agreement = services.agreement_create(
            organization=organization, fiscal_year=fiscal_year, user=user, framework=framework
        )
    except ValidationError as error:
        raise AgreementImportError([*problems, *error.messages]) from error

    def save(spec: af.IndicatorSpec, parent: Indicator | None, group_key: str | None) -> None:
        group = groups.get(group_key or "")
        if group is None:
            problems.append(
                _("Indicator %(number)s: no group “%(group)s” in the framework.")
                % {"number": spec.number, "group": group_key}
            )
            return
        floor = getattr(spec.criteria, "floor", framework.floor)
        if floor != framework.floor:
            problems.append(
                _("Indicator %(number)s: its own floor score is not supported.")
                % {"number": spec.number}
            )
        try:
            indicator = services.indicator_save(
                agreement=agreement,
                user=user,
                fields=_fields(spec, group, parent),
                steps=[services.StepData(s.description, s.evidence or "") for s in spec.steps],
                supervisors=people(spec, spec.supervisors),
                collectors=people(spec, spec.collectors),
                issues=issue_rows(spec),
            )
        except ValidationError as error:
            where = _("Indicator %(number)s") % {"number": spec.number}
            problems.extend(refusals(error, Indicator, where))
            return
        for part in spec.parts:
            save(part, indicator, group_key)

    for spec in data.indicators:
        save(spec, None, spec.group)
    if problems:
        transaction.set_rollback(True)
        raise AgreementImportError(problems)

    return agreement

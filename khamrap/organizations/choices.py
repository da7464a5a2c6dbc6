"""Kinds of organization, department groups, roles, and what each role may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    BUREAU = "bureau", _("Bureau / division")
    GROUP = "group", _("Group / section")
    PROVINCE = "province", _("Province")
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    PUBLIC_ORGANIZATION = "public_organization", _("Public organization")
    UNIVERSITY = "university", _("State university")
    INDIVIDUAL = "individual", _("Individual")


class DepartmentGroup(models.IntegerChoices):
    """Seed 001: how far a department develops, which decides the issues its agreement must cover."""

    MANDATORY = 1, _("Group 1: the five mandatory issues")
    CHALLENGING = 2, _("Group 2: mandatory issues and at least two optional ones")
    CHANGE_LEADERSHIP = 3, _("Group 3: provinces and change-leadership departments")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("KPI coordinator")
    SUPERVISOR = "supervisor", _("KPI supervisor")
    COLLECTOR = "collector", _("Data collector")
    EXECUTIVE = "executive", _("Executive")
    EVALUATOR = "evaluator", _("Evaluator")


class Action(models.TextChoices):
    """What a person wants to do with an organization; ROLE_ACTIONS says which roles may."""

    VIEW = "view", _("view")
    MANAGE = "manage", _("manage the organization's setup")
    COORDINATE = "coordinate", _("coordinate the agreement and reports")
    EVALUATE = "evaluate", _("evaluate")
    SIGN = "sign", _("sign the agreement")


# Roles that reach every organization below theirs; the others act only in their own organization
# (and, from the agreements on, only on the indicators they are named on).
SUBTREE_ROLES = frozenset({Role.ADMINISTRATOR, Role.COORDINATOR, Role.EXECUTIVE, Role.EVALUATOR})

ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Action.VIEW: frozenset(Role.values),
    Action.MANAGE: frozenset({Role.ADMINISTRATOR}),
    Action.COORDINATE: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    Action.EVALUATE: frozenset({Role.EVALUATOR}),
    Action.SIGN: frozenset({Role.EXECUTIVE}),
}

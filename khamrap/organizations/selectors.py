"""Reads of organizations and memberships, always scoped to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .choices import Action, Role
from .models import Membership, Organization


def organization_get_for_user(user, pk: int, action: str = Action.VIEW) -> Organization:
    """One organization the user may act on, or 404: never a hint that it exists."""
    return get_object_or_404(Organization.objects.for_user(user, action), pk=pk)


def organization_list_for_user(user, *, search: str = "", kind: str = "") -> QuerySet[Organization]:
    """The organizations the user may see, in tree order (a ministry before its departments)."""
    organizations = Organization.objects.for_user(user)
    if search:
        organizations = organizations.filter(
            Q(name_th__icontains=search)
            | Q(name_en__icontains=search)
            | Q(code__icontains=search)
            | Q(short_name__icontains=search)
        )
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations.order_by("path")


def organization_children_for_user(user, organization: Organization) -> QuerySet[Organization]:
    """The visible organizations directly below `organization`, with their member counts."""
    return (
        Organization.objects.for_user(user)
        .filter(path__startswith=organization.path, depth=organization.depth + 1)
        .annotate(member_count=Count("memberships__user", distinct=True))
        .order_by("path")
    )


def _ancestor_paths(organization: Organization) -> list[str]:
    """The materialised paths of the organizations above `organization`, from the root down."""
    steplen = Organization.steplen
    return [organization.path[:end] for end in range(steplen, len(organization.path), steplen)]


def organization_ancestors(organization: Organization) -> list[Organization]:
    """The chain from the root down to `organization`'s parent, in one query."""
    paths = _ancestor_paths(organization)
    return list(Organization.objects.filter(path__in=paths).order_by("depth"))


def evaluator_ids_of(organization: Organization) -> QuerySet[Membership]:
    """The ids of the people who evaluate `organization`: evaluators of it or of any one above."""
    paths = [*_ancestor_paths(organization), organization.path]
    evaluators = Membership.objects.filter(role=Role.EVALUATOR, organization__path__in=paths)
    return evaluators.values("user_id")


def membership_list_for_user(user) -> QuerySet[Membership]:
    """The user's own roles, with their organizations, for the header and the home page."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, organization__is_active=True)
        .select_related("organization")
        .order_by("organization__path", "role")
    )


def organization_members(organization: Organization) -> QuerySet[Membership]:
    """Who holds which role in an organization."""
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("role", "user__first_name", "user__username")
    )

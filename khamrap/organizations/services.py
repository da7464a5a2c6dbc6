"""Writes to organizations and memberships. Every change of the tree goes through here."""

from __future__ import annotations

import geothai
from django.db import transaction

from .choices import OrganizationKind, Role
from .models import Membership, Organization


@transaction.atomic
def organization_create(
    *,
    code: str,
    name_th: str,
    kind: str,
    parent: Organization | None = None,
    name_en: str = "",
    short_name: str = "",
    department_group: int | None = None,
) -> Organization:
    """Add an organization at the root of the tree or under `parent`."""
    organization = Organization(
        code=code,
        name_th=name_th,
        name_en=name_en,
        short_name=short_name,
        kind=kind,
        department_group=department_group,
    )
    # treebeard computes path and depth when the node is added; check the rest before that.
    organization.full_clean(exclude=["path", "depth", "numchild"])
    if parent is None:
        return Organization.objects.add_root(instance=organization)
    # treebeard locks and re-reads the parent, so a stale `parent` object gives a correct path.
    return Organization.objects.add_child(parent, instance=organization)


@transaction.atomic
def organization_ensure(
    *,
    code: str,
    name_th: str,
    kind: str,
    parent: Organization | None = None,
    **fields,
) -> tuple[Organization, bool]:
    """Create the organization with `code` unless it exists; update its names and kind if it does."""
    existing = Organization.objects.filter(code=code).first()
    if existing is None:
        return organization_create(
            code=code, name_th=name_th, kind=kind, parent=parent, **fields
        ), True
    changed = {"name_th": name_th, "kind": kind, **fields}
    for field, value in changed.items():
        setattr(existing, field, value)
    existing.full_clean(exclude=["path", "depth", "numchild"])
    existing.save()
    return existing, False


PROVINCE_CODE_PREFIX = "PROV-"


@transaction.atomic
def province_import() -> tuple[int, int]:
    """Load the 77 provinces (76 + Bangkok) from the geothai package; returns (created, updated)."""
    created = updated = 0
    for province in geothai.provinces():
        _organization, was_created = organization_ensure(
            code=f"{PROVINCE_CODE_PREFIX}{province.code}",
            name_th=province.name_th if province.code == "10" else f"จังหวัด{province.name_th}",
            name_en=province.name_en if province.code == "10" else f"{province.name_en} Province",
            kind=OrganizationKind.PROVINCE,
            department_group=3,
        )
        created += was_created
        updated += not was_created
    return created, updated


@transaction.atomic
def membership_grant(*, user, organization: Organization, role: str) -> Membership:
    """Give `user` a role in `organization`; granting a role they already have changes nothing."""
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    membership, _created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    return membership


@transaction.atomic
def membership_revoke(*, user, organization: Organization, role: str) -> bool:
    """Take a role away; returns whether there was one to take."""
    deleted, _ = Membership.objects.filter(user=user, organization=organization, role=role).delete()
    return deleted > 0

"""The organizations a caller may see, as a tree: each with its parent, in tree order."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from khamrap.organizations.choices import OrganizationKind
from khamrap.organizations.models import Organization
from khamrap.organizations.selectors import organization_list_for_user

from ..schemas import READ_ERRORS, Id, Pages

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    short_name: str
    kind: str
    department_group: int | None
    is_active: bool
    depth: int = Field(description="1 for a top organization (a ministry), 2 below it, and so on.")
    parent_id: int | None = Field(description="The organization directly above, if any.")


class OrganizationFilters(Schema):
    q: str = Field("", max_length=100, description="Part of the name, abbreviation or code.")
    kind: OrganizationKind | None = None
    parent: Id | None = Field(None, description="Only those directly below this organization.")


def _with_parent(organizations):
    """Each organization with the id of the one above it (from the materialised path, one query)."""
    above = Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organization.steplen)
    ).values("pk")[:1]
    return organizations.annotate(parent_id=Subquery(above))


@router.get(
    "/organizations",
    response={200: list[OrganizationOut], **READ_ERRORS},
    summary="Organizations the caller may see",
)
@paginate(Pages)
def organization_list(request, filters: Query[OrganizationFilters]):
    """In tree order (a ministry before its departments); filter by name, kind or parent."""
    organizations = organization_list_for_user(
        request.user, search=filters.q, kind=filters.kind or ""
    )
    if filters.parent is not None:
        parent = organizations.filter(pk=filters.parent).values("path", "depth").first()
        if parent is None:
            return organizations.none()
        organizations = organizations.filter(
            path__startswith=parent["path"], depth=parent["depth"] + 1
        )
    return _with_parent(organizations).order_by("path")


@router.get(
    "/organizations/{organization_id}",
    response={200: OrganizationOut, **READ_ERRORS},
    summary="One organization",
)
def organization_detail(request, organization_id: Id):
    return get_object_or_404(
        _with_parent(organization_list_for_user(request.user)), pk=organization_id
    )

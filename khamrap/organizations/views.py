from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Min
from django.shortcuts import render

from khamrap.organizations.permissions import can
from khamrap.periods.models import FiscalYear

from . import selectors
from .choices import Action
from .forms import OrganizationFilterForm

PAGE_SIZE = 100


@login_required
def organization_list(request):
    """The organizations the user may see, as a tree, with a search box."""
    form = OrganizationFilterForm(request.GET or None)
    search = kind = ""
    if form.is_valid():
        search, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    organizations = selectors.organization_list_for_user(request.user, search=search, kind=kind)
    # In tree order, a page at a time: a national administrator sees some 5,000 organizations.
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = bool(search or kind)
    # Indent by depth below the highest organization the user sees; a filtered list is flat. The
    # stylesheet has classes indent-0 to indent-8 (no style attribute: the CSP allows none).
    top_depth = organizations.aggregate(top=Min("depth"))["top"] or 1
    for organization in page:
        organization.indent = 0 if filtered else min(organization.depth - top_depth, 8)
    context = {"form": form, "page": page, "filtered": filtered}
    return render(request, "organizations/organization_list.html", context)


@login_required
def organization_detail(request, pk: int):
    """One organization: where it sits, what is below it, and who holds which role."""
    organization = selectors.organization_get_for_user(request.user, pk)
    context = {
        "organization": organization,
        "ancestors": selectors.organization_ancestors(organization),
        "children": selectors.organization_children_for_user(request.user, organization),
        "members": selectors.organization_members(organization),
        "can_coordinate": can(request.user, organization, Action.COORDINATE),
        "latest_year": FiscalYear.objects.filter(framework__isnull=False).order_by("-year").first(),
    }
    return render(request, "organizations/organization_detail.html", context)

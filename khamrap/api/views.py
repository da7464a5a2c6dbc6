"""The tokens pages (/api/tokens/): a person's API tokens, a new one, and revoking one.

What a person sees is `accounts.tokens.tokens_visible_to` (their own, and those of the
organizations they administer); a token outside it is a 404. Making and revoking are the services
`token_create` and `token_revoke`; their refusals show on the form or the list. The token itself
is shown once, on the answer to the form, which no cache keeps; it is never stored or logged.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khamrap.accounts.models import User
from khamrap.accounts.tokens import token_create, token_revoke, tokens_visible_to
from khamrap.lib.views import apply_validation_error
from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization

from .forms import TokenCreateForm

PAGE_SIZE = 50
# The session key where a new token waits for the one page that shows it.
_SHOWN_ONCE = "api_token_shown_once"


def token_holders(user):
    """Whom `user` may make a token for: themselves and the people with a role in an
    organization they administer; None when they administer none (they hold their own only)."""
    managed = Organization.objects.for_user(user, Action.MANAGE)
    if not managed.exists():
        return None
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk=user.pk) | Q(memberships__organization__in=managed))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@login_required
def token_list(request):
    """The tokens the person sees, newest first, with a revoke button on each active one."""
    page = Paginator(tokens_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for token in page:
        # Every token on this list is the person's own or one they administer: each active one
        # may be revoked by them (token_revoke's rule).
        token.is_expired = token.expires_at is not None and token.expires_at <= now
        token.is_active = token.revoked_at is None and not token.is_expired
    return render(request, "api/token_list.html", {"page": page})


@login_required
def token_new(request):
    """A new token: the form, and on success the token itself, shown this once."""
    user = request.user
    holders = token_holders(user)
    if request.method == "POST" and holders is None:
        posted = request.POST.get("holder")
        if posted not in (None, "", str(user.pk)):
            raise Http404  # nobody else is a holder this person may choose
    form = TokenCreateForm(
        request.POST or None,
        user=user,
        organizations=Organization.objects.for_user(user),
        holders=holders,
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = token_create(by=user, **form.token_arguments())
        except ValidationError as error:
            apply_validation_error(form, error)
        except PermissionDenied:
            form.add_error(
                "organization",
                _("You may make a token for someone else only in an organization you administer."),
            )
        else:
            # Post, then redirect: reloading the page that shows the token makes no second one.
            request.session[_SHOWN_ONCE] = {"pk": issued.token.pk, "secret": issued.secret}
            return redirect("apitokens:token_created", pk=issued.token.pk)
    return render(request, "api/token_form.html", {"form": form})


@login_required
def token_created(request, pk: int):
    """The token just made, shown this once: the secret waits in the session for this one page
    and is taken from it as the page is drawn; a reload finds it gone and goes to the list."""
    token = get_object_or_404(tokens_visible_to(request.user), pk=pk)
    waiting = request.session.pop(_SHOWN_ONCE, None)
    if not waiting or waiting.get("pk") != token.pk:
        messages.info(request, _("A token is shown only once, when it is made."))
        return redirect("apitokens:token_list")
    context = {
        "token": token,
        "secret": waiting["secret"],
        "me_url": request.build_absolute_uri(reverse("api:me")),
        "docs_url": request.build_absolute_uri(reverse("api:openapi-view")),
    }
    response = render(request, "api/token_created.html", context)
    # The only time the token is shown: no browser or proxy may keep a copy of this page.
    response["Cache-Control"] = "private, no-store"
    response["Pragma"] = "no-cache"
    return response


@login_required
@require_POST
def token_revoke_view(request, pk: int):
    """Revoke a token the person sees (their own, or one they administer) at once."""
    token = get_object_or_404(tokens_visible_to(request.user), pk=pk)
    try:
        token_revoke(token=token, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The token “%(name)s” is revoked: it no longer opens the API.")
            % {"name": token.name},
        )
    return redirect("apitokens:token_list")

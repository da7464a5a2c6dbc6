"""API tokens (docs/api.md): made, checked, revoked; the one place a token's secret is handled.

A token reads `khr_<prefix>_<secret>`. Only the prefix (to find the row) and a SHA-256 digest of
the whole token (to check it) are stored: the token itself is shown once, when it is made. A
token acts as its user narrowed to its scope (organizations.scopes); it never reaches more than
its user does, so making one needs no right beyond seeing its organization.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from khamrap.organizations.choices import Action
from khamrap.organizations.models import Organization
from khamrap.organizations.permissions import can
from khamrap.organizations.scopes import Scope

from .models import ApiToken, User

TOKEN_PREFIX = "khr"
# last_used_at is written at most this often per token: a busy integration must not turn every
# read into a write.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A token just made: the row, and the token itself, which is never shown again."""

    token: ApiToken
    secret: str


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_manage_tokens_of(by: User, organization: Organization) -> bool:
    """Whether `by` administers `organization` and so may make and revoke tokens within it."""
    return can(by, organization, Action.MANAGE)


def tokens_visible_to(user: User):
    """The tokens a person sees on their tokens page: their own, and those an administrator
    manages (tokens scoped to an organization they administer)."""
    managed = Organization.objects.for_user(user, Action.MANAGE)
    return (
        ApiToken.objects.filter(Q(user=user) | Q(organization__in=managed))
        .select_related("user", "organization", "created_by", "revoked_by")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def token_create(
    *,
    by: User,
    user: User,
    organization: Organization,
    name: str,
    include_subtree: bool = False,
    can_write: bool = False,
    expires_at=None,
) -> IssuedToken:
    """Make a token for `user` (oneself, or, by an administrator of `organization`, anyone who
    works there) scoped to `organization`. Refuses with a coded ValidationError."""
    if by.pk != user.pk and not may_manage_tokens_of(by, organization):
        raise PermissionDenied
    if not Organization.objects.for_user(user, Action.VIEW).filter(pk=organization.pk).exists():
        raise ValidationError(
            {
                "organization": ValidationError(
                    _(
                        "%(person)s has no role in this organization, so a token for it could do nothing."
                    )
                    % {"person": user.display_name},
                    code="unreachable",
                )
            }
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError(
            {"expires_at": ValidationError(_("The expiry must be in the future."), code="past")}
        )
    prefix = secrets.token_hex(4)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        user=user,
        organization=organization,
        name=(name or "").strip(),
        include_subtree=include_subtree,
        can_write=can_write,
        prefix=prefix,
        digest=_digest(raw),
        created_by=by,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return IssuedToken(token, raw)


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke a token at once: its holder, or an administrator of its organization, may."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if by.pk != token.user_id and not may_manage_tokens_of(by, token.organization):
        raise PermissionDenied
    if token.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."), code="revoked")
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_authenticate(raw: str) -> ApiToken | None:
    """The active token `raw` is, with its user ready to act within its scope; else None.

    Records the token's last use (at most once a minute)."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "organization")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(raw.strip())):
        return None
    if not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    acting = token.user
    acting.api_scope = Scope(
        organization_id=token.organization_id,
        path=token.organization.path,
        subtree=token.include_subtree,
        write=token.can_write,
    )
    acting.api_token = token
    return token


def token_of(user) -> ApiToken | None:
    """The token a person is acting through (for the history of what it changed), or None."""
    return getattr(user, "api_token", None)

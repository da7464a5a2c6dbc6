"""What an API token lets its holder reach: a narrowing of the one visibility rule.

A token (accounts.ApiToken) acts as its user, but only on one organization (and, when allowed,
everything below it), and only to read unless it may write. The API puts the token's `Scope` on
the user it authenticates (`user.api_scope`); `Organization.objects.for_user` then narrows what
the memberships reach to the scope, so every queryset built on it (agreements, indicators,
results, reports, standings, evidence, PMQA years, award applications) and every permission
question (`permissions.can`) answers the same narrowed way, with no rule of the API's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import Action


@dataclass(frozen=True)
class Scope:
    organization_id: int
    path: str  # the organization's materialised path (treebeard)
    subtree: bool
    write: bool

    def narrow(self, organizations, action: str):
        """`organizations` cut to this scope; nothing at all for a change when it only reads."""
        if action != Action.VIEW and not self.write:
            return organizations.none()
        if self.subtree:
            return organizations.filter(path__startswith=self.path)
        return organizations.filter(pk=self.organization_id)


def scope_of(user) -> Scope | None:
    """The scope a person acts in, or None when they act with all their roles (signed in)."""
    return getattr(user, "api_scope", None)

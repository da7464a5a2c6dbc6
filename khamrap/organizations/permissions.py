"""The one way to ask whether a person may act on an organization."""

from django.core.exceptions import PermissionDenied

from .models import Organization


def can(user, organization: Organization, action: str) -> bool:
    """Whether `user` may do `action` on `organization` (Organization.objects.for_user decides)."""
    return Organization.objects.for_user(user, action).filter(pk=organization.pk).exists()


def require(user, organization: Organization, action: str) -> None:
    """Refuse with PermissionDenied unless `user` may do `action` on `organization`."""
    if not can(user, organization, action):
        raise PermissionDenied

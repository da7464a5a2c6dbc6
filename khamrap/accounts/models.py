"""People who use khamrap."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in; what they may do comes from their memberships in organizations."""

    # Thai names carry a title written without a space: นายวิรัตน์ มะลิวรรณ.
    title = models.CharField(
        _("title"), max_length=30, blank=True, help_text=_("e.g. นาย, นาง, นางสาว, ดร.")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Sign-in by e-mail needs one person per address, whatever its letter case.
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("Another user already has this e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as a Thai document prints it, or the username when no name is set."""
        name = f"{self.title}{self.first_name} {self.last_name}".strip()
        return name or self.username


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens that still open the API: not revoked, not past their expiry."""
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=timezone.now())
        )


class ApiToken(models.Model):
    """A personal or service token for the API (docs/api.md), acting as its user within one scope.

    The token itself is shown once, when it is made; only its prefix (to find it) and a SHA-256
    digest of the whole (to check it) are kept. Its scope narrows what its user may do: one
    organization (and everything below it when `include_subtree`), and reading only unless
    `can_write`. It never widens it: the user's memberships still decide (organizations.scopes)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the ministry's MIS.")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("organization"),
    )
    include_subtree = models.BooleanField(_("and the organizations below it"), default=False)
    can_write = models.BooleanField(_("may change data"), default=False)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

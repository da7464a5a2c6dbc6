"""People who use khamrap."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
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

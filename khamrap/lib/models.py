"""Model building blocks shared by every app."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def localized(name_th: str, name_en: str) -> str:
    """A name in the reader's language: English when chosen and given, Thai otherwise."""
    return name_en if name_en and get_language() == "en" else name_th

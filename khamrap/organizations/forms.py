from django import forms
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm

from .choices import OrganizationKind


class OrganizationFilterForm(FriendlyForm):
    """Search box and kind filter above the organization tree."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )

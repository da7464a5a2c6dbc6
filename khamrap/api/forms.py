"""The form of a new API token. It reads what was typed; accounts.tokens.token_create decides."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import FriendlyForm, ThaiDateField


def end_of_day(day: dt.date) -> dt.datetime:
    """The moment a token given an expiry date stops working: the last moment of that day,
    Bangkok time (so "expires 31/03/2570" still works all through that day, and the list shows
    it as 31 มีนาคม 2570 เวลา 23:59 น., not as the next day's midnight)."""
    last_moment = dt.datetime.combine(day, dt.time.max)
    return timezone.make_aware(last_moment, timezone.get_current_timezone())


class TokenCreateForm(FriendlyForm):
    """Name, holder (for an administrator), organization, scope and an optional expiry date."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the ministry's MIS."),
    )
    holder = forms.ModelChoiceField(
        label=_("Holder"),
        queryset=None,
        help_text=_(
            "The token acts as this person, with their roles, narrowed to the organization below."
        ),
    )
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None)
    include_subtree = forms.BooleanField(label=_("Also the organizations below it"), required=False)
    can_write = forms.BooleanField(
        label=_("May change data"),
        required=False,
        help_text=_("Leave unticked for a token that only reads."),
    )
    expires_at = ThaiDateField(
        label=_("Expires on"),
        required=False,
        help_text=_("Optional. The token stops working at the end of this day."),
    )

    def __init__(self, *args, user, organizations, holders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda o: f"{o.name} ({o.code})"
        if holders is None:
            # Only an administrator makes tokens for others; everyone else holds their own.
            del self.fields["holder"]
        else:
            self.fields["holder"].queryset = holders
            self.fields["holder"].label_from_instance = lambda u: f"{u.display_name} ({u.username})"
            self.fields["holder"].initial = user.pk
        # The holder comes first: the organization is one of theirs.
        if "holder" in self.fields:
            self.order_fields(["name", "holder"])

    def token_arguments(self) -> dict:
        """The cleaned values as token_create's keyword arguments (without `by`)."""
        data = self.cleaned_data
        expires_on = data.get("expires_at")
        return {
            "user": data.get("holder") or self.user,
            "organization": data["organization"],
            "name": data["name"],
            "include_subtree": data["include_subtree"],
            "can_write": data["can_write"],
            "expires_at": end_of_day(expires_on) if expires_on else None,
        }

"""Sign-in form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from khamrap.lib.forms import friendly_errors


class SignInForm(AuthenticationForm):
    """Django's sign-in form, labelled for a username or an e-mail address."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _("The username, e-mail or password is not correct. Please try again."),
        "inactive": _("This account has been disabled. Please contact the system administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        friendly_errors(self)


class FriendlyPasswordChangeForm(PasswordChangeForm):
    """Django's password change form with the friendly Thai messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        friendly_errors(self)

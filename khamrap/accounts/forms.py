"""Sign-in and password forms."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
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


class FriendlyPasswordResetForm(PasswordResetForm):
    """The e-mail address to send a new-password link to (sent only if an account has it)."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={"invalid": _("Please enter a valid e-mail address.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        friendly_errors(self)


class FriendlySetPasswordForm(SetPasswordForm):
    """The new password, from the link in the e-mail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        friendly_errors(self)

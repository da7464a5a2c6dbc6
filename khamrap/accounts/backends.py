"""Sign in with a username or an e-mail address."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request (the web pages).

    authenticate() without a request comes from this machine (a shell, a management command, the
    test client's login), never from the network; axes would refuse it with an error.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class UsernameOrEmailBackend(ModelBackend):
    """Django's model backend, which also finds a person by e-mail (any letter case)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).first()
            if user is None:
                # Spend the same time as a wrong password so that timing does not reveal addresses.
                User().set_password(password)
                return None
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_username(request, credentials: dict | None) -> str:
    """The name that django-axes counts failed sign-ins against: the account's username whether
    the person typed it or the account's e-mail, so switching between the two does not double
    the attempts allowed. An unknown e-mail is counted as typed (lower case)."""
    typed = ((credentials or {}).get("username") or request.POST.get("username") or "").strip()
    if "@" in typed:
        User = get_user_model()
        username = User.objects.filter(email__iexact=typed).values_list("username", flat=True)
        return username.first() or typed.lower()
    return typed

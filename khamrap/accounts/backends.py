"""Sign in with a username or an e-mail address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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

"""What every page's header needs: the user's roles in their organizations."""

from django.conf import settings

from khamrap.organizations.selectors import membership_list_for_user


def khamrap(request):
    user = getattr(request, "user", None)
    memberships = membership_list_for_user(user) if user is not None else []
    return {"site_name": settings.SITE_NAME, "my_memberships": memberships}

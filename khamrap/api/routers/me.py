"""Who the caller is, and what their token allows."""

from datetime import datetime

from ninja import Router, Schema

from khamrap.accounts.tokens import token_of
from khamrap.organizations.selectors import membership_list_for_user

from ..schemas import READ_ERRORS, OrganizationRef

router = Router(tags=["me"])


class MembershipOut(Schema):
    organization: OrganizationRef
    role: str


class TokenOut(Schema):
    name: str
    prefix: str
    organization: OrganizationRef
    include_subtree: bool
    can_write: bool
    expires_at: datetime | None


class MeOut(Schema):
    username: str
    display_name: str
    memberships: list[MembershipOut]
    token: TokenOut | None = None


@router.get("/me", response={200: MeOut, **READ_ERRORS}, summary="The caller")
def me(request):
    """The person the request acts as, their roles, and the token's scope when one is used."""
    user = request.user
    return {
        "username": user.username,
        "display_name": user.display_name,
        "memberships": list(membership_list_for_user(user)),
        "token": token_of(user),
    }

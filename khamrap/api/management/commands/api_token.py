"""Make, list and revoke API tokens on the server (docs/api.md), acting as each token's holder.

khamrap api_token create --user USERNAME --organization CODE [--subtree] [--write] --name NAME
                         [--expires 31/03/2570]
khamrap api_token list [--user USERNAME]
khamrap api_token revoke PREFIX

`create` prints only the token, so that `TOKEN=$(khamrap api_token create ...)` keeps it; it is
never shown again. The operator acts as the holder: a token is made and revoked by its user.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from khamrap.accounts.models import ApiToken, User
from khamrap.accounts.tokens import TOKEN_PREFIX, token_create, token_revoke
from khamrap.api.forms import end_of_day
from khamrap.lib.dates import reader_datetime
from khamrap.organizations.models import Organization
from khamrap.rules import thai


def _refusal(error: ValidationError) -> CommandError:
    return CommandError(" ".join(error.messages))


def _when(moment) -> str:
    """A moment in the Thai calendar (31 มี.ค. 2569 เวลา 14:05 น.), or "-"."""
    return reader_datetime(moment, "short") if moment else "-"


def scope_text(token: ApiToken) -> str:
    """M1-D1/subtree/write: the organization's code, whether below it too, read or write."""
    parts = [token.organization.code]
    if token.include_subtree:
        parts.append("subtree")
    parts.append("write" if token.can_write else "read")
    return "/".join(parts)


class Command(BaseCommand):
    help = "Make (printing only the token), list or revoke API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="make a token and print it (shown once)")
        create.add_argument("--user", required=True, metavar="USERNAME", help="the holder")
        create.add_argument(
            "--organization", required=True, metavar="CODE", help="the organization's code"
        )
        create.add_argument(
            "--subtree", action="store_true", help="also the organizations below it"
        )
        create.add_argument("--write", action="store_true", help="may change data")
        create.add_argument("--name", required=True, help="what the token is for")
        create.add_argument(
            "--expires",
            metavar="DATE",
            help="last day it works: 31/03/2570 (Buddhist Era), 31 มี.ค. 2570 or 2027-03-31",
        )
        listing = actions.add_parser("list", help="list tokens (never the tokens themselves)")
        listing.add_argument("--user", metavar="USERNAME", help="only this person's tokens")
        revoke = actions.add_parser("revoke", help="revoke a token at once")
        revoke.add_argument("prefix", metavar="PREFIX", help="the token's prefix (or the token)")

    def handle(self, *args, action, **options):
        {"create": self.create, "list": self.list_tokens, "revoke": self.revoke}[action](**options)

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user has the username %(username)s.") % {"username": username})
        return user

    def create(self, *, user, organization, subtree, write, name, expires, **options):
        holder = self._user(user)
        scope = Organization.objects.filter(code=organization).first()
        if scope is None:
            raise CommandError(_("No organization has the code %(code)s.") % {"code": organization})
        expires_at = None
        if expires:
            try:
                expires_at = end_of_day(thai.parse_date(expires))
            except thai.ThaiDateError as error:
                raise CommandError(
                    _("Write the expiry date as day/month/Buddhist Era year, e.g. 31/03/2570.")
                ) from error
        try:
            issued = token_create(
                by=holder,
                user=holder,
                organization=scope,
                name=name,
                include_subtree=subtree,
                can_write=write,
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise _refusal(error) from error
        self.stdout.write(issued.secret)

    def list_tokens(self, *, user=None, **options):
        tokens = ApiToken.objects.select_related("user", "organization").order_by(
            "-created_at", "-pk"
        )
        if user:
            tokens = tokens.filter(user=self._user(user))
        header = [
            _("prefix"),
            _("holder"),
            _("organization"),
            _("what it may reach"),
            _("last used"),
            _("revoked"),
        ]
        self.stdout.write("\t".join(header))
        for token in tokens:
            row = [
                token.prefix,
                token.user.username,
                token.organization.code,
                scope_text(token),
                _when(token.last_used_at),
                _when(token.revoked_at),
            ]
            self.stdout.write("\t".join(row))

    def revoke(self, *, prefix, **options):
        # Accept the prefix as listed, or the token's start (khr_<prefix>_…) pasted whole.
        parts = prefix.strip().split("_")
        if len(parts) >= 2 and parts[0] == TOKEN_PREFIX:
            prefix = parts[1]
        token = (
            ApiToken.objects.select_related("user", "organization").filter(prefix=prefix).first()
        )
        if token is None:
            raise CommandError(_("No token has the prefix %(prefix)s.") % {"prefix": prefix})
        try:
            token_revoke(token=token, by=token.user)
        except ValidationError as error:
            raise _refusal(error) from error
        self.stdout.write(
            _("Revoked %(prefix)s (%(name)s).") % {"prefix": token.prefix, "name": token.name}
        )

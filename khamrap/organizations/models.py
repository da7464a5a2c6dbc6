"""Organizations (a tree) and people's roles in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from khamrap.lib.models import TimeStampedModel, localized

from .choices import ROLE_ACTIONS, SUBTREE_ROLES, Action, DepartmentGroup, OrganizationKind, Role
from .scopes import scope_of


class OrganizationQuerySet(MP_NodeQuerySet):
    def for_user(self, user, action: str = Action.VIEW) -> OrganizationQuerySet:
        """The organizations `user` may act on: the one method that decides visibility.

        A membership reaches its own organization, and for subtree roles (administrator,
        coordinator, executive, evaluator) everything below it. Superusers reach everything,
        anonymous users nothing. Someone acting through an API token reaches only what its scope
        allows of that (organizations.scopes). One query, whatever the depth of the tree.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        scope = scope_of(user)
        if scope is not None:
            return scope.narrow(self._reached(user, action), action)
        return self._reached(user, action)

    def within_scope(self, user) -> OrganizationQuerySet:
        """Every organization, or, for someone acting through an API token, those of its scope."""
        scope = scope_of(user)
        return self if scope is None else scope.narrow(self, Action.VIEW)

    def _reached(self, user, action: str) -> OrganizationQuerySet:
        """The organizations the person's memberships reach for `action`."""
        if user.is_superuser:
            return self
        roles = ROLE_ACTIONS[action]
        own = Membership.objects.filter(user=user, role__in=roles).values("organization_id")
        subtree_roles = sorted(roles & SUBTREE_ROLES)
        if not subtree_roles:
            return self.filter(pk__in=own)
        # A materialised path starts with the path of every ancestor. Written as a join from the
        # person's few memberships to the organizations below them, so the database tests each
        # organization's path once against a prefix instead of running a subquery per
        # organization (27 ms for one page of a national database).
        organizations, memberships = self.model._meta.db_table, Membership._meta.db_table
        below = RawSQL(
            f"""SELECT o.id FROM {organizations} o
                JOIN {organizations} mo ON o.path LIKE mo.path || '%%'
                JOIN {memberships} m ON m.organization_id = mo.id
                WHERE m.user_id = %s AND m.role IN ({", ".join(["%s"] * len(subtree_roles))})""",
            [user.pk, *subtree_roles],
        )
        return self.filter(Q(pk__in=own) | Q(pk__in=below))


class OrganizationManager(MP_NodeManager.from_queryset(OrganizationQuerySet)):
    def get_queryset(self) -> OrganizationQuerySet:
        return OrganizationQuerySet(self.model, using=self._db).order_by("path")


class Organization(MP_Node, TimeStampedModel):
    """A government organization: ministry, department, bureau, province, office or individual."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("A short unique code, e.g. a DOPA or budget code."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(
        _("abbreviation"), max_length=60, blank=True, help_text=_("e.g. สผ., กพร.")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    department_group = models.PositiveSmallIntegerField(
        _("department group"), choices=DepartmentGroup.choices, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["code"]
    objects = OrganizationManager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(department_group__isnull=True) | Q(department_group__in=[1, 2, 3]),
                name="organizations_department_group_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language, Thai when there is no English name."""
        return localized(self.name_th, self.name_en)


class Membership(TimeStampedModel):
    """A person's role in an organization; a person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                name="organizations_membership_unique",
                violation_error_message=_(
                    "This person already has this role in this organization."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"

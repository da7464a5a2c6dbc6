"""The organization tree (ministries, departments, provinces and the units under them) and the people
who work in it, planned at a scale and stored in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

import geothai
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db.models import Q

from khamrap.organizations.choices import OrganizationKind as Kind
from khamrap.organizations.models import Membership, Organization
from khamrap.organizations.services import PROVINCE_CODE_PREFIX, organization_create

from .data import (
    BATCH,
    FIRST_NAMES,
    FULL_DEPARTMENT_UNITS,
    FULL_DEPARTMENTS,
    FULL_MINISTRIES,
    FULL_PROVINCE_UNITS,
    FULL_PROVINCES,
    LAST_NAMES,
    MINISTRIES,
    NATIONAL_DOMAIN,
    ORGANIZATION_ROLES,
    POSITIONS,
    TITLES,
    TOP_ROLES,
)
from .report import NationalReport


@dataclass(frozen=True)
class OrgSpec:
    """One organization of the plan, its parent named by code."""

    code: str
    parent: str | None
    name_th: str
    name_en: str
    kind: str
    short_name: str = ""
    department_group: int | None = None


def username(prefix: str, code: str) -> str:
    """A generated user's name: coord-nm01-d01, eval-prov-10, ..."""
    return f"{prefix}-{code.lower()}"


def _scaled(full: int, scale: float, least: int) -> int:
    return max(least, round(full * scale))


def organization_plan(scale: float) -> list[OrgSpec]:
    """Every organization of the dataset, parents before children, in a fixed order."""
    ministries = _scaled(FULL_MINISTRIES, scale, 2)
    departments = _scaled(FULL_DEPARTMENTS, scale, 2)
    provinces = _scaled(FULL_PROVINCES, scale, 2)
    department_units = _scaled(FULL_DEPARTMENT_UNITS, scale, 2)
    province_units = _scaled(FULL_PROVINCE_UNITS, scale, 2)
    plan: list[OrgSpec] = []
    ministry_codes = []
    for m in range(min(ministries, len(MINISTRIES))):
        name_th, name_en, short = MINISTRIES[m]
        code = f"NM{m + 1:02d}"
        ministry_codes.append(code)
        plan.append(OrgSpec(code, None, name_th, name_en, Kind.MINISTRY, short))
    for province in sorted(geothai.provinces(), key=lambda p: p.code)[:provinces]:
        bangkok = province.code == "10"
        plan.append(
            OrgSpec(
                f"{PROVINCE_CODE_PREFIX}{province.code}",
                None,
                province.name_th if bangkok else f"จังหวัด{province.name_th}",
                province.name_en if bangkok else f"{province.name_en} Province",
                Kind.PROVINCE,
                department_group=3,
            )
        )
    by_code = {spec.code: spec for spec in plan}
    department_codes = []
    per_ministry: Counter = Counter()
    for d in range(departments):
        ministry = ministry_codes[d % len(ministry_codes)]
        per_ministry[ministry] += 1
        n = per_ministry[ministry]
        code = f"{ministry}-D{n:02d}"
        department_codes.append(code)
        parent = by_code[ministry]
        plan.append(
            OrgSpec(
                code,
                ministry,
                f"กรมตัวอย่างที่ {n} {parent.name_th}",
                f"Department {n}, {parent.name_en}",
                Kind.DEPARTMENT,
                department_group=1 + d % 2,
            )
        )
    by_code = {spec.code: spec for spec in plan}
    province_codes = [spec.code for spec in plan if spec.kind == Kind.PROVINCE]
    for parents, total, kind, label_th, label_en in (
        (department_codes, department_units, Kind.BUREAU, "กองที่", "Division"),
        (province_codes, province_units, Kind.PROVINCIAL_OFFICE, "สำนักงานที่", "Office"),
    ):
        counts: Counter = Counter()
        for u in range(total):
            parent_code = parents[u % len(parents)]
            counts[parent_code] += 1
            n = counts[parent_code]
            parent = by_code[parent_code]
            plan.append(
                OrgSpec(
                    f"{parent_code}-N{n:02d}",
                    parent_code,
                    f"{label_th} {n} {parent.name_th}",
                    f"{label_en} {n}, {parent.name_en}",
                    kind,
                )
            )
    return plan


def is_national_code() -> Q:
    """The organizations this generator creates (the provinces are shared with load_provinces)."""
    return Q(code__startswith="NM") | Q(code__regex=rf"^{PROVINCE_CODE_PREFIX}[0-9]+-N[0-9]+$")


def organizations_create(plan: list[OrgSpec], report: NationalReport) -> dict[str, Organization]:
    """Add the planned organizations that are missing, a level at a time, paths computed here.

    treebeard keeps siblings in code order (node_order_by): new children are appended after the
    existing ones when their codes sort after them (always, for a tree this generator grew); if
    not, they go in one by one through organization_create, which shifts the siblings.
    """
    existing = set(
        Organization.objects.filter(code__in=[s.code for s in plan]).values_list("code", flat=True)
    )
    levels: list[list[OrgSpec]] = [[], [], []]
    depth_of: dict[str, int] = {}
    for spec in plan:
        depth_of[spec.code] = 0 if spec.parent is None else depth_of[spec.parent] + 1
        if spec.code not in existing:
            levels[depth_of[spec.code]].append(spec)
    for level in levels:
        by_parent: dict[str | None, list[OrgSpec]] = defaultdict(list)
        for spec in level:
            by_parent[spec.parent].append(spec)
        parents = {
            o.code: o for o in Organization.objects.filter(code__in=[p for p in by_parent if p])
        }
        new: list[Organization] = []
        changed_parents = []
        for parent_code, specs in by_parent.items():
            parent = parents.get(parent_code)
            siblings = Organization.objects.filter(depth=1 if parent is None else parent.depth + 1)
            if parent is not None:
                siblings = siblings.filter(path__startswith=parent.path)
            last = siblings.order_by("-path").values_list("path", "code").first()
            codes = sorted(spec.code for spec in specs)
            latest_code = siblings.order_by("-code").values_list("code", flat=True).first()
            if latest_code is not None and latest_code >= codes[0]:
                for spec in sorted(specs, key=lambda s: s.code):
                    organization_create(**_fields(spec), parent=parents.get(spec.parent))
                    report.organizations += 1
                continue
            position = Organization._str2int(last[0][-Organization.steplen :]) if last else 0
            depth = 1 if parent is None else parent.depth + 1
            for spec in sorted(specs, key=lambda s: s.code):
                position += 1
                base = "" if parent is None else parent.path
                new.append(
                    Organization(
                        **_fields(spec),
                        path=Organization._get_path(base, depth, position),
                        depth=depth,
                        numchild=0,
                    )
                )
            if parent is not None:
                parent.numchild += len(specs)
                changed_parents.append(parent)
        Organization.objects.bulk_create(new, batch_size=BATCH)
        Organization.objects.bulk_update(changed_parents, ["numchild"], batch_size=BATCH)
        report.organizations += len(new)
    return {o.code: o for o in Organization.objects.filter(code__in=[s.code for s in plan])}


def _fields(spec: OrgSpec) -> dict:
    return {
        "code": spec.code,
        "name_th": spec.name_th,
        "name_en": spec.name_en,
        "short_name": spec.short_name,
        "kind": spec.kind,
        "department_group": spec.department_group,
    }


def users_create(
    plan: list[OrgSpec],
    organizations: dict[str, Organization],
    password: str,
    seed: int,
    report: NationalReport,
) -> dict[tuple[str, str], object]:
    """A coordinator, collector, supervisor and executive in every organization, an evaluator and
    an administrator at every ministry and province; all with one password, hashed once."""
    User = get_user_model()
    hashed = make_password(password)  # hashed once: hashing 20,000 times would take minutes
    joined = dt.datetime(2024, 10, 1, 9, 0, tzinfo=dt.UTC)
    people, memberships = [], []
    for spec in plan:
        prefixes = list(ORGANIZATION_ROLES)
        roles = dict(ORGANIZATION_ROLES)
        if spec.parent is None:
            prefixes += list(TOP_ROLES)
            roles.update(TOP_ROLES)
        for prefix in prefixes:
            name = username(prefix, spec.code)
            rng = random.Random(f"{seed}:{name}")
            people.append(
                User(
                    username=name,
                    email=f"{name}@{NATIONAL_DOMAIN}",
                    password=hashed,
                    title=rng.choice(TITLES),
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    position=POSITIONS[prefix],
                    phone=f"0-2{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}",
                    date_joined=joined,
                )
            )
            memberships.append((name, spec.code, roles[prefix]))
    User.objects.bulk_create(people, batch_size=BATCH)
    by_name = dict(
        User.objects.filter(email__endswith=f"@{NATIONAL_DOMAIN}").values_list("username", "pk")
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=by_name[name], organization=organizations[code], role=role)
            for name, code, role in memberships
        ],
        batch_size=BATCH,
    )
    report.users += len(people)
    report.memberships += len(memberships)
    users = {u.username: u for u in User.objects.filter(pk__in=by_name.values())}
    return {
        (prefix, spec.code): users[username(prefix, spec.code)]
        for spec in plan
        for prefix in [*ORGANIZATION_ROLES, *(TOP_ROLES if spec.parent is None else ())]
    }

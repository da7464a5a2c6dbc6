"""A synthetic national dataset: every ministry, department, province and unit with a year of work.

`khamrap generate_national` builds it to see how khamrap behaves at national scale (pages, roll-ups,
a deadline-day load test: bench/deadline.py). It writes rows in bulk, never through the services
one by one, but every figure is the one the services would store: self scores come from the
scoring rule (agreements.criteria.indicator_score), a closed round's figures from the score table
(reporting.scorecard: scorecard / frozen_figures), exactly as reporting.services.report_close
freezes them. The same seed gives the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import geothai
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from khamrap.agreements.choices import AgreementStatus, Direction, ScoringKind
from khamrap.agreements.criteria import indicator_score
from khamrap.agreements.models import (
    Agreement,
    AgreementEvent,
    Amendment,
    Framework,
    FrameworkGroup,
    Indicator,
    IndicatorChange,
    IndicatorStep,
    ReformIssue,
)
from khamrap.agreements.presets import presets_ensure
from khamrap.organizations.choices import OrganizationKind as Kind
from khamrap.organizations.choices import Role
from khamrap.organizations.models import Membership, Organization
from khamrap.organizations.services import PROVINCE_CODE_PREFIX, organization_create
from khamrap.periods.models import FiscalYear, ReportingRound
from khamrap.periods.services import fiscal_year_ensure, reporting_round_add
from khamrap.reporting.choices import ReportStatus, ResultStatus
from khamrap.reporting.models import Change, EvidenceFile, Result, RoundReport
from khamrap.reporting.scorecard import frozen_figures, scorecard
from khamrap.rules import counting

NATIONAL_PASSWORD = "khamrap-national"
NATIONAL_DOMAIN = "national.khamrap.example"  # every generated user's e-mail ends with it
NATIONAL_YEAR = 2569
ROUND_MONTHS = (6, 9, 12)
INDICATORS_PER_AGREEMENT = 25
BATCH = 1000  # rows per INSERT
CHUNK = 200  # agreements built in memory at a time

# Full size: 20 ministries, 300 departments, the 77 provinces, about 5,000 units under them.
FULL_MINISTRIES = 20
FULL_DEPARTMENTS = 300
FULL_PROVINCES = 77
FULL_DEPARTMENT_UNITS = 3600  # bureaus and divisions, 12 a department
FULL_PROVINCE_UNITS = 1400  # provincial offices, about 18 a province

# Username prefixes: <prefix>-<organization code in lower case>, e.g. coord-nm01-d01.
ORGANIZATION_ROLES = {
    "coord": Role.COORDINATOR,
    "collect": Role.COLLECTOR,
    "super": Role.SUPERVISOR,
    "exec": Role.EXECUTIVE,
}
# Only at the top of the tree (ministries and provinces): they reach everything below.
TOP_ROLES = {"eval": Role.EVALUATOR, "admin": Role.ADMINISTRATOR}

# The twenty ministries (the Office of the Prime Minister counts as one): Thai, English, abbreviation.
MINISTRIES = [
    ("สำนักนายกรัฐมนตรี", "Office of the Prime Minister", "นร."),
    ("กระทรวงกลาโหม", "Ministry of Defence", "กห."),
    ("กระทรวงการคลัง", "Ministry of Finance", "กค."),
    ("กระทรวงการต่างประเทศ", "Ministry of Foreign Affairs", "กต."),
    ("กระทรวงการท่องเที่ยวและกีฬา", "Ministry of Tourism and Sports", "กก."),
    (
        "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
        "Ministry of Social Development and Human Security",
        "พม.",
    ),
    (
        "กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม",
        "Ministry of Higher Education, Science, Research and Innovation",
        "อว.",
    ),
    ("กระทรวงเกษตรและสหกรณ์", "Ministry of Agriculture and Cooperatives", "กษ."),
    ("กระทรวงคมนาคม", "Ministry of Transport", "คค."),
    (
        "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม",
        "Ministry of Natural Resources and Environment",
        "ทส.",
    ),
    ("กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม", "Ministry of Digital Economy and Society", "ดศ."),
    ("กระทรวงพลังงาน", "Ministry of Energy", "พน."),
    ("กระทรวงพาณิชย์", "Ministry of Commerce", "พณ."),
    ("กระทรวงมหาดไทย", "Ministry of Interior", "มท."),
    ("กระทรวงยุติธรรม", "Ministry of Justice", "ยธ."),
    ("กระทรวงแรงงาน", "Ministry of Labour", "รง."),
    ("กระทรวงวัฒนธรรม", "Ministry of Culture", "วธ."),
    ("กระทรวงศึกษาธิการ", "Ministry of Education", "ศธ."),
    ("กระทรวงสาธารณสุข", "Ministry of Public Health", "สธ."),
    ("กระทรวงอุตสาหกรรม", "Ministry of Industry", "อก."),
]

TITLES = ["นาย", "นาง", "นางสาว"]
FIRST_NAMES = [
    "สมชาย", "สมหญิง", "ประเสริฐ", "วิไลวรรณ", "ธนากร", "กนกวรรณ", "อำนาจ", "นภัสสร", "วิชัย",
    "สุดารัตน์", "พรทิพย์", "ณรงค์", "อรุณี", "เกษม", "วิทยา", "จันทร์เพ็ญ", "ปิยะ", "รัตนา",
]  # fmt: skip
LAST_NAMES = [
    "ศรีสุข", "วงศ์ไทย", "มีสุข", "รุ่งเรือง", "ธรรมรักษ์", "แก้วมณี", "ดอยคำ", "ชัยมงคล", "บุญมา",
    "ศักดิ์ดี", "ทองดี", "ใจงาม", "สายสุวรรณ", "พูลสวัสดิ์", "เจริญผล", "นาคสวัสดิ์",
]  # fmt: skip
POSITIONS = {
    "coord": "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    "collect": "นักวิชาการชำนาญการ",
    "super": "ผู้อำนวยการกองแผนงาน",
    "exec": "หัวหน้าส่วนราชการ",
    "eval": "ผู้ประเมินอิสระ",
    "admin": "ผู้ดูแลระบบของหน่วยงาน",
}

MILESTONE_STEPS = [
    ("จัดประชุมชี้แจงให้ความรู้", "รายงานการประชุม"),
    ("จัดตั้งคณะทำงานและจัดทำแผน", "คำสั่งแต่งตั้งและแผนที่ผู้บังคับบัญชาอนุมัติ"),
    ("ดำเนินการตามแผน", "รายงานความก้าวหน้า"),
    ("ติดตามและประเมินผล", "รายงานการติดตามผล"),
    ("สรุปผลและเสนอผู้บริหาร", "รายงานสรุปผลการดำเนินงาน"),
]

# The 25 indicators of every agreement: framework group key and scoring kind, in order.
# 7 numeric (higher), 4 numeric (lower), 5 milestone, 4 mixed, 2 pass/fail, 3 composites.
N, NL, M, MX, PF, C = "numeric", "numeric_lower", "milestone", "mixed", "pass_fail", "composite"
LAYOUT = [
    ("1", N), ("1", N), ("1", M), ("1", NL), ("1", MX),
    ("1", C), ("1", N), ("1", PF), ("1", M), ("1", N),
    ("2", NL), ("2", N), ("2", MX), ("2", M), ("2", C),
    ("3", N), ("3", NL), ("3", MX), ("3", PF), ("3", M),
    ("4", N), ("4", NL), ("4", M), ("4", C), ("4", MX),
]  # fmt: skip
NAMES = {
    N: ("ร้อยละความสำเร็จของการดำเนินงานตามแผนงานด้าน{topic}", "ร้อยละ"),
    NL: ("ระยะเวลาเฉลี่ยในการให้บริการด้าน{topic}", "วัน"),
    M: ("ระดับความสำเร็จของการพัฒนาระบบงานด้าน{topic}", ""),
    MX: ("ระดับความสำเร็จของการขับเคลื่อนโครงการด้าน{topic}", "ร้อยละ"),
    PF: ("การจัดทำรายงานด้าน{topic}แล้วเสร็จตามกำหนด", ""),
    C: ("ดัชนีรวมด้าน{topic}", ""),
}
TOPICS = [
    "การเบิกจ่ายงบประมาณ", "การบริการประชาชน", "การพัฒนาบุคลากร", "ความพึงพอใจของผู้รับบริการ",
    "การลดต้นทุน", "รัฐบาลดิจิทัล", "การควบคุมภายใน", "การจัดการความรู้", "การลดระยะเวลาบริการ",
    "การบริหารความเสี่ยง", "การมีส่วนร่วมของประชาชน", "ความโปร่งใส", "นวัตกรรมการบริการ",
    "การประหยัดพลังงาน", "ข้อมูลเปิดภาครัฐ", "การพัฒนาพื้นที่",
]  # fmt: skip
# A composite's parts: (kind, weight).
COMPOSITE_PARTS = [
    [(N, Decimal(60)), (PF, Decimal(40))],
    [(N, Decimal(40)), (M, Decimal(30)), (PF, Decimal(30))],
]
WEIGHT = Decimal("4.0000")  # 25 × 4 = 100
PLACES = Decimal("0.0001")

# How far each round's report has gone, agreement by agreement: (6 months, 9 months, 12 months).
# The first profiles are given in this order so that even a tiny dataset shows every state; the
# 12-month round is mostly open: the deadline-day load test saves results in it.
PROFILES = [
    ("closed", "submitted", "open"),
    ("closed", "open", "open"),
    ("submitted", "submitted", "open"),
    ("closed", "closed", "submitted"),
    ("open", "open", "open"),
    ("closed", "closed", "open"),
]
PROFILE_WEIGHTS = [3, 2, 1, 1, 1, 3]
# Results of an open report: no result yet, draft, submitted, returned, approved.
OPEN_RESULT_STATUSES = [None, "draft", "submitted", "returned", "approved"]
OPEN_RESULT_WEIGHTS = {6: [5, 20, 25, 10, 40], 9: [15, 30, 20, 10, 25], 12: [25, 35, 15, 15, 10]}
EXPLANATION = "งบประมาณได้รับการจัดสรรล่าช้ากว่าแผน จะเร่งดำเนินการในไตรมาสถัดไป"
RETURN_COMMENT = "กรุณาแนบหลักฐานให้ครบถ้วน"
VERIFY_REASON = "หลักฐานบางส่วนไม่ครบถ้วน"


class NationalRefused(Exception):
    """The database already holds agreements (and --force was not given)."""


@dataclass(frozen=True)
class OrgSpec:
    code: str
    parent: str | None
    name_th: str
    name_en: str
    kind: str
    short_name: str = ""
    department_group: int | None = None


@dataclass
class NationalReport:
    """What was made and how long each part took."""

    organizations: int = 0
    users: int = 0
    memberships: int = 0
    agreements: int = 0
    indicators: int = 0
    steps: int = 0
    results: int = 0
    reports: int = 0
    result_statuses: Counter = field(default_factory=Counter)
    report_statuses: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


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


def _is_national_code() -> Q:
    """The organizations this generator creates (the provinces are shared with load_provinces)."""
    return Q(code__startswith="NM") | Q(code__regex=rf"^{PROVINCE_CODE_PREFIX}[0-9]+-N[0-9]+$")


def _insert(model, objects: list, now: dt.datetime) -> None:
    """bulk_create for rows nothing refers to while the dataset is built; on PostgreSQL a COPY,
    which skips Django's per-value SQL preparation (most of the time bulk_create takes here)."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=BATCH)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for obj in objects:
            for f in stamped:
                setattr(obj, f.attname, now)
            copy.write_row(
                [
                    None
                    if (value := getattr(obj, f.attname)) is None
                    else json.dumps(value)
                    if f.attname in json_fields
                    else value
                    for f in fields
                ]
            )


def _raw_delete(queryset) -> None:
    # Big tables: one DELETE each, without Django collecting every row first.
    queryset._raw_delete(queryset.db)


def national_clear() -> None:
    """Remove a previously generated national dataset: its agreements, users and organizations."""
    User = get_user_model()
    users = User.objects.filter(email__endswith=f"@{NATIONAL_DOMAIN}")
    agreements = list(
        Agreement.objects.filter(
            Q(organization__in=Organization.objects.filter(_is_national_code()))
            | Q(events__actor__in=users)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    if agreements:
        indicators = Indicator.objects.filter(agreement__in=agreements)
        _raw_delete(Change.objects.filter(result__indicator__in=indicators))
        _raw_delete(Change.objects.filter(report__agreement__in=agreements))
        _raw_delete(EvidenceFile.objects.filter(result__indicator__in=indicators))
        _raw_delete(Result.objects.filter(indicator__in=indicators))
        _raw_delete(RoundReport.objects.filter(agreement__in=agreements))
        _raw_delete(IndicatorChange.objects.filter(agreement__in=agreements))
        _raw_delete(IndicatorStep.objects.filter(indicator__in=indicators))
        for relation in (Indicator.collectors, Indicator.supervisors, Indicator.issues):
            _raw_delete(relation.through.objects.filter(indicator__in=indicators))
        Indicator.objects.filter(agreement__in=agreements).update(cascaded_from=None)
        _raw_delete(Indicator.objects.filter(agreement__in=agreements, parent__isnull=False))
        _raw_delete(Indicator.objects.filter(agreement__in=agreements))
        _raw_delete(AgreementEvent.objects.filter(agreement__in=agreements))
        _raw_delete(Amendment.objects.filter(agreement__in=agreements))
        # Whatever else hangs on an agreement (stored standings...) goes with Django's cascade.
        Agreement.objects.filter(pk__in=agreements).delete()
    national = Organization.objects.filter(_is_national_code())
    _raw_delete(Membership.objects.filter(Q(user__in=users) | Q(organization__in=national)))
    users.delete()
    # Children before parents; then the provinces' numchild follow their remaining children.
    if national.exists():
        touched = {
            path[: Organization.steplen * (depth - 1)]
            for path, depth in national.values_list("path", "depth")
            if depth > 1
        }
        for depth in (3, 2, 1):
            _raw_delete(Organization.objects.filter(_is_national_code(), depth=depth))
        for parent in Organization.objects.filter(path__in=touched):
            parent.numchild = Organization.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).count()
            parent.save(update_fields=["numchild"])


def national_generate(
    *,
    seed: int = 1,
    scale: float = 1.0,
    year: int = NATIONAL_YEAR,
    password: str = NATIONAL_PASSWORD,
    force: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> NationalReport:
    """Build the national dataset; refuses a database that holds agreements unless `force`.

    With `force`, a dataset made before is removed first; an organization that already has an
    agreement for the year (the demo's Chiang Rai) keeps it and gets none generated.
    """
    if scale <= 0:
        raise ValueError("scale must be positive")
    if Agreement.objects.exists() and not force:
        raise NationalRefused(
            "the database already holds agreements: use --force to add the national dataset "
            "anyway (a national dataset made before is replaced)"
        )
    report = NationalReport()
    started = time.monotonic()

    def lap(name: str) -> None:
        nonlocal started
        now = time.monotonic()
        report.timings[name] = round(now - started, 2)
        started = now
        log(f"  {name}: {report.timings[name]:.1f} s")

    with transaction.atomic():
        if force:
            national_clear()
            lap("clear")
        presets_ensure(Framework, FrameworkGroup, ReformIssue)
        fiscal_year = _fiscal_year(year)
        plan = organization_plan(scale)
        organizations = _organizations_create(plan, report)
        lap("organizations")
        users = _users_create(plan, organizations, password, seed, report)
        lap("users")
        builder = _Builder(seed, fiscal_year, organizations, users, report)
        taken = set(
            Agreement.objects.filter(fiscal_year=fiscal_year).values_list(
                "organization__code", flat=True
            )
        )
        report.skipped = sorted(taken & {spec.code for spec in plan})
        specs = [spec for spec in plan if spec.code not in taken]
        for start in range(0, len(specs), CHUNK):
            builder.build(specs[start : start + CHUNK], index=start)
            log(f"  agreements {min(start + CHUNK, len(specs))}/{len(specs)}")
        lap("agreements")
    # Fresh planner statistics: until autovacuum gets to the new rows, PostgreSQL plans as if the
    # tables were nearly empty (a collector's home page took 1 s instead of 0.15 s).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    lap("analyze")
    return report


def _fiscal_year(year: int) -> FiscalYear:
    fiscal_year, _created = fiscal_year_ensure(year=year)
    if fiscal_year.framework_id is None:
        fiscal_year.framework = Framework.objects.get(code="dimensions-4")
        fiscal_year.save(update_fields=["framework", "updated_at"])
    have = set(fiscal_year.rounds.values_list("months", flat=True))
    for months in ROUND_MONTHS:
        if months not in have:
            reporting_round_add(fiscal_year=fiscal_year, months=months)
    return fiscal_year


# --- the organization tree -------------------------------------------------------------------------


def _organizations_create(plan: list[OrgSpec], report: NationalReport) -> dict[str, Organization]:
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


# --- people --------------------------------------------------------------------------------------


def _users_create(
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


# --- agreements, indicators and results -----------------------------------------------------------


def _quantized(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01")).quantize(PLACES)


@dataclass
class _Item:
    """An indicator being built with its results by round (indicator id → Result per round)."""

    indicator: Indicator
    steps: list[IndicatorStep] = field(default_factory=list)
    parts: list[_Item] = field(default_factory=list)
    shape: str = ""


class _Builder:
    """Builds agreements chunk by chunk; every random choice comes from the seed and a code."""

    def __init__(self, seed, fiscal_year, organizations, users, report):
        self.seed = seed
        self.fiscal_year = fiscal_year
        self.framework = fiscal_year.framework
        self.floor = self.framework.floor
        self.groups = {g.key: g for g in self.framework.groups.all()}
        self.rounds = {
            r.months: r
            for r in fiscal_year.rounds.filter(months__in=ROUND_MONTHS).order_by("months")
        }
        self.organizations = organizations
        self.users = users
        self.report = report
        issues = list(ReformIssue.objects.order_by("-mandatory", "number"))
        self.mandatory = [i for i in issues if i.mandatory]
        self.optional = [i for i in issues if not i.mandatory]
        self.roots = {o.path: code for code, o in organizations.items() if o.depth == 1}
        self._pending_results: list[Result] = []
        self._pending_reports: list[RoundReport] = []
        self.now = timezone.now()

    def _top(self, code: str) -> str:
        """The ministry or province an organization is under (where its evaluator sits)."""
        return self.roots[self.organizations[code].path[: Organization.steplen]]

    def _at(self, reporting_round: ReportingRound, rng: random.Random, days_before: int = 20):
        day = reporting_round.deadline - dt.timedelta(days=rng.randrange(1, days_before))
        return dt.datetime.combine(day, dt.time(10, rng.randrange(60)), tzinfo=dt.UTC)

    def build(self, specs: list[OrgSpec], index: int) -> None:
        agreements, events = [], []
        rngs = {}
        fy_start = self.fiscal_year.starts_on
        for offset, spec in enumerate(specs):
            rngs[spec.code] = random.Random(f"{self.seed}:{spec.code}")
            executive = self.users[("exec", spec.code)]
            coordinator = self.users[("coord", spec.code)]
            above = self.users.get(("exec", spec.parent)) if spec.parent else None
            published = (index + offset) % 10 == 9
            signed_on = fy_start - dt.timedelta(days=16)
            agreement = Agreement(
                organization=self.organizations[spec.code],
                fiscal_year=self.fiscal_year,
                framework=self.framework,
                status=AgreementStatus.PUBLISHED if published else AgreementStatus.SIGNED,
                promisor_name=executive.display_name,
                promisor_position=f"หัวหน้าส่วนราชการ {spec.name_th}",
                promisee_name=above.display_name if above else "ประธานคณะกรรมการพัฒนาระบบราชการ",
                promisee_position=above.position if above else "ก.พ.ร.",
                signed_on=signed_on,
            )
            steps = [
                (AgreementStatus.DRAFT, AgreementStatus.COMMITTEE_APPROVED, coordinator, 0),
                (AgreementStatus.COMMITTEE_APPROVED, AgreementStatus.NEGOTIATED, coordinator, 7),
                (AgreementStatus.NEGOTIATED, AgreementStatus.SIGNED, executive, 14),
            ]
            if published:
                steps += [
                    (AgreementStatus.SIGNED, AgreementStatus.CIRCULATED, coordinator, 16),
                    (AgreementStatus.CIRCULATED, AgreementStatus.PUBLISHED, coordinator, 18),
                ]
            moments = []
            for from_status, to_status, actor, days in steps:
                at = dt.datetime.combine(
                    fy_start - dt.timedelta(days=30 - days), dt.time(10), tzinfo=dt.UTC
                )
                moments.append(at)
                events.append(
                    (
                        spec.code,
                        AgreementEvent(
                            from_status=from_status,
                            to_status=to_status,
                            actor=actor,
                            at=at,
                            agreed_changes="ก.พ.ร. เห็นชอบตัวชี้วัดและค่าเป้าหมายตามที่เสนอ"
                            if to_status == AgreementStatus.NEGOTIATED
                            else "",
                        ),
                    )
                )
            agreement.status_changed_at = moments[-1]
            agreements.append(agreement)
        Agreement.objects.bulk_create(agreements, batch_size=BATCH)
        by_code = {
            a.organization.code: a
            for a in Agreement.objects.filter(
                fiscal_year=self.fiscal_year,
                organization__in=[self.organizations[s.code] for s in specs],
            ).select_related("organization")
        }
        for agreement in by_code.values():
            agreement.framework = self.framework
            agreement.fiscal_year = self.fiscal_year
        for code, event in events:
            event.agreement = by_code[code]
        AgreementEvent.objects.bulk_create([e for _c, e in events], batch_size=BATCH)
        self.report.agreements += len(agreements)

        items = {
            spec.code: self._indicators(spec, by_code[spec.code], rngs[spec.code]) for spec in specs
        }
        self._store_indicators(specs, items)
        for offset, spec in enumerate(specs):
            self._results(
                spec, by_code[spec.code], items[spec.code], rngs[spec.code], index + offset
            )
        self._store_results()

    # indicators ---------------------------------------------------------------------------------

    def _indicator(self, agreement, group, number, order, shape, rng, topic, parent=None) -> _Item:
        kind = {NL: ScoringKind.NUMERIC}.get(shape, shape)
        name, unit = NAMES[shape]
        indicator = Indicator(
            agreement=agreement,
            group=group,
            number=number,
            order=order,
            name=name.format(topic=topic),
            weight=WEIGHT,
            kind=kind,
            direction=Direction.LOWER if shape == NL else Direction.HIGHER,
            unit=unit,
            description=f"วัดผลการดำเนินงานด้าน{topic}ของส่วนราชการในปีงบประมาณ",
            criteria_text="",
            data_source="รายงานผลการดำเนินงานของส่วนราชการ",
        )
        indicator._parent_item = parent
        targets: list[Decimal | None] = [None] * 5
        if shape in (N, MX):
            base, step = rng.choice([60, 70, 75, 80, 85]), rng.choice([2, 2.5, 5])
            targets = [_quantized(base + (k - 2) * step) for k in range(5)]
            indicator.baseline = {
                str(self.fiscal_year.year - k): str(_quantized(base - k * step)) for k in (3, 2, 1)
            }
        elif shape == NL:
            base, step = rng.choice([15, 20, 30]), rng.choice([1, 2])
            targets = [_quantized(base - (k - 2) * step) for k in range(5)]
        item = _Item(indicator, shape=shape)
        if shape == MX:
            m = rng.choice([2, 3])
            indicator.mixed_steps = m
            targets[:m] = [None] * m
            item.steps = self._steps(m)
        elif shape == M:
            item.steps = self._steps(5)
        (
            indicator.target_1,
            indicator.target_2,
            indicator.target_3,
            indicator.target_4,
            indicator.target_5,
        ) = targets
        return item

    def _steps(self, count: int) -> list[IndicatorStep]:
        return [
            IndicatorStep(number=n, description=text, evidence=evidence)
            for n, (text, evidence) in enumerate(MILESTONE_STEPS[:count], start=1)
        ]

    def _indicators(self, spec: OrgSpec, agreement: Agreement, rng: random.Random) -> list[_Item]:
        items = []
        topics = rng.sample(TOPICS, len(TOPICS))
        order = 0
        for n, (key, shape) in enumerate(LAYOUT, start=1):
            order += 1
            topic = topics[(n - 1) % len(topics)]
            group = self.groups[key]
            item = self._indicator(agreement, group, str(n), order, shape, rng, topic)
            if shape == C:
                for p, (part_shape, part_weight) in enumerate(rng.choice(COMPOSITE_PARTS), start=1):
                    order += 1
                    part = self._indicator(
                        agreement, group, f"{n}.{p}", order, part_shape, rng, topic, parent=item
                    )
                    part.indicator.weight = part_weight.quantize(PLACES)
                    item.parts.append(part)
            items.append(item)
        return items

    def _store_indicators(self, specs: list[OrgSpec], items: dict[str, list[_Item]]) -> None:
        tops = [item for code in items for item in items[code]]
        parts = [part for item in tops for part in item.parts]
        Indicator.objects.bulk_create([i.indicator for i in tops], batch_size=BATCH)
        for item in tops:
            for part in item.parts:
                part.indicator.parent = item.indicator
        Indicator.objects.bulk_create([p.indicator for p in parts], batch_size=BATCH)
        every = tops + parts
        missing = [i for i in every if i.indicator.pk is None]
        if missing:  # a backend that does not return ids from a bulk insert
            self._reload_ids(specs, every)
        step_rows = []
        for item in every:
            for step in item.steps:
                step.indicator = item.indicator
                step_rows.append(step)
            # What criteria_for reads, as indicators_of prefetches it.
            item.indicator._prefetched_objects_cache = {
                "steps": list(item.steps),
                "parts": [part.indicator for part in item.parts],
            }
        _insert(IndicatorStep, step_rows, self.now)
        collectors, supervisors, issues = [], [], []
        for code in items:
            collector, supervisor = self.users[("collect", code)], self.users[("super", code)]
            group = self.organizations[code].department_group
            for n, item in enumerate(items[code]):
                pk = item.indicator.pk
                collectors.append(Indicator.collectors.through(indicator_id=pk, user=collector))
                supervisors.append(Indicator.supervisors.through(indicator_id=pk, user=supervisor))
                if n < len(self.mandatory):
                    issues.append(
                        Indicator.issues.through(indicator_id=pk, reformissue=self.mandatory[n])
                    )
                elif group == 2 and n < len(self.mandatory) + 2:
                    issue = self.optional[n - len(self.mandatory)]
                    issues.append(Indicator.issues.through(indicator_id=pk, reformissue=issue))
        _insert(Indicator.collectors.through, collectors, self.now)
        _insert(Indicator.supervisors.through, supervisors, self.now)
        _insert(Indicator.issues.through, issues, self.now)
        self.report.indicators += len(every)
        self.report.steps += len(step_rows)

    def _reload_ids(self, specs, every: list[_Item]) -> None:
        ids = {
            (agreement_id, number): pk
            for agreement_id, number, pk in Indicator.objects.filter(
                agreement__organization__code__in=[s.code for s in specs],
                agreement__fiscal_year=self.fiscal_year,
            ).values_list("agreement_id", "number", "pk")
        }
        for item in every:
            item.indicator.pk = ids[(item.indicator.agreement_id, item.indicator.number)]

    # results ------------------------------------------------------------------------------------

    def _profile(self, rng: random.Random, index: int) -> tuple[str, str, str]:
        if index < len(PROFILES):
            return PROFILES[index]
        return rng.choices(PROFILES, weights=PROFILE_WEIGHTS)[0]

    def _measure(self, item: _Item, months: int, rng: random.Random, result: Result) -> None:
        """A random result for the indicator, further along in later rounds."""
        indicator = item.indicator
        shape = item.shape
        progress = months / 12
        if shape in (N, NL):
            t1, t5 = indicator.target_1, indicator.target_5
            span = abs(t5 - t1)
            low, high = min(t1, t5) - span / 2, max(t1, t5) + span / 4
            result.value = _quantized(rng.uniform(float(low), float(high)))
        elif shape == M:
            done = min(5, max(0, round(rng.uniform(0, 5.5) * (0.5 + progress / 2))))
            steps = list(range(1, done + 1))
            if 0 < done < 4 and rng.random() < 0.15:
                steps.append(done + 2)  # a step done out of order: it does not count yet
            result.steps_done = steps
            result.step_dates = {
                str(n): (self.fiscal_year.starts_on + dt.timedelta(days=20 * n)).isoformat()
                for n in steps
            }
        elif shape == MX:
            m = indicator.mixed_steps
            done = m if rng.random() < 0.4 + progress / 2 else rng.randrange(m)
            result.steps_done = list(range(1, done + 1))
            if done == m:
                targets = [t for t in indicator.targets if t is not None]
                span = targets[-1] - targets[0]
                result.value = _quantized(
                    rng.uniform(float(targets[0] - span / 3), float(targets[-1] + span / 4))
                )
        elif shape == PF:
            result.passed = rng.random() < 0.5 + progress / 3

    def _results(self, spec, agreement, items: list[_Item], rng, index: int) -> None:
        profile = self._profile(rng, index)
        collector = self.users[("collect", spec.code)]
        supervisor = self.users[("super", spec.code)]
        coordinator = self.users[("coord", spec.code)]
        evaluator = self.users[("eval", self._top(spec.code))]
        for months, report_status in zip(ROUND_MONTHS, profile, strict=True):
            reporting_round = self.rounds[months]
            results: dict[int, Result] = {}
            for item in items:
                for leaf in item.parts or [item]:
                    if report_status == "open":
                        status = rng.choices(
                            OPEN_RESULT_STATUSES, weights=OPEN_RESULT_WEIGHTS[months]
                        )[0]
                    else:
                        status = ResultStatus.APPROVED
                    if status is None:
                        continue
                    result = Result(
                        indicator=leaf.indicator,
                        reporting_round=reporting_round,
                        status=status,
                        performance=f"ดำเนินการตามแผนงานด้าน{leaf.indicator.name} รอบ {months} เดือน",
                        version=2,
                    )
                    self._measure(leaf, months, rng, result)
                    if status != ResultStatus.DRAFT:
                        result.submitted_by = collector
                        result.submitted_at = self._at(reporting_round, rng)
                        result.version = 3
                    if status == ResultStatus.RETURNED:
                        result.return_comment = RETURN_COMMENT
                        result.version = 4
                    if status == ResultStatus.APPROVED:
                        result.approved_by = supervisor
                        result.approved_at = result.submitted_at + dt.timedelta(days=1)
                        result.version = 4
                    results[leaf.indicator.pk] = result
            # Self scores as the services compute them: the part, then its composite.
            for item in items:
                for part in item.parts:
                    if part.indicator.pk in results:
                        self._score(part, results)
                if item.parts:
                    if any(part.indicator.pk in results for part in item.parts):
                        results[item.indicator.pk] = Result(
                            indicator=item.indicator, reporting_round=reporting_round, version=1
                        )
                        self._score(item, results)
                elif item.indicator.pk in results:
                    self._score(item, results)
            for result in results.values():
                if counting.is_at_risk(result.self_score):
                    result.explanation = EXPLANATION
            report = RoundReport(agreement=agreement, reporting_round=reporting_round)
            report.status = report_status
            if report_status != ReportStatus.OPEN:
                report.submitted_by = coordinator
                report.submitted_at = dt.datetime.combine(
                    reporting_round.deadline, dt.time(16), tzinfo=dt.UTC
                )
                tops = list(items)
                verified = (
                    len(tops)
                    if report_status == ReportStatus.CLOSED
                    else rng.randrange(len(tops) // 2 + 1)
                )
                for item in tops[:verified]:
                    result = results[item.indicator.pk]
                    result.verified_score = result.self_score
                    if rng.random() < 0.15 and result.self_score >= Decimal("0.5"):
                        result.verified_score = result.self_score - Decimal("0.5000")
                        result.verified_reason = VERIFY_REASON
                    result.verified_by = evaluator
                    result.verified_at = report.submitted_at + dt.timedelta(days=7)
                    result.version += 1
            if report_status == ReportStatus.CLOSED:
                indicators = [i.indicator for item in items for i in [item, *item.parts]]
                card = scorecard(agreement, indicators, reporting_round, results, None)
                report.figures = frozen_figures(card)
                report.closed_by = evaluator
                report.closed_at = report.submitted_at + dt.timedelta(days=14)
            self._pending_results.extend(results.values())
            self._pending_reports.append(report)

    def _score(self, item: _Item, results: dict[int, Result]) -> None:
        results[item.indicator.pk].self_score = indicator_score(item.indicator, self.floor, results)

    def _store_results(self) -> None:
        _insert(Result, self._pending_results, self.now)
        RoundReport.objects.bulk_create(self._pending_reports, batch_size=BATCH)
        self.report.results += len(self._pending_results)
        self.report.reports += len(self._pending_reports)
        self.report.result_statuses.update(r.status for r in self._pending_results)
        self.report.report_statuses.update(r.status for r in self._pending_reports)
        self._pending_results = []
        self._pending_reports = []


def national_summary(report: NationalReport) -> Iterable[str]:
    """What was made, as the command prints it."""
    yield (
        f"organizations {report.organizations}, users {report.users} "
        f"({report.memberships} roles), agreements {report.agreements}, "
        f"indicators {report.indicators} ({report.steps} steps), results {report.results}, "
        f"round reports {report.reports}"
    )
    yield "results by status: " + ", ".join(
        f"{status} {count}" for status, count in sorted(report.result_statuses.items())
    )
    yield "reports by status: " + ", ".join(
        f"{status} {count}" for status, count in sorted(report.report_statuses.items())
    )
    if report.skipped:
        yield "kept their own agreement for the year: " + ", ".join(report.skipped)

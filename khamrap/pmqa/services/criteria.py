"""Criteria versions from their data files, and copies of a version for a new year."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import (
    Category,
    CriteriaVersion,
    Item,
    ProfileQuestion,
    ProfileSection,
    Requirement,
    band_messages,
)

CRITERIA_DIR = Path(__file__).resolve().parent.parent / "criteria"
SHIPPED = CRITERIA_DIR / "pmqa-fundamental-2553.json"


def read_criteria_file(path: Path = SHIPPED) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def load_into(data: dict, models: dict) -> object:
    """Create a version from `data` with the given model classes (the app's, or a migration's
    historical ones, so the shipped version is loaded by a migration that never goes stale)."""
    problems = band_messages(data["bands"])
    if problems:
        raise ValidationError([ValidationError(p, code="bands") for p in problems])
    version = models["CriteriaVersion"].objects.create(
        code=data["code"],
        name_th=data["name_th"],
        name_en=data.get("name_en", ""),
        level=data["level"],
        first_year=data["first_year"],
        bands=data["bands"],
    )
    for category_data in data["categories"]:
        category = models["Category"].objects.create(
            version=version,
            number=category_data["number"],
            name_th=category_data["name_th"],
            name_en=category_data.get("name_en", ""),
        )
        for order, item_data in enumerate(category_data["items"]):
            item = models["Item"].objects.create(
                category=category,
                code=item_data["code"],
                title_th=item_data["title_th"],
                title_en=item_data.get("title_en", ""),
                kind=item_data["kind"],
                order=order,
            )
            models["Requirement"].objects.bulk_create(
                models["Requirement"](
                    item=item,
                    code=r["code"],
                    text_th=r.get("text_th", ""),
                    text_en=r.get("text_en", ""),
                    order=n,
                )
                for n, r in enumerate(item_data.get("requirements", []))
            )
    for order, section_data in enumerate(data.get("profile", [])):
        section = models["ProfileSection"].objects.create(
            version=version,
            number=section_data["number"],
            title_th=section_data["title_th"],
            title_en=section_data.get("title_en", ""),
            order=order,
        )
        models["ProfileQuestion"].objects.bulk_create(
            models["ProfileQuestion"](
                section=section,
                number=q["number"],
                text_th=q["text_th"],
                text_en=q.get("text_en", ""),
                required=q.get("required", True),
                order=n,
            )
            for n, q in enumerate(section_data["questions"])
        )
    return version


APP_MODELS = {
    "CriteriaVersion": CriteriaVersion,
    "Category": Category,
    "Item": Item,
    "Requirement": Requirement,
    "ProfileSection": ProfileSection,
    "ProfileQuestion": ProfileQuestion,
}


@transaction.atomic
def criteria_load(*, data: dict) -> CriteriaVersion:
    """A new criteria version from a data file's contents (the shape of criteria/*.json); every
    row is checked as the admin checks it, and nothing is kept when one is wrong."""
    if not isinstance(data, dict):
        raise ValidationError(_("A criteria file holds one version."), code="file")
    if CriteriaVersion.objects.filter(code=data.get("code")).exists():
        raise ValidationError(
            _("A criteria version with the code %(code)s already exists.") % {"code": data["code"]},
            code="exists",
        )
    try:
        with transaction.atomic():
            version = load_into(data, APP_MODELS)
    except (KeyError, TypeError, AttributeError, ValueError, IntegrityError) as error:
        raise ValidationError(
            _("The criteria file lacks %(field)s.") % {"field": error}, code="file"
        ) from error
    _check_rows(version)
    return version


def _check_rows(version: CriteriaVersion) -> None:
    """full_clean every row of a loaded version: a category 9 or an item of an unknown kind is
    refused with the row named."""
    rows = [version, *version.categories.all()]
    rows += list(Item.objects.filter(category__version=version))
    rows += list(Requirement.objects.filter(item__category__version=version))
    rows += list(ProfileSection.objects.filter(version=version))
    rows += list(ProfileQuestion.objects.filter(section__version=version))
    for row in rows:
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError(
                _("%(row)s: %(problem)s") % {"row": row, "problem": " ".join(error.messages)},
                code="row",
            ) from error


def shipped_criteria() -> CriteriaVersion:
    """The version shipped with khamrap (its migration loads it), loaded again when a database
    was emptied since (tests that flush it, a demo loaded into a bare database)."""
    data = read_criteria_file()
    return CriteriaVersion.objects.filter(code=data["code"]).first() or criteria_load(data=data)


def as_data(version: CriteriaVersion) -> dict:
    """A version in the shape of its data file: what `criteria_copy` and the export write."""
    return {
        "code": version.code,
        "name_th": version.name_th,
        "name_en": version.name_en,
        "level": version.level,
        "first_year": version.first_year,
        "bands": version.bands,
        "categories": [
            {
                "number": c.number,
                "name_th": c.name_th,
                "name_en": c.name_en,
                "items": [
                    {
                        "code": i.code,
                        "title_th": i.title_th,
                        "title_en": i.title_en,
                        "kind": i.kind,
                        "requirements": [
                            {"code": r.code, "text_th": r.text_th, "text_en": r.text_en}
                            for r in i.requirements.all()
                        ],
                    }
                    for i in c.items.all()
                ],
            }
            for c in version.categories.prefetch_related("items__requirements")
        ],
        "profile": [
            {
                "number": s.number,
                "title_th": s.title_th,
                "title_en": s.title_en,
                "questions": [
                    {
                        "number": q.number,
                        "text_th": q.text_th,
                        "text_en": q.text_en,
                        "required": q.required,
                    }
                    for q in s.questions.all()
                ],
            }
            for s in version.profile_sections.prefetch_related("questions")
        ],
    }


@transaction.atomic
def criteria_copy(
    *, version: CriteriaVersion, code: str, name_th: str, first_year: int
) -> CriteriaVersion:
    """A copy of `version` under a new code and first year, to edit for a new year's criteria."""
    data = as_data(version) | {"code": code, "name_th": name_th, "first_year": first_year}
    copy = criteria_load(data=data)
    copy.full_clean()
    return copy

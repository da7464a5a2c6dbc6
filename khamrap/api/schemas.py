"""What every part of the API shares: pages, refusals, and the small objects others embed."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Detail(Schema):
    """A refusal: 401, 403 (`code` "forbidden"), 404, 429."""

    detail: str
    code: str | None = None


class Problem(Schema):
    """One problem with the input: where (`loc`, e.g. ["body", "value"]), why, and its code."""

    loc: list[str]
    msg: str
    code: str


class Problems(Schema):
    """Bad input (422) or a stale version (409, code "stale")."""

    detail: list[Problem]


# The answers every endpoint may give besides its own, for the OpenAPI document.
READ_ERRORS = {401: Detail, 404: Detail, 422: Problems, 429: Detail}
WRITE_ERRORS = {**READ_ERRORS, 403: Detail, 409: Problems}


class OrganizationRef(Schema):
    id: int
    code: str
    name_th: str
    name_en: str


# Ids and years as the database can hold them: a number past a column's range is refused with
# 422 before any query (SQLite and PostgreSQL would otherwise fail on it).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
Year = Annotated[int, Field(ge=2400, le=2800, description="A Buddhist Era year, e.g. 2569.")]


PAGE_SIZE, MAX_PAGE_SIZE = 50, 200


class Pages(PageNumberPagination):
    """Pages of 50 (page_size up to 200), numbered from 1; `count` is the number of items."""

    def __init__(self, **kwargs):
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

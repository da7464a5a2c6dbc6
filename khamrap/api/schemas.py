"""What every part of the API shares: pages, refusals, and the small objects others embed."""

from __future__ import annotations

from ninja import Schema


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

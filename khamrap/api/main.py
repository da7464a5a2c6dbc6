"""khamrap's API (docs/api.md): one NinjaAPI, its routers, its refusals and its rate limits.

Every endpoint calls the same selectors and services as the pages, with `request.user` (a
token's user narrowed to its scope, or the signed-in person); the API adds no rule of its own.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from . import errors
from .auth import ANY_AUTH
from .routers import (
    agreements,
    awards,
    evidence,
    me,
    open_data,
    organizations,
    periods,
    pmqa,
    results,
    scores,
)
from .throttles import CallerRateThrottle


class KhamrapSwagger(Swagger):
    """Swagger UI from the package's files, with the site's Thai typeface (api/docs.html)."""

    template = "api/docs.html"


class ReadableJSON(JSONRenderer):
    """UTF-8 JSON with Thai as Thai letters (not \\u0e01 escapes), readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    docs=KhamrapSwagger(),
    renderer=ReadableJSON(),
    title="khamrap API",
    version="1",
    description=(
        "Performance agreements, results, scores, PMQA and awards of Thai government "
        "organizations (คำรับรองการปฏิบัติราชการ). Send a token as `Authorization: Bearer khr_…` "
        "(make one at /api/tokens/). docs/api.md explains the formats."
    ),
    urls_namespace="api",
    auth=ANY_AUTH,
    throttle=[CallerRateThrottle()],
)
errors.install(api)
for module in (me, organizations, periods, agreements, results, evidence, scores, pmqa, awards):
    api.add_router("", module.router)
# Published agreements and their official figures: public, read without a token (auth=None on
# each endpoint), limited per address instead.
api.add_router("/open", open_data.router)

__all__ = ["api"]

"""khamrap's API (docs/api.md): one NinjaAPI, its routers, its refusals and its rate limits.

Every endpoint calls the same selectors and services as the pages, with `request.user` (a
token's user narrowed to its scope, or the signed-in person); the API adds no rule of its own.
"""

from __future__ import annotations

from ninja import NinjaAPI

from . import errors
from .auth import ANY_AUTH
from .routers import me, organizations
from .throttles import CallerRateThrottle

api = NinjaAPI(
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
api.add_router("", me.router)
api.add_router("", organizations.router)

__all__ = ["api"]

"""evidence (docs/api.md)."""

from ninja import Router

router = Router(tags=["evidence"])

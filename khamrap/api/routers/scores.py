"""scores (docs/api.md)."""

from ninja import Router

router = Router(tags=["scores"])

"""open-data (docs/api.md)."""

from ninja import Router

router = Router(tags=["open-data"])

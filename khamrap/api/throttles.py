"""Rate limits (settings.API_RATE_LIMIT per token or signed-in person, API_OPEN_RATE_LIMIT per
address for the open data), counted in the cache (Redis in production, so every worker shares it)."""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from khamrap.accounts.tokens import token_of


class _SettingRateThrottle(SimpleRateThrottle):
    """A rate read from a setting at each request, so a deployment (or a test) may change it."""

    setting = ""

    def __init__(self):
        super().__init__(rate=getattr(settings, self.setting))

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class CallerRateThrottle(_SettingRateThrottle):
    """One budget per token, or per signed-in person on the session; per address otherwise."""

    scope = "caller"
    setting = "API_RATE_LIMIT"

    def get_cache_key(self, request) -> str:
        token = token_of(getattr(request, "user", None))
        if token is not None:
            ident = f"token:{token.pk}"
        elif getattr(request, "user", None) is not None and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class OpenDataRateThrottle(_SettingRateThrottle):
    """The open data, read without a token: one budget per address."""

    scope = "open"
    setting = "API_OPEN_RATE_LIMIT"

    def get_cache_key(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

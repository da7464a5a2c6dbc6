"""The cache is Redis when REDIS_URL is set (CI's PostgreSQL pass), local memory otherwise."""

import os

from django.conf import settings
from django.core.cache import cache


def test_the_configured_cache_stores_and_returns_a_thai_value():
    expected = (
        "django_redis.cache.RedisCache"
        if os.environ.get("REDIS_URL")
        else ("django.core.cache.backends.locmem.LocMemCache")
    )
    assert settings.CACHES["default"]["BACKEND"] == expected
    cache.set("khamrap-test-key", "ปีงบประมาณ 2569", timeout=30)
    assert cache.get("khamrap-test-key") == "ปีงบประมาณ 2569"
    cache.delete("khamrap-test-key")

"""Settings for the test suite: production settings with what only tests need changed.

The live server of the browser tests starts before any test-level override applies, so these
have to be settings, not fixtures.
"""

import os

# The suite runs with DEBUG off, as production does, and production refuses to start without a
# secret key: the tests (and the commands they start) use one of their own.
os.environ.setdefault("SECRET_KEY", "khamrap-tests-only-secret-key-never-used-in-production")

from khamrap.settings import *  # noqa: F403
from khamrap.settings import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# A fast hash keeps user-heavy tests quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain static storage: no collectstatic manifest needed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

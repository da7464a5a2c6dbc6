"""Settings for khamrap: one file, every value from the environment.

The same code runs on a laptop (SQLite, no services) and in production (PostgreSQL, Redis).
README.md lists every variable that a deployment sets.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import fontpkg_sarabun
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KHAMRAP_DATA_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but a clear 'yes' word is false."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (Docker/Kubernetes secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


DEBUG = envbool("DEBUG", False)
# Production (DEBUG off) refuses to start without SECRET_KEY (or SECRET_KEY_FILE): a known key would
# let anyone forge sessions and password-reset links. Development falls back to a fixed key.
SECRET_KEY = envsecret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. In production set SECRET_KEY (or SECRET_KEY_FILE, a file that "
            "holds it) to 50 or more random characters, e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`; "
            "for development set DEBUG=1 instead."
        )
    SECRET_KEY = "django-insecure-khamrap-development-key-change-me"
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_NAME = os.environ.get("SITE_NAME", "khamrap")

INSTALLED_APPS = [
    "khamrap.accounts",
    "khamrap.organizations",
    "khamrap.periods",
    "khamrap.agreements",
    "khamrap.reporting",
    "khamrap.public",
    "khamrap.dashboards",
    "khamrap.pmqa",
    "khamrap.awards",
    "khamrap.documents",
    "khamrap.web",
    "khamrap.api",
    "khamrap.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "khamrap.web.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khamrap.web.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "khamrap.urls"
WSGI_APPLICATION = "khamrap.wsgi.application"
ASGI_APPLICATION = "khamrap.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khamrap.web.context_processors.khamrap",
            ],
            "builtins": ["khamrap.web.templatetags.thai", "khamrap.web.templatetags.numbers"],
        },
    }
]

# SQLite under the data folder unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'khamrap.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # Wait for a writer instead of failing at once; IMMEDIATE avoids deadlocked upgrades.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not envbool(
    "POSTGRES_JIT", False
):
    # khamrap's pages run short queries whose estimates at national size pass PostgreSQL's JIT
    # threshold: compiling them cost 40-60 ms a page for nothing (BENCHMARKS.md, the workbench).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "khamrap",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (bulk documents, large exports) through django-tasks: the database backend by
# default (run `khamrap db_worker`), RQ on Redis when TASKS_BACKEND=rq and REDIS_URL are set.
if os.environ.get("TASKS_BACKEND", "database") == "rq" and REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username from this address before any password is checked.
    "khamrap.accounts.backends.SignInThrottleBackend",
    "khamrap.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# Argon2id tuned for a deadline rush of sign-ins (docs/deployment.md, "Sign-in cost"); the others
# only check older hashes, which Django re-makes with the first at the next sign-in.
PASSWORD_HASHERS = [
    "khamrap.lib.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first, English second.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "khamrap" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# The Sarabun typeface comes from its PyPI package, never from a copy in this repository.
STATICFILES_DIRS = [("fonts", Path(fontpkg_sarabun.__file__).parent / "files")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "khamrap <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("admin", a) for a in envlist("ADMINS")]

# Secure by default outside development; a deployment behind a TLS proxy keeps these on.
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("USE_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 10)  # a working day

# Content-Security-Policy on every page (django-csp): scripts, styles and fonts only from this
# site's static files, no inline code, no frames. Charts are inline SVG without style attributes;
# an evidence download sets a stricter policy of its own.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES; a success clears the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Signing in with the e-mail address or the username counts against the same person.
AXES_USERNAME_CALLABLE = "khamrap.accounts.backends.lockout_username"
AXES_LOCKOUT_CALLABLE = "khamrap.accounts.views.locked_out"
AXES_VERBOSE = False

# Score colour bands on pages and charts: below yellow is red, from green on green.
SCORE_BAND_YELLOW_FROM = os.environ.get("SCORE_BAND_YELLOW_FROM", "3")
SCORE_BAND_GREEN_FROM = os.environ.get("SCORE_BAND_GREEN_FROM", "4")

# Four eyes: the person who submitted a result neither approves nor returns it (another supervisor
# named on the indicator does). Off only where an office has a single supervisor per indicator.
FOUR_EYES = envbool("FOUR_EYES", True)

# The API (docs/api.md): requests a token (or a signed-in person) may make, and an address may make
# to the open data, as "count/period" (s, m, h, d); counted in the cache (Redis when REDIS_URL).
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600/m")
API_OPEN_RATE_LIMIT = os.environ.get("API_OPEN_RATE_LIMIT", "120/m")
# Proxies in front of khamrap that add to X-Forwarded-For: the rate limit per address reads the
# address the last of them saw; 0 (the default) reads the connection's own address, so a client
# cannot forge a fresh budget with a made-up header.
NINJA_NUM_PROXIES = envint("TRUSTED_PROXIES", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Evidence files: a storage of their own, outside the web root (no URL serves it: downloads go
# through reporting.evidence_views, which checks who may see the indicator). A folder by default;
# an S3-compatible bucket (AWS, MinIO, Ceph...) when EVIDENCE_S3_BUCKET is set.
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_MB", 20) * 1024 * 1024
EVIDENCE_S3_BUCKET = os.environ.get("EVIDENCE_S3_BUCKET", "")
if EVIDENCE_S3_BUCKET:
    EVIDENCE_S3_ENDPOINT_URL = os.environ.get("EVIDENCE_S3_ENDPOINT_URL") or None
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": EVIDENCE_S3_BUCKET,
            "endpoint_url": EVIDENCE_S3_ENDPOINT_URL,
            "region_name": os.environ.get("EVIDENCE_S3_REGION") or None,
            # Unset: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": envsecret("EVIDENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": envsecret("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
            # S3-compatible servers on a plain host name (http://minio:9000) need path-style URLs.
            "addressing_style": os.environ.get("EVIDENCE_S3_ADDRESSING_STYLE")
            or ("path" if EVIDENCE_S3_ENDPOINT_URL else None),
            "file_overwrite": False,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": Path(os.environ.get("EVIDENCE_DIR", DATA_DIR / "evidence")),
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }

"""Vertebra settings: one module, every value from the environment (see .env.example)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from clinic.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_timezone,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105 - DEBUG only
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "clinic",
    "patients",
    "scheduling",
    "treatments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "clinic.urls"
WSGI_APPLICATION = "clinic.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: PostgreSQL in production and tests, SQLite when DATABASE_URL is unset. ---
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'vertebra.sqlite3'}",
    schemes={"postgres", "postgresql", "sqlite"},
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the web server, worker and beat share the file; IMMEDIATE makes every write
    # transaction take the write lock at BEGIN, so check-then-insert cannot race on SQLite.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis cache (throttling, idempotency keys); local memory when REDIS_URL is unset. ---
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    env_url("REDIS_URL", REDIS_URL, schemes={"redis", "rediss"})
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "vertebra"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery: Redis in production; kombu's filesystem transport when no broker is set. ---
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
env_url("CELERY_BROKER_URL", CELERY_BROKER_URL, schemes={"redis", "rediss", "amqp", "filesystem"})
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery-queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)  # the transport does not create it
    (VAR_DIR / "celery-processed").mkdir(exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
    }
    # The filesystem transport has no fan-out exchanges, which remote control needs.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    # Reminders are never far-future ETA tasks (they are rows swept every minute), so the
    # visibility timeout only has to outlast one send.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Reminders are rows; this sweep hands the due ones to send tasks (scheduling/tasks.py).
    "reminders-sweep": {"task": "scheduling.reminders_sweep", "schedule": 60.0},
    "reminders-plan-dexa": {
        "task": "scheduling.reminders_plan_dexa",
        "schedule": crontab(hour=env_int("DEXA_SWEEP_HOUR_UTC", 16, minimum=0), minute=5),
    },
}
# Reminders (scheduling/services/reminders/). Hours are local to the patient.
REMINDER_SEND_HOUR = env_int("REMINDER_SEND_HOUR", 9, minimum=0)
REMINDER_QUIET_START_HOUR = env_int("REMINDER_QUIET_START_HOUR", 21, minimum=0)
REMINDER_QUIET_END_HOUR = env_int("REMINDER_QUIET_END_HOUR", 8, minimum=0)
for _name in ("REMINDER_SEND_HOUR", "REMINDER_QUIET_START_HOUR", "REMINDER_QUIET_END_HOUR"):
    if not 0 <= globals()[_name] <= 23:
        raise ImproperlyConfigured(f"{_name} must be an hour between 0 and 23")
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5, minimum=1)
REMINDER_RETRY_BASE_SECONDS = env_int("REMINDER_RETRY_BASE_SECONDS", 60, minimum=1)
REMINDER_RETRY_MAX_SECONDS = env_int("REMINDER_RETRY_MAX_SECONDS", 3600, minimum=1)
REMINDER_QUEUE_TIMEOUT_SECONDS = env_int("REMINDER_QUEUE_TIMEOUT_SECONDS", 600, minimum=60)
REMINDER_SENDING_TIMEOUT_SECONDS = env_int("REMINDER_SENDING_TIMEOUT_SECONDS", 900, minimum=60)
REMINDER_SWEEP_BATCH = env_int("REMINDER_SWEEP_BATCH", 1000, minimum=1)
REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS = env_int("REMINDER_UNSUBSCRIBE_MAX_AGE_DAYS", 365, minimum=1)
# DOMAIN.md section 3: "seed" (age >= 50, the default), "uspstf" (women >= 65), "bhof" (women
# >= 65, men >= 70). Risk-factor-driven earlier screening is not automated [U].
DEXA_SCREENING_POLICY = env_choice("DEXA_SCREENING_POLICY", "seed", {"seed", "uspstf", "bhof"})

# Scheduling (scheduling/conf.py reads these at call time, so tests can override them).
SCHEDULING_PATIENT_CANCEL_NOTICE_HOURS = env_int(
    "SCHEDULING_PATIENT_CANCEL_NOTICE_HOURS", 24, minimum=0
)
SCHEDULING_SLOT_GRID_MINUTES = env_int("SCHEDULING_SLOT_GRID_MINUTES", 15, minimum=5)
SCHEDULING_AVAILABILITY_MAX_DAYS = env_int("SCHEDULING_AVAILABILITY_MAX_DAYS", 31, minimum=1)
SCHEDULING_SERIES_MAX_OCCURRENCES = env_int("SCHEDULING_SERIES_MAX_OCCURRENCES", 60, minimum=1)

# Clinical thresholds (DOMAIN.md; read by treatments/domain through `setting`). Defaults are
# the documented ones; [U] marks values no guideline confirmed, for the clinicians to review.
# [U]
TREATMENTS_DENOSUMAB_OVERDUE_DAYS = env_int("TREATMENTS_DENOSUMAB_OVERDUE_DAYS", 28, minimum=0)
TREATMENTS_ODI_MAX_MISSING = env_int("TREATMENTS_ODI_MAX_MISSING", 1, minimum=0)  # [U]
TREATMENTS_ODI_MEANINGFUL_CHANGE = env_int("TREATMENTS_ODI_MEANINGFUL_CHANGE", 10, minimum=1)
TREATMENTS_NPRS_MEANINGFUL_CHANGE = env_int("TREATMENTS_NPRS_MEANINGFUL_CHANGE", 2, minimum=1)
TREATMENTS_NPRS_MEANINGFUL_CHANGE_PERCENT = env_int(
    "TREATMENTS_NPRS_MEANINGFUL_CHANGE_PERCENT", 30, minimum=1
)
TREATMENTS_ASSUMED_MENOPAUSE_AGE = env_int("TREATMENTS_ASSUMED_MENOPAUSE_AGE", 50, minimum=1)  # [U]
TREATMENTS_WHO_RULE_MIN_AGE = env_int("TREATMENTS_WHO_RULE_MIN_AGE", 50, minimum=1)

# A request body above this is refused with a 400. It leaves room for a 10 MB value so that
# the answer names the field that is too long rather than only "body too large".
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BODY_BYTES", 12 * 1024 * 1024, minimum=1024)

# --- Auth ---
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12, minimum=1)
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 900, minimum=1)

# --- Internationalisation and time: UTC in the database, local time per patient/location. ---
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
CLINIC_TIMEZONE = env_timezone("CLINIC_TIMEZONE", "America/Los_Angeles")
CLINIC_NAME = env_str("CLINIC_NAME", "Vertebra Spine & Physio")
DEFAULT_PHONE_REGION = env_str("DEFAULT_PHONE_REGION", "US")

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email and SMS ---
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Vertebra <no-reply@vertebra.example>")
SMS_BACKEND = env_choice("SMS_BACKEND", "console", {"console", "twilio"})
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER")
TWILIO_API_BASE = env_str("TWILIO_API_BASE", "https://api.twilio.com")
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://localhost:8000")

# --- REST framework and OpenAPI ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "clinic.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["clinic.api.permissions.RoleAccess"],
    "DEFAULT_PAGINATION_CLASS": "clinic.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "clinic.api.exception_handler.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"user": env_str("API_THROTTLE_USER", "1200/min")},
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_PARSER_CLASSES": ["clinic.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Vertebra API",
    "DESCRIPTION": "Practice management for spine and physiotherapy clinics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"ChannelEnum": "patients.domain.Channel"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "clinic.api.schema.add_error_responses",
    ],
}

# --- Security (production-like when DEBUG is off) ---
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SILENCED_SYSTEM_CHECKS: list[str] = []

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

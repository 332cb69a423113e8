"""Settings shared by every environment. Everything that differs between machines comes from
the environment (see README: "Konfiguration")."""

from pathlib import Path

import environ

from core.cache import shared_cache

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "core",
    "home",
    "news",
    "products",
    "committees",
    "event_calendar",
    "networks",
    "transfer",
    "search",
    "directory",
    "ratings",
    "demo",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail_modeladmin",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "csp",
    "corsheaders",
    "ninja",
    "wagtail.api.v2",
    # Not "rest_framework": the pages API renders JSON only, and its German translations would
    # override Django's own form messages (INSTALLED_APPS order decides which translation wins).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # Outermost: a GET that lost its database connection (a PostgreSQL restart) runs once more.
    "core.retry.RetryReadsOnLostDatabase",
    "engine.middleware.AnsweredBy",  # X-Search-Answer, only with SEARCH_ANSWER_HEADER (the load drill)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RefuseNulBytes",
    # Outside the session and CSRF middleware: it sees the cookies they set (core/frontend_cache.py).
    "core.frontend_cache.CacheControl",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.staff_mfa.StaffMFAMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "home.routing.RememberedRoutes",  # Wagtail's pages: the page a path leads to, known after its first read
]

ROOT_URLCONF = "om_site.urls"
WSGI_APPLICATION = "om_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database: DATABASE_URL, default an SQLite file next to manage.py (the embedded default).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a management command writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
# Connections are kept between requests (a new one costs each page read 1-2 ms, more on PostgreSQL).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Search: no URL → Wagtail's database backend; a URL → OpenSearch (default) or Elasticsearch.
# Several URLs separated by commas: the nodes of a cluster (a node that is down is skipped).
SEARCH_ENGINE_URL = env("SEARCH_ENGINE_URL", default="")
SEARCH_ENGINE = env("SEARCH_ENGINE", default="opensearch" if SEARCH_ENGINE_URL else "database")
SEARCH_INDEX_PREFIX = env("SEARCH_INDEX_PREFIX", default="omsite_")
SEARCH_ENGINE_TIMEOUT = env.float("SEARCH_ENGINE_TIMEOUT", default=2.0)
_SEARCH_BACKEND_MODULES = {
    # Wagtail's database backend; on SQLite our subclass (German stems, one FTS match per query).
    "database": "search.database_backend",
    # Wagtail's engine backends with German analysis and OM's synonyms.
    "opensearch": "search.engine_backends.OpenSearchBackend",
    "elasticsearch": "search.engine_backends.ElasticsearchBackend",
}
if SEARCH_ENGINE not in _SEARCH_BACKEND_MODULES:
    raise environ.ImproperlyConfigured(
        f"SEARCH_ENGINE must be one of {', '.join(_SEARCH_BACKEND_MODULES)}, not {SEARCH_ENGINE!r}"
    )
if SEARCH_ENGINE != "database" and not SEARCH_ENGINE_URL:
    raise environ.ImproperlyConfigured(f"SEARCH_ENGINE={SEARCH_ENGINE} needs SEARCH_ENGINE_URL")
# PostgreSQL's German text-search configuration; the SQLite subclass stems by itself.
_DATABASE_SEARCH = {"BACKEND": _SEARCH_BACKEND_MODULES["database"], "SEARCH_CONFIG": "german"}
if SEARCH_ENGINE == "database":
    WAGTAILSEARCH_BACKENDS = {"default": _DATABASE_SEARCH}
else:
    _URLS = [url.strip() for url in SEARCH_ENGINE_URL.split(",") if url.strip()]
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": _SEARCH_BACKEND_MODULES[SEARCH_ENGINE],
            "URLS": _URLS,
            "INDEX_PREFIX": SEARCH_INDEX_PREFIX,
            "TIMEOUT": SEARCH_ENGINE_TIMEOUT,
            # As engine.client: a node that refuses or hangs past the timeout (one that just rejoined
            # and is still cold) costs a retry on another node, not the circuit (the load drill met it).
            "OPTIONS": {"max_retries": len(_URLS) - 1, "retry_on_timeout": len(_URLS) > 1},
        },
        # Kept current alongside the engine: the site search answers from it while the engine is down.
        "database": _DATABASE_SEARCH,
    }

# --- Language and time: German site and admin.
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
# Our own wording wins over the apps' translations: allauth's German says "du" (locale/de/.../django.po).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch")]
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "static_collected")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise like static files.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Qualification proofs: outside MEDIA_ROOT so that no web server ever serves them directly.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Every stored image (portraits, image proofs, editors' images) is refused above this many pixels
# before it is decoded (core.files.check_image); Wagtail's own upload form reads the same setting.
# 40 million: more than any camera photo under the 5 MB portrait limit, 160 MB when decoded.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.image_forms.CheckedImageForm"  # the one image check in the admin too

# --- Cache: shared by all worker processes, because rate limits (allauth's login lockout, public
# forms) count in it. The database by default (no extra service); CACHE_URL may name Redis instead.
# Redis becomes core.cache.ForgivingRedisCache: a Redis outage degrades the site instead of failing it.
CACHES = {"default": shared_cache(env.cache_url("CACHE_URL", default="dbcache://om_cache"))}
# The full-page cache in front of the app servers (Varnish with scripts/varnish/om-site.vcl), e.g.
# http://127.0.0.1:6081: Wagtail's pages are then marked shareable for anonymous visitors and
# purged after every change (core/frontend_cache.py). Empty: no page is marked shareable.
FRONTEND_CACHE_URL = env("FRONTEND_CACHE_URL", default="")
# How long the cache may keep a page nobody changed: bounds what time alone changes ("upcoming events").
SHARED_CACHE_SECONDS = env.int("SHARED_CACHE_SECONDS", default=600)
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (client IPs for rate limits).
# The one proxy setting: core.clientip reads it for every limiter (allauth via our adapter,
# core.ratelimit, ninja's and DRF's throttles); the libraries' own names get the same value for
# any code path of theirs that still parses headers itself. 0 = every forwarding header is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
REST_FRAMEWORK = {"NUM_PROXIES": TRUSTED_PROXY_COUNT}

# --- Partner API and exports: public, read-only data for any origin (no cookies, GET only).
PARTNER_API_RATE = env("PARTNER_API_RATE", default="120/m")
# Searches (site, directory, widget) and their suggestions per client address: a person types and
# pages far slower; a scraper or a flood gets HTTP 429.
SEARCH_RATE = env("SEARCH_RATE", default="120/m")
# Response header X-Search-Answer: engine/database (engine.middleware); for drills, off in production.
SEARCH_ANSWER_HEADER = env.bool("SEARCH_ANSWER_HEADER", default=False)
CORS_URLS_REGEX = r"^/(api/v1/|api/v2/|berater/export\.|berater/widget/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After"]

# --- E-mail: EMAIL_URL (e.g. smtp+tls://user:pass@host:587), console by default. Every mail is queued
# for the worker (core/mail_queue.py), which delivers it there and retries while the server is away.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
MAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 - set by the line above
EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)  # first retry; the delay doubles up to an hour
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # a server that accepts and never answers must not hold the worker

# --- Background work: django-tasks' database backend; `manage.py run_worker` runs the tasks and the
# recurring jobs below (each slot once, however many workers run: core/periodic.py).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
PERIODIC_JOBS = {
    "drain_search_outbox": {"every_minutes": 1},
    "publish_scheduled": {"every_minutes": 5},
    "requeue_lost_tasks": {"every_minutes": 5},
    "run_directory_daily": {"daily_at": "03:00"},
    "prune_search_log": {"daily_at": "03:30"},
    # Finished task rows (no personal data: a mail is passed by its number) kept a day, failed ones a month.
    "prune_db_task_results": {"daily_at": "03:45", "options": {"min_age_days": 1, "failed_min_age_days": 30}},
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="OM-Site <no-reply@om-site.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Wagtail.
WAGTAIL_SITE_NAME = "Offensive Mittelstand"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# No Gravatar: it would send hashes of staff e-mail addresses to a third party (GDPR).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin login locks like the advisors' login does (allauth's ACCOUNT_RATE_LIMITS).
WAGTAILADMIN_USER_LOGIN_FORM = "core.admin_login.ThrottledLoginForm"
# Documents are served through Django so that privacy settings (members' area) are enforced.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The members' area login (pages and documents restricted to a group) in the site's layout.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "account/members_login.html"
WAGTAIL_PASSWORD_REQUIRED_TEMPLATE = "account/password_required.html"  # noqa: S105 (a template name)
WAGTAILDOCS_PASSWORD_REQUIRED_TEMPLATE = "account/password_required.html"  # noqa: S105
# Daily query counts for the editors' search report (and its no-result list) are kept 90 days.
WAGTAILSEARCH_HITS_MAX_AGE = 90

# --- Security headers (public pages). The Wagtail admin brings inline scripts of its own
# and is excluded from the policy; it is behind login.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail overrides this for its own preview frames
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of ours reads the token from the cookie (forms carry it; the Wagtail admin has it in
# its config), so scripts may not read the cookie either.
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- Accounts for advisors (django-allauth): e-mail login, confirmed addresses, throttled logins.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "core.account_adapter.AccountAdapter"  # logs logins refused while locked
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # password again before changing the e-mail address
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Mittelstand gut beraten] "
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/15m/key", "signup": "20/h/ip", "confirm_email": "1/3m/key"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/mein-profil/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# Two-factor authentication: TOTP (plus recovery codes), optional for advisors, required for
# everyone with admin access when OM_REQUIRE_STAFF_MFA is on (default in production).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Offensive Mittelstand"
# allauth's own code forms, with the security log lines of the staff gate (core/staff_mfa.py).
MFA_FORMS = {
    "authenticate": "core.staff_mfa.LoggedAuthenticateForm",
    "reauthenticate": "core.staff_mfa.LoggedReauthenticateForm",
}
OM_REQUIRE_STAFF_MFA = env.bool("OM_REQUIRE_STAFF_MFA", default=False)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # The engine clients log every request at INFO; keep that out of normal output.
        "opensearch": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
        # Every task (each page's search-index update, each document's text) logs twice at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}

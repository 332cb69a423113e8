"""Test settings: fast hashing, plain static files, e-mail kept in memory, and a per-run
index prefix so test runs never touch each other's (or production's) search indices."""

import uuid

from .base import *  # noqa: F403
from .base import SEARCH_ENGINE, WAGTAILSEARCH_BACKENDS, env, shared_cache

SECRET_KEY = "test-only-key"  # noqa: S105 - never used outside tests
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Serve static files straight from the app folders: no collectstatic step in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Per-process cache (tests need no cache table), or the shared Redis of the pass that runs like
# production (CACHE_URL, scripts/test.sh); the conftest clears it between tests.
CACHES = {"default": shared_cache(env.cache_url("CACHE_URL", default="locmemcache://"))}
# Tasks run at once inside the test; the worker tests start a real worker with the database backend.
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend")}}

# A worker process started by a test names the prefix of the test process (tests/worker.py).
SEARCH_INDEX_PREFIX = env("OM_TEST_INDEX_PREFIX", default=f"omtest_{uuid.uuid4().hex[:8]}_")
if SEARCH_ENGINE != "database":
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = SEARCH_INDEX_PREFIX

# Keep test output to what matters: warnings and errors.
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

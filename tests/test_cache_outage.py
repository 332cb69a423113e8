"""Redis, the shared cache, goes away and comes back (core.cache.ForgivingRedisCache): pages and
searches keep answering, logins are refused while failures cannot be counted (they fail closed),
and everything works again by itself once Redis is back. A real Redis of the test's own on a free
port (never the test command's shared one), stopped and started by the test; skipped where Debian's
redis-server is not installed."""

import shutil
import socket
import subprocess
import time

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import override_settings

from core.cache import available, shared_cache
from engine import breaker
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
]
EMAIL, PASSWORD = "rita@beispiel.invalid", "ein-sehr-langes-Passwort-7"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    def __init__(self, folder):
        self.port, self.folder, self.process = free_port(), folder, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis(tmp_path):
    server = Redis(tmp_path)
    server.start()
    config = shared_cache({"BACKEND": "django.core.cache.backends.redis.RedisCache",
                           "LOCATION": f"redis://127.0.0.1:{server.port}/0"})  # fmt: skip
    with override_settings(CACHES={"default": config}):
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def advisor_user(django_user_model):
    make_site_with_home()
    user = django_user_model.objects.create_user("rita", EMAIL, PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def log_in(client):
    return client.post("/konto/login/", {"login": EMAIL, "password": PASSWORD})


def test_without_redis_the_cache_answers_defaults_and_drops_writes_without_raising(redis):
    cache.set("menu", "alt")
    assert (cache.get("menu"), available()) == ("alt", True)
    redis.stop()

    started = time.monotonic()
    assert cache.get("menu", "neu") == "neu"
    assert cache.get_many(["menu"]) == {}
    assert cache.add("x", 1) is False
    cache.set("menu", "anders")
    assert cache.incr("zähler") == 1
    assert not available()
    assert not breaker.circuit_open()  # the engine is asked (and answers, if it is up)
    assert time.monotonic() - started < 2  # a stopped Redis refuses at once: no timeouts to sit out


def test_a_redis_outage_refuses_logins_keeps_searches_and_pages_and_heals_itself(client, redis, advisor_user):
    AdvisorFactory(name="Ida Imhof", city="Bonn")
    redis.stop()

    refused = log_in(client)
    assert refused.status_code == 429  # allauth's limits cannot take their lock: refused, in German
    assert "Zu viele Anfragen in kurzer Zeit" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    admin = client.post("/admin/login/", {"username": "rita", "password": PASSWORD})
    assert "vorübergehend nicht möglich" in admin.content.decode()
    assert client.get("/berater/?q=Bonn").status_code == 200  # reading fails open
    assert client.get("/suche/?q=Bonn").status_code == 200
    assert client.get("/").status_code == 200

    redis.start()  # no restart of the app: the next request uses Redis again
    assert log_in(client).status_code == 302
    assert available()

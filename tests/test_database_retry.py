"""A reading request that loses its database connection runs once more (core.retry): the visitor
gets the page. A POST is not repeated and gets the German error page, its transaction rolled back.
On SQLite a view fails as a lost connection fails; on PostgreSQL the connection is really cut: the
server ends the request's own backend (pg_terminate_backend) in the middle of the view — what a
restart does to every open connection (the load drill restarts the server itself)."""

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import path

from core import retry

calls = []


def flaky(request):
    calls.append(request.method)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("ok")


def cut(request):
    """Ends this request's own PostgreSQL backend from a second connection, then uses it."""
    calls.append(request.method)
    if len(calls) == 1:
        import psycopg

        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"], port=settings["PORT"], user=settings["USER"], password=settings["PASSWORD"],
            dbname=settings["NAME"], autocommit=True,
        ) as other:  # fmt: skip
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
    with connection.cursor() as cursor:
        cursor.execute("SELECT 41 + 1")
        return HttpResponse(str(cursor.fetchone()[0]))


urlpatterns = [path("flaky/", flaky), path("cut/", cut)]


@pytest.fixture(autouse=True)
def _own_urls():
    calls.clear()
    with override_settings(ROOT_URLCONF=__name__):
        yield


@pytest.fixture
def client():
    return Client(raise_request_exception=False)  # the test client would re-raise the first try's error


@pytest.mark.django_db(transaction=True)  # the retry closes connections: no test transaction around it
@pytest.mark.parametrize("method", ["get", "head"])
def test_a_read_that_lost_the_database_runs_once_more(client, method):
    response = getattr(client, method)("/flaky/")
    assert (response.status_code, calls) == (200, [method.upper()] * 2)


@pytest.mark.django_db(transaction=True)  # the retry closes connections: no test transaction around it
def test_a_post_that_lost_the_database_is_not_repeated_and_gets_the_german_error_page(client):
    response = client.post("/flaky/")
    assert (response.status_code, calls) == (500, ["POST"])
    assert "Vorübergehender Fehler" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # the retry closes connections: no test transaction around it
def test_a_read_gives_up_when_the_database_does_not_come_back(client, monkeypatch):
    monkeypatch.setattr(retry, "database_answers", lambda: False)
    assert client.get("/flaky/").status_code == 500
    assert calls == ["GET"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="cuts a real PostgreSQL connection")
def test_a_read_whose_postgresql_connection_was_cut_answers(client):
    response = client.get("/cut/")
    assert (response.status_code, response.content, calls) == (200, b"42", ["GET", "GET"])

"""Searches are rate limited per client address (SEARCH_RATE): a flood gets HTTP 429 in German,
never a 5xx, and other visitors keep searching. A burst at the end of one of the counters' windows
gets no fresh allowance at the start of the next (core/ratelimit.py), and Retry-After is honest."""

import datetime

import pytest
import time_machine
from django.test import override_settings

SEARCHES = ["/suche/?q=Umweltcheck", "/suche/vorschlaege/?q=Umw", "/berater/?q=Energie", "/berater/vorschlaege/?q=En"]


@pytest.mark.django_db
@override_settings(SEARCH_RATE="5/m")
@pytest.mark.parametrize("url", SEARCHES)
def test_the_sixth_search_in_a_minute_is_refused_in_german(client, url):
    for _ in range(5):
        assert client.get(url, REMOTE_ADDR="198.51.100.1").status_code == 200
    refused = client.get(url, REMOTE_ADDR="198.51.100.1")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 2 * 60  # see core.ratelimit.retry_after
    assert f"Bitte versuchen Sie es in {refused['Retry-After']} Sekunden erneut" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="198.51.100.2").status_code == 200


@pytest.mark.django_db
@override_settings(SEARCH_RATE="3/m")
def test_site_and_directory_search_count_separately(client):
    for _ in range(3):
        client.get("/suche/?q=KI", REMOTE_ADDR="198.51.100.3")
    assert client.get("/suche/?q=KI", REMOTE_ADDR="198.51.100.3").status_code == 429
    assert client.get("/berater/?q=KI", REMOTE_ADDR="198.51.100.3").status_code == 200


LAST_HALF_SECOND_OF_A_MINUTE = datetime.datetime(2026, 12, 2, 10, 0, 59, 500000, tzinfo=datetime.UTC)


def search_at(client, moment, address="198.51.100.4"):
    with time_machine.travel(moment, tick=False):
        return client.get("/berater/?q=Energie", REMOTE_ADDR=address)


@pytest.mark.django_db
@override_settings(SEARCH_RATE="5/m")
def test_a_burst_at_the_edge_of_a_minute_gets_no_fresh_allowance_in_the_next(client):
    """Five searches in the last half second of one minute and more in the first of the next: fixed
    windows would start counting afresh and let another five through."""
    edge = LAST_HALF_SECOND_OF_A_MINUTE
    assert [search_at(client, edge).status_code for _ in range(5)] == [200] * 5

    refused = search_at(client, edge + datetime.timedelta(seconds=1))
    assert refused.status_code == 429
    assert search_at(client, edge + datetime.timedelta(seconds=1), "198.51.100.5").status_code == 200


@pytest.mark.django_db
@override_settings(SEARCH_RATE="5/m")
def test_retry_after_is_when_the_next_search_is_let_through(client):
    edge = LAST_HALF_SECOND_OF_A_MINUTE
    for _ in range(5):
        search_at(client, edge)
    refused = search_at(client, edge + datetime.timedelta(seconds=1))
    wait = int(refused["Retry-After"])

    assert search_at(client, edge + datetime.timedelta(seconds=1 + wait - 1)).status_code == 429
    assert search_at(client, edge + datetime.timedelta(seconds=1 + wait)).status_code == 200


@pytest.mark.django_db
@override_settings(SEARCH_RATE="0/m")
def test_a_limit_of_zero_closes_the_search_with_the_german_page(client):
    refused = client.get("/suche/?q=Compliance", REMOTE_ADDR="198.51.100.6")
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Bitte versuchen Sie es in 60 Sekunden erneut" in refused.content.decode()

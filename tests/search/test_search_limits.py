"""Searches are rate limited per client address (SEARCH_RATE): a flood gets HTTP 429 in German,
never a 5xx, and other visitors keep searching."""

import pytest
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
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert f"Bitte versuchen Sie es in {refused['Retry-After']} Sekunden erneut" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="198.51.100.2").status_code == 200


@pytest.mark.django_db
@override_settings(SEARCH_RATE="3/m")
def test_site_and_directory_search_count_separately(client):
    for _ in range(3):
        client.get("/suche/?q=KI", REMOTE_ADDR="198.51.100.3")
    assert client.get("/suche/?q=KI", REMOTE_ADDR="198.51.100.3").status_code == 429
    assert client.get("/berater/?q=KI", REMOTE_ADDR="198.51.100.3").status_code == 200

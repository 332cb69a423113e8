"""engine.breaker.answer without a node: what each kind of client-library failure does to the
answer, the circuit and the log (the real-node runs are in tests/search/*_faults.py and
test_site_search_engine.py)."""

import logging

import pytest
from opensearchpy.exceptions import ConnectionError, NotFoundError, RequestError

from engine import breaker


@pytest.fixture
def on_engine(settings):
    settings.SEARCH_ENGINE = "opensearch"
    yield
    breaker.close_circuit()


def failing(error):
    def ask_engine():
        raise error

    return ask_engine


def test_an_outage_opens_the_circuit_and_the_database_answers_until_it_closes(on_engine):
    asked = []
    outage = ConnectionError("N/A", "Connection refused", None)
    assert breaker.answer(failing(outage), lambda: "database") == "database"
    assert breaker.circuit_open()
    assert breaker.answering()["answering"] == "database"
    assert breaker.answer(lambda: asked.append(1), lambda: "database") == "database"
    assert asked == []  # the next visitor does not wait for the engine
    breaker.close_circuit()
    assert breaker.answer(lambda: "engine", lambda: "database") == "engine"
    assert breaker.answering() == {"answering": "opensearch"}


def test_a_missing_index_falls_back_once_and_keeps_the_circuit_closed(on_engine, caplog):
    missing = NotFoundError(404, "index_not_found_exception", {})
    assert breaker.answer(failing(missing), lambda: "database") == "database"
    assert not breaker.circuit_open()
    assert any(r.levelno == logging.WARNING and "Suchindex fehlt" in r.message for r in caplog.records)


def test_a_refused_request_is_a_logged_error_not_an_outage(on_engine, caplog):
    refused = RequestError(400, "parsing_exception", {})
    assert breaker.answer(failing(refused), lambda: "database") == "database"
    assert not breaker.circuit_open()
    assert any(r.levelno == logging.ERROR and "lehnt die Anfrage ab" in r.message for r in caplog.records)


def test_other_errors_are_not_taken_for_the_engine(on_engine):
    with pytest.raises(ZeroDivisionError):
        breaker.answer(lambda: 1 / 0, lambda: "database")
    assert not breaker.circuit_open()


def test_without_an_engine_only_the_database_is_asked(settings):
    settings.SEARCH_ENGINE = "database"
    assert breaker.answer(failing(AssertionError("engine asked")), lambda: "database") == "database"
    assert breaker.answering() == {"answering": "database"}

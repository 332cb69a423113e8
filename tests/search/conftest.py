from django.db import connection

RELEVANCE = []  # (database, backend, precision@3, queries) of this run's judged-set tests


def record_relevance(backend, precision, queries):
    RELEVANCE.append((connection.vendor, backend, precision, queries))


def pytest_terminal_summary(terminalreporter):
    if RELEVANCE:
        terminalreporter.section("Relevanz der Website-Suche (Beurteilungsmenge, precision@3)")
        for vendor, backend, precision, queries in RELEVANCE:
            terminalreporter.write_line(f"{vendor:>10} · {backend:<26} {precision:.3f} über {queries} Anfragen")

from collections import Counter

from django.db import connection

RELEVANCE = []  # (database, backend, precision@3, queries) of this run's judged-set tests
PROBES = Counter()  # (database, implementation, passed) -> count, the directory's German probes


def record_relevance(backend, precision, queries):
    RELEVANCE.append((connection.vendor, backend, precision, queries))


def record_probe(implementation, passed):
    PROBES[(connection.vendor, implementation, passed)] += 1


def pytest_terminal_summary(terminalreporter):
    if RELEVANCE:
        terminalreporter.section("Relevanz der Website-Suche (Beurteilungsmenge, precision@3)")
        for vendor, backend, precision, queries in RELEVANCE:
            terminalreporter.write_line(f"{vendor:>10} · {backend:<26} {precision:.3f} über {queries} Anfragen")
    if PROBES:
        terminalreporter.section("Deutsche Proben der Beratersuche (Stämme, Umlaute, Synonyme, Tippfehler)")
        for vendor, implementation in sorted({(v, i) for v, i, _ in PROBES}):
            passed, failed = PROBES[(vendor, implementation, True)], PROBES[(vendor, implementation, False)]
            total = passed + failed
            terminalreporter.write_line(f"{vendor:>10} · {implementation:<26} {passed} von {total} richtig")

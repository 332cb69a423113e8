"""The directory search: one query contract (query.py) with two implementations (database.py, engine_backend.py).

A regular package (not a namespace package) so that import-linter and mypy see its modules.
"""

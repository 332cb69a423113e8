"""Audit finding 9 (URL part): a web address with markup characters or another scheme is refused
with a German message wherever one is entered — self-service, admin (both model forms, so the
model field's validator) and the import (same validator, core.validators.validate_website)."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_website
from directory.importing.check import TARGETS_BY_KEY, _clean
from directory.selfservice.forms import ProfileForm
from event_calendar.models import EventPage
from networks.models import PartnerOrganisation
from tests.factories import AdvisorFactory
from transfer.models import ResearchProject

BAD = [
    'https://weiss-partner.example/"><script>alert(1)</script>',
    "https://weiss-partner.example/<img src=x onerror=alert(1)>",
    "https://weiss-partner.example/a'onmouseover='alert(1)",
    "https://weiss-partner.example/`x`",
    "https://weiss-partner.example/a b",
    "https://weiss-partner.example/\x00",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://weiss-partner.example/",
    "//weiss-partner.example/",
]
GOOD = ["https://weiss-partner.example", "http://www.beispiel.de/kontakt?x=1&y=%3C#team", "https://bücher.example/ä"]


@pytest.mark.parametrize("url", BAD)
def test_markup_and_other_schemes_are_refused(url):
    with pytest.raises(ValidationError) as refused:
        validate_website(url)
    assert "http:// oder https://" in refused.value.messages[0]


@pytest.mark.parametrize("url", GOOD)
def test_ordinary_addresses_pass(url):
    validate_website(url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", BAD[:-1])
def test_self_service_profile_refuses_them_and_keeps_the_rest(url):
    advisor = AdvisorFactory()
    data = {"name": "Anna Albers", "short_profile": "Beratung.", "postcode": "53113", "city": "Bonn"}
    form = ProfileForm(data={**data, "years_experience": 5, "website": url, "track": advisor.track}, instance=advisor)
    assert not form.is_valid() and list(form.errors) == ["website"]
    assert form["name"].value() == "Anna Albers"  # nothing else is lost


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, field", [(PartnerOrganisation, "url"), (EventPage, "registration_url"), (ResearchProject, "url")]
)
def test_every_other_website_field_refuses_them(model, field):
    for url in BAD:  # the model field's own validators, which the admin's and every model form run
        with pytest.raises(ValidationError):
            model._meta.get_field(field).run_validators(url)


@pytest.mark.django_db
def test_the_import_refuses_them():
    value, messages = _clean(TARGETS_BY_KEY["website"], BAD[1], {})
    assert messages and "keine gültige Web-Adresse" in messages[0]
    assert _clean(TARGETS_BY_KEY["website"], GOOD[0], {}) == (GOOD[0], [])

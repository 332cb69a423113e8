"""What the directory gives out about an advisor: one definition of the public record for the
partner API, the CSV/JSON exports and the vCard. Published advisors only; never e-mail addresses,
accounts, proofs, references or anything else the profile page does not show."""

from django.db.models import Prefetch

from core.public_url import absolute_url
from directory.models import Advisor, ExternalRegistration

LICENCE = {
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "id": "dl-de/by-2-0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
    "attribution": "Offensive Mittelstand – Beraterverzeichnis „Mittelstand gut beraten“",
}

# Public search pages of the official registers; a badge links there instead of copying the register.
# BAFA and the chambers publish no advisor search: their badges carry no link.
REGISTER_SEARCH = {
    ExternalRegistration.Register.DENA: "https://www.energie-effizienz-experten.de/",
    ExternalRegistration.Register.GO_DIGITAL: "https://www.innovation-beratung-foerderung.de/INNO/Navigation/DE/go-digital/Beratersuche/beratersuche.html",
    ExternalRegistration.Register.INQA: "https://www.inqa.de/DE/handeln/inqa-coaching/uebersicht.html",
}


def shown_registrations(advisor):
    """Register entries OM verified; the number only with the advisor's recorded consent."""
    return [r for r in advisor.registrations.all() if r.verified_at]


def registration_record(registration):
    return {
        "code": registration.register,
        "label": registration.get_register_display(),
        "identifier": registration.identifier if registration.consent_to_show and registration.consent_at else None,
        "verified_at": registration.verified_at,
        "register_url": REGISTER_SEARCH.get(registration.register),
    }


def public_advisors():
    """Published advisors with everything the record reads, in a fixed number of queries."""
    return (
        Advisor.objects.published()
        .prefetch_related(
            "topics",
            "industries",
            "states_served",
            "languages",
            "authorised_products",
            Prefetch("registrations", queryset=ExternalRegistration.objects.filter(verified_at__isnull=False)),
        )
        .order_by("name", "pk")
    )


def record(advisor):
    return {
        "slug": advisor.slug,
        "url": absolute_url(advisor.get_absolute_url()),
        "name": advisor.name,
        "organisation": advisor.organisation,
        "short_profile": advisor.short_profile,
        "description": advisor.description,
        "postcode": advisor.postcode,
        "city": advisor.city,
        "website": advisor.website,
        "fee_model": advisor.fee_model,
        "years_experience": advisor.years_experience,
        "track": advisor.track,
        "service_radius_km": advisor.service_radius_km,
        "topics": sorted(t.name for t in advisor.topics.all()),
        "industries": sorted(i.name for i in advisor.industries.all()),
        "states": sorted(s.code for s in advisor.states_served.all()),
        "languages": sorted(language.code for language in advisor.languages.all()),
        "products": sorted(p.title for p in advisor.authorised_products.all()),
        "registrations": [registration_record(r) for r in shown_registrations(advisor)],
        "verified_at": advisor.verified_at,
        "verified_until": advisor.verified_until,
        "updated_at": advisor.updated_at,
    }

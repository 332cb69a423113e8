"""One document per published advisor, the same for the engine and the database index; other apps
add their fields through directory.contributions (ratings: average and count)."""

from collections.abc import Collection, Mapping
from typing import Any, cast

from django.core.cache import cache
from django.db.models import QuerySet

from directory import contributions
from directory.models import Advisor, ConsultingTopic, ExternalRegistration, FederalState, Industry, Language, Track
from directory.search.query import FACETS, FacetValue

# An advisor's search document: field name -> value, as the engine stores it (JSON values).
Document = dict[str, Any]

TEXT_FIELDS = ("name", "organisation", "short_profile", "description", "city", "topic_names", "industry_names")
# The advisor's fields its document (or whether it has one) is made of: a save naming none of
# them (update_fields) leaves every index as it is.
INDEXED_FIELDS = frozenset(
    {
        "status", "slug", "name", "organisation", "short_profile", "description", "city", "postcode", "latitude",
        "longitude", "service_radius_km", "verified_at", "track", "topics", "industries", "states_served",
        "authorised_products", "languages",
    }
)  # fmt: skip


def searchable_advisors() -> QuerySet[Advisor]:
    """Only published advisors are ever searchable; everything else is not in any index."""
    advisors: QuerySet[Advisor] = Advisor.objects.published().prefetch_related(
        "topics", "industries", "states_served", "languages", "authorised_products", "registrations"
    )
    for contributed in contributions.document_fields.values():
        advisors = contributed.annotate(advisors)
    return advisors


def advisor_document(advisor: Advisor) -> Document:
    document: Document = {
        "id": advisor.pk,
        "slug": advisor.slug,
        "name": advisor.name,
        "organisation": advisor.organisation,
        "short_profile": advisor.short_profile,
        "description": advisor.description,
        "city": advisor.city,
        "postcode": advisor.postcode,
        "topic_names": [t.name for t in advisor.topics.all()],
        "industry_names": [i.name for i in advisor.industries.all()],
        "location": {"lat": advisor.latitude, "lon": advisor.longitude} if advisor.latitude is not None else None,
        "service_radius_km": advisor.service_radius_km,
        "verified_at": advisor.verified_at.isoformat() if advisor.verified_at else None,
    }
    for contributed in contributions.document_fields.values():
        document.update(contributed.fields(advisor))
    document |= {  # facets
        "topics": sorted(t.slug for t in advisor.topics.all()),
        "industries": sorted(i.slug for i in advisor.industries.all()),
        "states": sorted(s.code for s in advisor.states_served.all()),
        "products": sorted(p.slug for p in advisor.authorised_products.all()),
        "registers": sorted({r.register for r in advisor.registrations.all() if r.verified_at}),
        "languages": sorted(lang.code for lang in advisor.languages.all()),
        "track": [advisor.track],
    }
    return document


VOCABULARY_CACHE_KEYS = ["directory.search.facet_labels", "directory.search.known_stems"]
VOCABULARY_SECONDS = 300  # product titles may lag this long; topics and industries are dropped on save


def facet_labels() -> dict[str, dict[str, str]]:
    """value -> label per document facet field, for the facet sidebar (from the shared cache)."""
    return cast(
        dict[str, dict[str, str]], cache.get_or_set(VOCABULARY_CACHE_KEYS[0], _facet_labels, VOCABULARY_SECONDS)
    )


def facet_sidebar(
    counts: Mapping[str, Mapping[str, int]], selected: Mapping[str, Collection[str]]
) -> dict[str, list[FacetValue]]:
    """{facet key: [FacetValue]} from {document field: {value: count}} and the selected values,
    biggest first: the same sidebar whichever implementation counted."""
    labels = facet_labels()
    sidebar: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        names, chosen = labels[facet.field], set(selected.get(facet.key, ()))
        values = [FacetValue(v, names.get(v, v), n, v in chosen) for v, n in counts.get(facet.field, {}).items()]
        sidebar[facet.key] = sorted(values, key=lambda v: (-v.count, v.label))
    return sidebar


def _facet_labels() -> dict[str, dict[str, str]]:
    from products.models import ProductPage

    return {
        "topics": dict(ConsultingTopic.objects.values_list("slug", "name")),
        "industries": dict(Industry.objects.values_list("slug", "name")),
        "states": dict(FederalState.objects.values_list("code", "name")),
        "products": dict(ProductPage.objects.live().values_list("slug", "title")),
        "registers": dict(ExternalRegistration.Register.choices),
        "languages": dict(Language.objects.values_list("code", "name")),
        "track": dict(Track.choices),
    }

"""A fixed, realistic mix of visitor queries (text, facets, radius, sorting), deterministic for a
seed. The benchmark measures it; a test checks both DSL modules build the same bodies for it."""

import random

from directory.search.query import MIN_RATING, RADII, SORTS, SearchQuery

TEXTS = [
    "",
    "Digitalisierung",
    "Digitalisierung Arbeitsschutz",
    "KI",
    "künstliche Intelligenz",
    "Arbeitssicherheit",
    "Energieeffizienz Handwerk",
    "Nachfolge",
    "Fachkräfte",
    "Qualitätsmanagement",
    "Mueller",
    "Digitalisirung",
    "Personalführung Pflege",
    "Förderung",
]
POSTCODES = ["", "", "53113", "10115", "80331", "20095", "50667", "01067", "70173", "04109", "90402", "99084"]
FACET_VALUES = {
    "thema": ["digitalisierung", "arbeitsschutz-und-gesundheit", "kunstliche-intelligenz", "energieeffizienz"],
    "branche": ["handwerk", "bau", "gesundheit-und-pflege", "industrie-und-produktion"],
    "land": ["NW", "BY", "BE", "SN", "BW"],
    "register": ["bafa", "inqa_coaching"],
    "sprache": ["en", "tr"],
    "zugang": ["junior"],
}


def query_mix(count: int = 200, seed: int = 2021) -> list[SearchQuery]:
    rng = random.Random(seed)  # noqa: S311 - a benchmark's sample, not security
    queries: list[SearchQuery] = []
    for _ in range(count):
        filters: dict[str, tuple[str, ...]] = {}
        for key in rng.sample(sorted(FACET_VALUES), rng.choice([0, 0, 1, 1, 2])):
            values = FACET_VALUES[key]
            filters[key] = tuple(sorted(rng.sample(values, min(len(values), rng.choice([1, 1, 2])))))
        postcode = rng.choice(POSTCODES)
        sort = rng.choice(list(SORTS)) if postcode else rng.choice(["relevanz", "relevanz", "geprueft", "bewertung"])
        queries.append(
            SearchQuery(
                text=rng.choice(TEXTS),
                filters=filters,
                postcode=postcode,
                radius_km=rng.choice(RADII),
                sort=sort,
                min_rating=MIN_RATING if rng.random() < 0.125 else None,
                page=rng.choice([1, 1, 1, 2]),
            )
        )
    return queries

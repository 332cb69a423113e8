"""One behavioural suite for both implementations of the directory search: the database (always)
and the real engine node, OpenSearch or Elasticsearch (when the test command runs it)."""

import dataclasses
import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from directory.models import AdvisorStatus, ConsultingTopic, ExternalRegistration, FederalState, Industry, Language
from directory.search import backends, database
from directory.search.query import SearchQuery
from tests.factories import AdvisorFactory, make_site_with_home
from tests.search.conftest import record_probe

pytestmark = pytest.mark.django_db
BONN = "53113"


@pytest.fixture(params=["database", "engine"])
def search(request, directory):
    if request.param == "engine":
        request.getfixturevalue("search_engine")
    call_command("rebuild_directory_index", stdout=StringIO())
    if request.param == "engine":
        return Search(settings.SEARCH_ENGINE, lambda query: backends.engine().search(query))
    return Search("database", database.search)


class Search:
    """One implementation's search, called with a SearchQuery; `implementation` names it for the report."""

    def __init__(self, implementation, run):
        self.implementation, self.run = implementation, run

    def __call__(self, query):
        return self.run(query)


def advisor(name, postcode, topics=(), status=AdvisorStatus.PUBLISHED, **fields):
    a = AdvisorFactory(name=name, postcode=postcode, status=status, **fields)
    a.topics.set([ConsultingTopic.objects.get(name=t) for t in topics])
    a.save()
    return a


@pytest.fixture
def directory():
    make_site_with_home()
    people = {
        "anna": advisor("Anna Albers", "53757", ["Digitalisierung"], verified_at=datetime.date(2026, 3, 1)),
        "bernd": advisor(
            "Bernd Brandt", "51105", ["Arbeitsschutz und Gesundheit"], verified_at=datetime.date(2026, 5, 1)
        ),
        "clara": advisor(
            "Clara Müller",
            "51643",
            ["Digitalisierung", "Arbeitsschutz und Gesundheit"],
            service_radius_km=50,
            verified_at=datetime.date(2026, 1, 1),
        ),
        "dieter": advisor("Dieter Dorn", "56068", ["Energieeffizienz"], service_radius_km=50),
        "eva": advisor("Eva Ernst", "80331", ["Künstliche Intelligenz"], track="junior"),
        "frieda": advisor("Frieda Fuchs", BONN, ["Digitalisierung"], status=AdvisorStatus.SUBMITTED),
        "gerd": advisor("Gerd Groß", BONN, ["Digitalisierung"], status=AdvisorStatus.BLOCKED),
    }
    people["anna"].industries.set([Industry.objects.get(name="Handwerk")])
    people["anna"].states_served = [FederalState.objects.get(code="NW")]
    people["anna"].languages = [Language.objects.get(code="de"), Language.objects.get(code="en")]
    people["anna"].save()
    people["clara"].states_served = [FederalState.objects.get(code="NW")]
    people["clara"].save()
    ExternalRegistration.objects.create(advisor=people["clara"], register="bafa", verified_at=datetime.date(2026, 1, 1))
    ExternalRegistration.objects.create(advisor=people["anna"], register="bafa")  # not verified: no facet
    return people


def names(result):
    from directory.models import Advisor

    by_id = dict(Advisor.objects.values_list("pk", "name"))
    return [by_id[hit.advisor_id] for hit in result.hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Digitalisierungen", {"Anna Albers", "Clara Müller"}),  # stemming
        ("Mueller", {"Clara Müller"}),  # umlaut written out
        ("müller", {"Clara Müller"}),
        ("KI", {"Eva Ernst"}),  # synonym of Künstliche Intelligenz
        ("Arbeitssicherheit", {"Bernd Brandt", "Clara Müller"}),  # synonym of Arbeitsschutz
        ("Digitalisirung", {"Anna Albers", "Clara Müller"}),  # typo
        ("Digitalisierung Arbeitsschutz", {"Clara Müller"}),  # every word must match
        ("Fuchs", set()),  # not published
        ("Groß", set()),  # blocked
    ],
)
def test_german_full_text(search, text, expected):
    found = set(names(search(SearchQuery(text=text))))
    record_probe(search.implementation, found == expected)  # printed at the end of the run
    assert found == expected


def test_radius_edges_and_service_areas(search):
    def near(radius):
        return set(names(search(SearchQuery(postcode=BONN, radius_km=radius))))

    assert near(10) == {"Anna Albers", "Clara Müller"}  # Anna at 8 km; Clara's 50-km area reaches Bonn (45 km)
    assert near(25) == {"Anna Albers", "Bernd Brandt", "Clara Müller"}  # Bernd at 24 km
    assert near(50) == {"Anna Albers", "Bernd Brandt", "Clara Müller"}  # Dieter at 53 km, his 50 km do not reach
    assert near(100) == {"Anna Albers", "Bernd Brandt", "Clara Müller", "Dieter Dorn"}


def test_serving_a_whole_bundesland_covers_its_postcodes(search):
    """Hanna sits in Münster (NW), 142 km from Bonn, and serves all of Nordrhein-Westfalen."""
    from directory.search import sync

    hanna = advisor("Hanna Hoff", "48143", ["Digitalisierung"])
    hanna.states_served = [FederalState.objects.get(code="NW")]
    hanna.save()
    sync.drain()
    if backends.engine() is not None:
        backends.engine().refresh()

    in_bonn = search(SearchQuery(postcode=BONN, radius_km=10, sort="entfernung"))
    assert names(in_bonn)[-1] == "Hanna Hoff"
    assert in_bonn.hits[-1].covers_postcode and int(in_bonn.hits[-1].distance_km) == 142
    assert in_bonn.hits[-1].explanation[-1] == (
        f"Einsatzgebiet ist das ganze Bundesland Nordrhein-Westfalen, zu dem die Postleitzahl {BONN} gehört"
    )
    in_koblenz = names(search(SearchQuery(postcode="56068", radius_km=10)))  # Rheinland-Pfalz
    assert "Hanna Hoff" not in in_koblenz and "Dieter Dorn" in in_koblenz


def test_distances_and_sort_orders(search):
    by_distance = search(SearchQuery(postcode=BONN, radius_km=100, sort="entfernung"))
    assert names(by_distance) == ["Anna Albers", "Bernd Brandt", "Clara Müller", "Dieter Dorn"]
    assert [round(hit.distance_km) for hit in by_distance.hits] == [8, 24, 45, 53]
    assert by_distance.hits[2].covers_postcode and not by_distance.hits[3].covers_postcode
    recent = names(search(SearchQuery(sort="geprueft")))
    assert recent.index("Bernd Brandt") < recent.index("Anna Albers") < recent.index("Clara Müller")
    assert names(search(SearchQuery())) == sorted(names(search(SearchQuery())))  # no text, no place: by name
    ranked = search(SearchQuery(text="Digitalisierung", postcode=BONN, radius_km=100))
    assert ranked.hits[0].explanation[0] == "passt zu Ihrem Suchbegriff „Digitalisierung“"
    assert not any(char.isdigit() for char in ranked.hits[0].explanation[0])  # no raw score


def test_facets_count_and_combine(search):
    result = search(SearchQuery())
    topics = {v.label: v.count for v in result.facets["thema"]}
    assert topics["Digitalisierung"] == 2 and topics["Arbeitsschutz und Gesundheit"] == 2
    assert {v.label: v.count for v in result.facets["register"]} == {"BAFA-Beraterförderung": 1}
    assert {v.label: v.count for v in result.facets["zugang"]} == {"Standard": 4, "Nachwuchsberater:in": 1}
    assert {v.label: v.count for v in result.facets["sprache"]} == {"Deutsch": 1, "Englisch": 1}

    # OR within a facet, AND across facets; a facet's own counts ignore its own selection
    either = search(SearchQuery(filters={"thema": ("digitalisierung", "energieeffizienz")}))
    assert set(names(either)) == {"Anna Albers", "Clara Müller", "Dieter Dorn"}
    both = search(SearchQuery(filters={"thema": ("digitalisierung",), "land": ("NW",), "branche": ("handwerk",)}))
    assert names(both) == ["Anna Albers"]
    topic_counts = {v.value: (v.count, v.selected) for v in both.facets["thema"]}
    assert topic_counts["digitalisierung"] == (1, True)
    assert search(SearchQuery(filters={"register": ("bafa",)})).total == 1


def test_without_facets_the_same_hits_and_total(search):
    query = SearchQuery(text="Digitalisierung", filters={"land": ("NW",)}, per_page=1)
    full, teaser = search(query), search(dataclasses.replace(query, facets=False))
    assert (names(teaser), teaser.total) == (names(full), full.total) == (names(full), 2)
    assert full.facets["thema"] and teaser.facets == {}


def test_pagination_is_stable(search):
    pages = [names(search(SearchQuery(per_page=2, page=n))) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(sum(pages, [])) == sorted(names(search(SearchQuery())))
    assert search(SearchQuery(per_page=2, page=3)).total == 5


def test_a_renamed_topic_and_a_blocked_advisor_reach_the_index(search, directory):
    from directory.search import sync

    topic = ConsultingTopic.objects.get(name="Energieeffizienz")
    topic.name = "Energieeffizienz und Klimaschutz"
    topic.save()
    directory["anna"].status = AdvisorStatus.BLOCKED
    directory["anna"].save()
    sync.drain()  # what the after-commit hook and the cron job do
    if backends.engine() is not None:
        backends.engine().refresh()
    assert names(search(SearchQuery(text="Klimaschutz"))) == ["Dieter Dorn"]
    assert "Anna Albers" not in names(search(SearchQuery(text="Digitalisierung")))


def test_sort_by_rating_and_at_least_four_stars(search, directory):
    """Averages count from three ratings on; fewer say too little for ranking (Clara)."""
    from directory.search import sync
    from tests.factories import RatingFactory

    for person, score, count in (("anna", 5, 3), ("bernd", 3, 4), ("clara", 5, 2), ("dieter", 4, 3)):
        for _ in range(count):
            RatingFactory(engagement__advisor=directory[person], scores=score)
    sync.drain()
    if backends.engine() is not None:
        backends.engine().refresh()

    best = names(search(SearchQuery(sort="bewertung")))
    assert best[:3] == ["Anna Albers", "Dieter Dorn", "Bernd Brandt"]
    assert set(best[3:]) == {"Clara Müller", "Eva Ernst"}
    good = search(SearchQuery(min_rating=4))
    assert set(names(good)) == {"Anna Albers", "Dieter Dorn"}
    assert {v.label: v.count for v in good.facets["thema"]} == {"Digitalisierung": 1, "Energieeffizienz": 1}

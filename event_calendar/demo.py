import datetime
import zoneinfo

from event_calendar.models import EventIndexPage, EventPage
from home.demo import upsert_child

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def load(home, committees):
    index = upsert_child(
        home,
        EventIndexPage,
        "termine",
        title="Termine",
        show_in_menus=True,
        intro="Sitzungen der Gremien und Arbeitsgruppen sowie Veranstaltungen der Offensive Mittelstand.",
    )
    upsert_child(
        index,
        EventPage,
        "ag-umweltcheck-2021-05-28",
        title="Treffen der AG Umweltcheck",
        start=at(2021, 5, 28, 12),
        end=at(2021, 5, 28, 15),
        all_day=False,
        is_online=True,
        location="",
        organiser=committees["AG Umweltcheck"],
        teaser="Die Arbeitsgruppe zur OM-Potenzialanalyse Umweltschutz lädt alle Strategiekreismitglieder ein, "
        "an der Arbeit des Umweltchecks mitzuwirken.",
    )
    upsert_child(
        index,
        EventPage,
        "plenum-2021-11-11",
        title="Plenum des Strategiekreises",
        start=at(2021, 11, 11, 0),
        end=at(2021, 11, 11, 0),
        all_day=True,
        is_online=False,
        location="wird noch bekannt gegeben",
        organiser=committees["Plenum"],
        teaser="Das nächste Plenum des Strategiekreises im Herbst (Uhrzeit und Ort werden noch bekannt gegeben).",
    )
    return index

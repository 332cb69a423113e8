"""The Termine section: the two dates of the seed protocol (history, as printed) and upcoming dates
relative to today, so the demo reads like a live site.

The upcoming dates are counted from the Monday of the current week: loading the demo twice in one
week gives the same dates, a later run moves them forward. Their slugs carry no date, so a run in
another week updates the same pages instead of adding new ones (load_demo_content stays idempotent).
"""

import datetime
import zoneinfo

from django.utils import timezone

from demo.helpers import upsert_child
from event_calendar.models import EventIndexPage, EventPage

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


def this_monday(today=None):
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


def week_day(monday, weeks, weekday, hour=0, minute=0):
    """The day `weekday` (0 = Monday) `weeks` weeks after `monday`, at hour:minute in Berlin."""
    day = monday + datetime.timedelta(weeks=weeks, days=weekday)
    return at(day.year, day.month, day.day, hour, minute)


def upcoming(committees, monday):
    """(slug, fields) of the invented upcoming dates: a webinar, a workshop, a working group, the plenum."""
    return [
        (
            "sprechstunde-beraterverzeichnis",
            dict(
                title="Online-Sprechstunde: Eintrag ins Beraterverzeichnis",
                start=week_day(monday, 1, 2, 16),
                end=week_day(monday, 1, 2, 17),
                all_day=False,
                is_online=True,
                location="",
                organiser=committees["AG Qualitätssicherung"],
                teaser="Beratende fragen, die AG Qualitätssicherung antwortet: welche Nachweise das Verzeichnis "
                "verlangt, wie die Prüfung abläuft und was Nachwuchsberatende beachten.",
                body=[
                    (
                        "paragraph",
                        "<p>In einer Stunde erklären Mitglieder der AG Qualitätssicherung Schritt für Schritt, wie "
                        "Sie Ihr Profil anlegen, Qualifikationen belegen und Ihre Angaben zur Prüfung einreichen. "
                        "Danach ist Zeit für Ihre Fragen.</p><p>Die Teilnahme ist kostenlos. Den Zugangslink "
                        "erhalten Sie nach der Anmeldung bei der Geschäftsstelle.</p>",
                    )
                ],
            ),
        ),
        (
            "werkstatt-netzwerklotsen",
            dict(
                title="Werkstatt: Netzwerklotsen in den Regionen",
                start=week_day(monday, 3, 3, 10),
                end=week_day(monday, 3, 3, 16),
                all_day=False,
                is_online=False,
                location="Hannover (der Tagungsort steht in der Einladung)",
                organiser=committees["AG Qualitätssicherung"],
                teaser="Partner aus den regionalen Netzwerken tauschen Erfahrungen aus und arbeiten am Baustein "
                "für die Qualifizierung der OM-Netzwerklotsen.",
                body=[
                    (
                        "paragraph",
                        "<p>Die Werkstatt richtet sich an Partner, die in ihrer Region ein Netzwerk aufbauen oder "
                        "betreuen. Am Vormittag berichten Netzwerke aus ihrer Praxis: Wie gewinnen sie Betriebe, "
                        "wie arbeiten Kammern, Verbände und Beratende zusammen? Am Nachmittag entwerfen wir "
                        "gemeinsam die Inhalte der Lotsen-Qualifizierung.</p>",
                    )
                ],
            ),
        ),
        (
            "ag-transfer-naechstes-treffen",
            dict(
                title="Treffen der AG Transfer",
                start=week_day(monday, 5, 1, 13),
                end=week_day(monday, 5, 1, 15, 30),
                all_day=False,
                is_online=True,
                location="",
                organiser=committees["AG Transfer"],
                teaser="Die Arbeitsgruppe ergänzt die Transferliste um neue Probleme der KMU und bespricht, welche "
                "Forschungsprojekte Antworten bieten.",
            ),
        ),
        (
            "plenum-naechstes",
            dict(
                title="Plenum des Strategiekreises",
                start=week_day(monday, 8, 3, 10),
                end=week_day(monday, 8, 3, 16),
                all_day=False,
                is_online=True,
                location="Berlin",
                organiser=committees["Plenum"],
                teaser="Das nächste Plenum des Strategiekreises: Berichte der Arbeitsgruppen, neue OM-Produkte und "
                "die Planung des kommenden Jahres. Eine Teilnahme vor Ort und online ist möglich.",
            ),
        ),
    ]


def load(home, committees, today=None):
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
    for slug, fields in upcoming(committees, this_monday(today)):
        upsert_child(index, EventPage, slug, **fields)
    return index

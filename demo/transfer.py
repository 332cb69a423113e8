"""TOP 4 of the seed: a first transfer list. Projects marked "(Beispiel)" are invented."""

import datetime

from demo.helpers import upsert, upsert_child
from transfer.models import KmuProblem, ResearchProject, TransferListPage, TransferTopic

TOPICS = [
    ("Transfer von Forschung", "transfer"),
    ("Digitalisierung und KI", "digitalisierung-ki"),
    ("Umwelt und Energie", "umwelt-energie"),
]

PROBLEMS = [
    (
        "Forschungsergebnisse erreichen den Betriebsalltag nicht",
        "transfer",
        "Zwischen wissenschaftlichen Ergebnissen und dem Alltagshandeln in KMU und intermediären Organisationen "
        "klafft eine Lücke; Übersetzungshilfen wie One-Pager reichen nicht aus.",
        "alle Branchen",
        KmuProblem.Status.IN_PROGRESS,
    ),
    (
        "KI einführen und die Beschäftigten beteiligen",
        "digitalisierung-ki",
        "Kleine Betriebe wissen oft nicht, wo KI ihnen nützt und wie sie Beschäftigte und Betriebsräte früh einbinden.",
        "Industrie, Handwerk, Dienstleistung",
        KmuProblem.Status.ADDRESSED,
    ),
    (
        "Umweltpotenziale im Betrieb erkennen",
        "umwelt-energie",
        "Vielen KMU fehlt ein einfacher Einstieg, um Potenziale im Umweltschutz und bei der Energie zu erkennen.",
        "Handwerk, Handel, Industrie",
        KmuProblem.Status.OPEN,
    ),
]

# title, problem titles, funder, partners, live
PROJECTS = [
    (
        "Programm „Zukunft der Wertschöpfung“",
        ["Forschungsergebnisse erreichen den Betriebsalltag nicht"],
        "BMBF",
        "Verbundprojekte der Arbeitsforschung",
        True,
        None,
    ),
    (
        "KI-Lotsen für kleine Betriebe (Beispiel)",
        ["KI einführen und die Beschäftigten beteiligen"],
        "BMBF",
        "Beispiel-Hochschule, Beispiel-Kammer",
        True,
        (datetime.date(2022, 1, 1), datetime.date(2024, 12, 31)),
    ),
    (
        "Umweltcheck-Transfer (Beispiel, noch nicht freigegeben)",
        ["Umweltpotenziale im Betrieb erkennen"],
        "BMBF",
        "Beispiel-Institut",
        False,
        None,
    ),
]


def load(home):
    upsert_child(
        home,
        TransferListPage,
        "transfer",
        title="Transferliste",
        seo_title="Transferliste: Probleme der KMU und Forschung",
        show_in_menus=True,
        intro="Die OM sammelt drängende Probleme der KMU; Forschungspartner wie das BMBF ergänzen die "
        "Forschungsprojekte, die sich mit diesen Fragen befassen (Strategiekreis, 22. April 2021, TOP 4).",
    )
    topics = {slug: upsert(TransferTopic, {"slug": slug}, name=name) for name, slug in TOPICS}
    problems = {
        title: upsert(
            KmuProblem, {"title": title}, topic=topics[topic], description=text, sectors=sectors, status=status
        )
        for title, topic, text, sectors, status in PROBLEMS
    }
    for title, problem_titles, funder, partners, live, runtime in PROJECTS:
        project = ResearchProject.objects.filter(title=title).first() or ResearchProject(title=title)
        project.funder, project.partners = funder, partners
        project.start, project.end = runtime or (None, None)
        project.problems = [problems[t] for t in problem_titles]
        project.live = live
        project.save()
        revision = project.save_revision()
        if live:
            revision.publish()
    return problems

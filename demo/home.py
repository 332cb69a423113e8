"""The home page, its body and the legal pages linked from the footer (Impressum, Datenschutz,
Barrierefreiheit), as the demo shows them."""

from wagtail.models import Page, Site

from core.public_url import site_address
from demo.helpers import upsert_child
from home.models import FooterSettings, HomePage, StandardPage

HOME_INTRO = (
    "Die Offensive Mittelstand ist ein Netzwerk von rund 300 Partnern, die kleine und mittlere "
    "Unternehmen mit praxiserprobten Standards, Checks und guter Beratung unterstützen."
)
HOME_BODY = (
    "<h2>Gemeinsam für einen starken Mittelstand</h2>"
    "<p>Kammern, Verbände, Sozialpartner, Forschungsinstitute und Beratende entwickeln gemeinsam "
    "OM-Praxisstandards und machen sie allen Partnern zugänglich.</p>"
)


def load_home():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(instance=HomePage(title="Offensive Mittelstand", slug="start", live=True))
    home.title = "Offensive Mittelstand – Gut für Deutschland"
    home.seo_title = ""  # the title says it all; the <title> becomes "Gut für Deutschland – Offensive Mittelstand"
    home.intro = HOME_INTRO
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    # The address the site is served on (WAGTAILADMIN_BASE_URL): page URLs, canonical and sitemap say it.
    site.hostname, site.port = site_address()
    site.root_page, site.site_name = home, "Offensive Mittelstand"
    site.save()
    # Wagtail's installer page ("Welcome to your new Wagtail site!") is not part of the site.
    Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()
    return home


def fill_home_body(home, directory_page):
    """Body text and a call to action for "Mittelstand gut beraten" (the directory itself follows)."""
    home.body = [
        ("paragraph", HOME_BODY),
        (
            "call_to_action",
            {
                "title": "Mittelstand gut beraten",
                "text": "Unabhängige, von der OM geprüfte Beraterinnen und Berater für kleine und mittlere "
                "Unternehmen.",
                "page": directory_page,
                "button_label": "Mehr zum Beraterverzeichnis",
            },
        ),
    ]
    home.save_revision().publish()


LEGAL_PAGES = [
    (
        "impressum",
        "Impressum",
        "<p><strong>Demo-Inhalt.</strong> Hier trägt die Redaktion die Angaben nach § 5 Digitale-Dienste-Gesetz "
        "(Anbieter, Anschrift, Vertretungsberechtigte, Kontakt) für die Stiftung „Mittelstand – Gesellschaft – "
        "Verantwortung“ ein.</p>",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "<p><strong>Demo-Inhalt.</strong> Diese Website setzt für Besucherinnen und Besucher keine Cookies zur "
        "Analyse oder Werbung ein und bindet keine Inhalte Dritter ein. Beim Abruf verarbeitet der Server technisch "
        "notwendige Daten (z. B. IP-Adresse, Zeitpunkt, aufgerufene Seite) zur Auslieferung und Sicherheit der "
        "Website. Die vollständige Erklärung mit Verantwortlichem und Rechten der Betroffenen trägt die Redaktion "
        "ein.</p>",
    ),
    (
        "barrierefreiheit",
        "Erklärung zur Barrierefreiheit",
        "<p><strong>Demo-Inhalt.</strong> Diese Website soll die Anforderungen der BITV 2.0 bzw. der WCAG 2.1 "
        "(Stufe AA) erfüllen. Jede Seitenart wird bei jeder Änderung automatisiert mit axe-core geprüft. Barrieren "
        "können Sie der Redaktion melden; die Kontaktdaten und der Hinweis auf die Schlichtungsstelle nach § 16 BGG "
        "werden hier eingetragen.</p>",
    ),
]


def load_legal_pages(home):
    """Impressum, Datenschutz and Barrierefreiheit, linked from the footer of every page."""
    pages = [
        upsert_child(home, StandardPage, slug, title=title, body=[("paragraph", text)])
        for slug, title, text in LEGAL_PAGES
    ]
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.links = [("page", page) for page in pages]
    footer.save()
    return pages

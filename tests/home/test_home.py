import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import Page

from home.models import HomePage
from tests.factories import (
    CommitteeFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db


def test_home_page_is_german_and_shows_intro(client):
    make_site_with_home(title="Offensive Mittelstand", intro="Gut für Deutschland.")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert "Gut für Deutschland." in html
    assert "Zum Inhalt springen" in html


def test_unknown_path_gets_german_404(client):
    make_site_with_home()
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_admin_login_is_german(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "Anmelden" in response.content.decode()


def test_public_pages_carry_csp_and_security_headers(client):
    make_site_with_home()
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_home_page_only_under_the_root():
    assert HomePage.can_create_at(Page.get_first_root_node())
    home = make_site_with_home()
    assert not HomePage.can_create_at(home)  # max_count = 1 and only below the root


def test_admin_never_contacts_gravatar(client, django_user_model):
    """Gravatar would receive hashes of staff e-mail addresses (GDPR): avatars stay local."""
    admin = django_user_model.objects.create_superuser("chefin", "chefin@om-site.invalid", "ein-langes-passwort-123")
    client.force_login(admin)
    for url in ("/admin/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "gravatar" not in response.content.decode()


def test_standard_pages_nest_below_home_and_each_other():
    from home.models import StandardPage

    home = make_site_with_home()
    child = home.add_child(instance=StandardPage(title="Über uns", slug="ueber-uns"))
    assert StandardPage.can_create_at(home) and StandardPage.can_create_at(child)
    assert not StandardPage.can_create_at(Page.get_first_root_node())


@pytest.mark.urls("tests.home.failing_urls")
def test_server_error_page_is_german(client):
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    assert "Es ist ein Fehler aufgetreten" in response.content.decode()


@pytest.mark.parametrize(
    ("title", "seo_title", "window_title"),
    [
        ("Offensive Mittelstand", "", "Startseite – Offensive Mittelstand"),
        ("Offensive Mittelstand – Gut für Deutschland", "", "Gut für Deutschland – Offensive Mittelstand"),
        ("Willkommen", "Offensive Mittelstand", "Startseite – Offensive Mittelstand"),
        ("Willkommen", "", "Willkommen – Offensive Mittelstand"),
    ],
)
def test_the_home_page_title_never_repeats_the_site_name(client, title, seo_title, window_title):
    make_site_with_home(title=title, seo_title=seo_title)
    html = client.get("/").content.decode()
    assert f"<title>{window_title}</title>" in html


def test_home_teasers_come_from_each_section(client):
    """The home page shows what each section registered (core/teasers.py): the three latest news,
    four products by title and the next three events that have not ended, in that order."""
    home = make_site_with_home()
    news = NewsIndexPageFactory(parent=home, slug="neuigkeiten")
    for day in range(1, 6):
        NewsArticlePageFactory(parent=news, title=f"Meldung vom {day}.", date=datetime.date(2031, 3, day))
    products = ProductIndexPageFactory(parent=home, slug="produkte")
    for name in "EDCBA":
        ProductPageFactory(parent=products, title=f"Produkt {name}", working_group=CommitteeFactory())
    events = EventIndexPageFactory(parent=home, slug="termine")
    now = timezone.now()
    for days in (-2, 4, 1, 3, 2):
        start = now + datetime.timedelta(days=days)
        EventPageFactory(parent=events, title=f"Termin in {days} Tagen", slug=f"t{days + 2}", start=start, end=start)
    html = client.get("/").content.decode()
    news_part, rest = html.split('id="teaser-products"')
    products_part, events_part = rest.split('id="teaser-events"')
    assert re.findall(r"Meldung vom \d\.", news_part) == ["Meldung vom 5.", "Meldung vom 4.", "Meldung vom 3."]
    assert re.findall(r"Produkt [A-E]", products_part) == ["Produkt A", "Produkt B", "Produkt C", "Produkt D"]
    assert re.findall(r"Termin in -?\d Tagen", events_part) == [
        "Termin in 1 Tagen",
        "Termin in 2 Tagen",
        "Termin in 3 Tagen",
    ]

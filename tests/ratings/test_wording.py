"""German as people write it: one rating, two ratings; the month of an engagement by its name."""

import pytest
from django.core import mail

from tests.factories import RatingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ratings", "sentence"), [(1, "aus 1 geprüften Bewertung."), (2, "aus 2 geprüften Bewertungen.")]
)
def test_the_advisors_ratings_page_counts_in_german(client, advisor, ratings, sentence):
    for _ in range(ratings):
        RatingFactory(engagement__advisor=advisor)
    assert sentence.rstrip(".") in client.get(advisor.get_absolute_url()).content.decode()  # the public profile
    client.force_login(advisor.user)
    assert sentence in client.get("/mein-profil/bewertungen/").content.decode()


def test_the_invitation_names_the_month(invited):
    engagement, _ = invited
    body = mail.outbox[-1].body
    assert "hat Ihr Unternehmen (Tischlerei Beispiel GmbH) im September 2026 beraten" in body
    assert "09/2026" not in body
    assert str(engagement) == "Tischlerei Beispiel GmbH (September 2026)"


def test_the_advisors_list_of_engagements_names_the_month(client, advisor, invited):
    client.force_login(advisor.user)
    html = client.get("/mein-profil/bewertungen/").content.decode()
    assert "<td>September 2026</td>" in html and "09/2026" not in html

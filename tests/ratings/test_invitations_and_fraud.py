"""Only verified engagements can rate: single-use, e-mail-bound, expiring invitations; one
rating per engagement; suspicious ratings wait for OM and never count before."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction

from ratings import service
from ratings.models import CriteriaVersion, Engagement, Rating, RatingStatus
from ratings.summary import summary
from tests.factories import RatingFactory
from tests.ratings.conftest import CLIENT_EMAIL, form_data

pytestmark = pytest.mark.django_db


def test_the_invitation_link_carries_a_token_that_is_stored_only_as_a_hash(invited):
    engagement, token = invited
    assert len(token) >= 43  # 32 random bytes = 256 bits
    assert token not in engagement.token_hash and len(engagement.token_hash) == 64
    assert abs(engagement.expires_at - engagement.recorded_at - datetime.timedelta(days=90)) < datetime.timedelta(
        seconds=1
    )


def test_a_client_rates_once_through_the_link(client, invited, advisor):
    _, token = invited
    page = client.get(f"/bewertung/{token}/")
    assert page.status_code == 200 and "Petra Prüfer" in page.text

    response = client.post(f"/bewertung/{token}/", form_data(score=5))
    assert response.status_code == 200 and "Vielen Dank" in response.text
    rating = Rating.objects.get()
    assert rating.status == RatingStatus.PUBLISHED and rating.average == 5
    assert summary(advisor).count == 1

    replay = client.post(f"/bewertung/{token}/", form_data(score=1))
    assert replay.status_code == 410 and "bereits eine Bewertung abgegeben" in replay.text
    assert Rating.objects.count() == 1 and Rating.objects.get().average == 5


def test_an_expired_invitation_is_refused(client, invited):
    _, token = invited
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=91)):
        response = client.post(f"/bewertung/{token}/", form_data())
    assert response.status_code == 410 and "abgelaufen" in response.text
    assert not Rating.objects.exists()


def test_an_unknown_token_is_refused(client, invited):
    response = client.get("/bewertung/ausgedacht-1234567890/")
    assert response.status_code == 410 and "ungültig" in response.text


def test_the_invitation_only_works_with_the_invited_address(client, invited):
    engagement, token = invited
    response = client.post(f"/bewertung/{token}/", form_data(email="jemand@anderswo.example", comment="Gut."))
    assert response.status_code == 400
    assert "Diese Einladung gilt für eine andere E-Mail-Adresse" in response.text
    assert "Gut." in response.text  # nothing entered is lost
    assert not Rating.objects.exists()
    engagement.refresh_from_db()
    assert engagement.used_at is None  # the right person can still rate
    assert client.post(f"/bewertung/{token}/", form_data(email=CLIENT_EMAIL.upper())).status_code == 200


def test_the_database_allows_one_rating_per_engagement():
    first = RatingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(engagement=first.engagement)


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_submissions_of_one_token_give_exactly_one_rating(advisor, invite):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write; the race needs PostgreSQL (first test pass)")
    _, token = invite(advisor)
    scores = {c.key: 4 for c in CriteriaVersion.current().criteria.all()}

    def submit(_):
        try:
            service.submit_rating(token, CLIENT_EMAIL, scores)
            return "ok"
        except service.RatingRefused:
            return "refused"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(submit, range(50)))
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 49
    assert Rating.objects.count() == 1


def test_a_rating_from_the_advisors_own_domain_is_flagged_and_not_counted(client, advisor, invite):
    _, token = invite(advisor, email="kollege@pruefer-beratung.example")
    client.post(f"/bewertung/{token}/", form_data(email="kollege@pruefer-beratung.example", score=5))
    rating = Rating.objects.get()
    assert rating.status == RatingStatus.FLAGGED
    assert rating.flags == ["E-Mail-Adresse aus der Domain der beratenden Person"]
    assert summary(advisor).count == 0
    assert "Noch keine geprüften Bewertungen" in client.get(advisor.get_absolute_url()).text


def test_many_invitations_to_one_company_domain_are_flagged(advisor, invite):
    flags = [invite(advisor, email=f"person{n}@grossbetrieb.example")[0].flags for n in range(3)]
    assert flags[:2] == [[], []] and flags[2] == ["Mehrere Einladungen an dieselbe Domain (grossbetrieb.example)"]
    mailers = [invite(advisor, email=f"kunde{n}@web.de")[0].flags for n in range(3)]
    assert mailers == [[], [], []]  # a mail provider's domain says nothing about collusion


def test_a_burst_of_ratings_waits_for_om(client, advisor, invite):
    statuses = []
    for n in range(4):
        _, token = invite(advisor, email=f"chefin@betrieb-{n}.example")
        client.post(f"/bewertung/{token}/", form_data(email=f"chefin@betrieb-{n}.example"))
        statuses.append(Rating.objects.order_by("-pk").first().status)
    assert statuses == [RatingStatus.PUBLISHED] * 3 + [RatingStatus.FLAGGED]
    assert Rating.objects.order_by("-pk").first().flags == ["Viele Bewertungen in kurzer Zeit"]


def test_ratings_in_moderation_or_dispute_never_change_averages(advisor):
    for _ in range(3):
        RatingFactory(engagement__advisor=advisor, scores=4)
    before = summary(advisor)
    RatingFactory(engagement__advisor=advisor, scores=1, status=RatingStatus.FLAGGED)
    RatingFactory(engagement__advisor=advisor, scores=1, status=RatingStatus.DISPUTED)
    RatingFactory(engagement__advisor=advisor, scores=1, status=RatingStatus.REMOVED)
    after = summary(advisor)
    assert (after.count, after.average) == (before.count, before.average) == (3, 4)
    assert Engagement.objects.count() == 6

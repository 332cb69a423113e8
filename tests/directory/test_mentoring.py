"""Junior track: a verified mentor confirms the mentorship through a single-use link."""

import re

import pytest
from django.core import mail

from directory.models import AdvisorStatus, MentorConfirmation
from directory.selfservice.views import entry_checks
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    make_site_with_home()
    mentee = AdvisorFactory(name="Jana Jung", slug="jana", track="junior", years_experience=1)
    mentor = AdvisorFactory(name="Martin Meister", slug="martin", status=AdvisorStatus.PUBLISHED)
    stranger = AdvisorFactory(name="Fremde Person", slug="fremd", status=AdvisorStatus.PUBLISHED)
    return mentee, mentor, stranger


def ask(client, mentee, email):
    client.force_login(mentee.user)
    return client.post("/mein-profil/register-und-referenzen/", {"formular": "mentor", "mentor-email": email})


def mentor_check(mentee):
    return dict(entry_checks(mentee))["Mentorin oder Mentor hat die Begleitung bestätigt"]


def test_unknown_or_unverified_mentor_is_refused_in_german(client, people):
    mentee, _, _ = people
    draft = AdvisorFactory(slug="entwurf", status=AdvisorStatus.DRAFT)
    for email in ("niemand@beispiel.invalid", draft.user.email, mentee.user.email):
        html = ask(client, mentee, email).content.decode()
        assert "keine geprüfte Beraterin und kein geprüfter Berater" in html
    assert not MentorConfirmation.objects.exists()


def test_only_the_named_mentor_confirms_and_only_once(client, people, django_capture_on_commit_callbacks):
    mentee, mentor, stranger = people
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, mentee, mentor.user.email.upper()).status_code == 302
    assert mail.outbox[-1].to == [mentor.user.email]
    link = re.search(r"/mein-profil/mentoring/\S+/", mail.outbox[-1].body).group(0)
    confirmation = MentorConfirmation.objects.get()
    assert link.split("/")[-2] not in confirmation.token_hash  # only the hash is stored
    assert not mentor_check(mentee)

    for impostor in (mentee.user, stranger.user):  # the mentee or anyone else cannot confirm
        client.force_login(impostor)
        assert client.post(link).status_code == 404
    client.force_login(mentor.user)
    assert "Jana Jung" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert mentor_check(mentee)
    assert client.post(link).status_code == 404  # single use


def test_a_published_junior_profile_names_the_confirmed_mentor(client, people):
    mentee, mentor, _ = people
    mentee.status = AdvisorStatus.PUBLISHED
    mentee.save()
    confirmation = MentorConfirmation.objects.create(mentee=mentee, mentor=mentor, token_hash="x" * 64)
    assert "Begleitet von" not in client.get("/berater/jana/").content.decode()  # not yet confirmed
    confirmation.confirmed_at = mentee.created_at
    confirmation.save()
    html = client.get("/berater/jana/").content.decode()
    assert 'Begleitet von</dt><dd><a href="/berater/martin/">Martin Meister</a>' in html
    mentor.status = AdvisorStatus.BLOCKED
    mentor.save()
    assert "Martin Meister" not in client.get("/berater/jana/").content.decode()  # no link to a hidden profile

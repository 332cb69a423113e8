"""Anonymous, advisor A, advisor B, verifier and editor against every directory route."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import AdvisorStatus, Qualification
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "a", "b", "verifier", "editor"]
OK, LOGIN, DENIED, MISSING, LOCKED = "ok", "login", "denied", "missing", "locked"


@pytest.fixture
def world(django_user_model, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    make_site_with_home()
    a = AdvisorFactory(name="Anna Albers", slug="anna", status=AdvisorStatus.PUBLISHED)
    b = AdvisorFactory(name="Bernd Brandt", slug="bernd", status=AdvisorStatus.SUBMITTED)
    secret = SimpleUploadedFile("b.pdf", b"%PDF-1.4 Geheimer Nachweis von B\n%%EOF\n")
    q = Qualification.objects.create(advisor=b, title="Geheime Qualifikation von B", issuer="X", proof=secret)
    users = {"a": a.user, "b": b.user}
    for role, group in (("verifier", "Verifizierung"), ("editor", "Redaktion")):
        users[role] = django_user_model.objects.create_user(role, password="x" * 16)
        users[role].groups.add(Group.objects.get(name=group))
    return {"a": a, "b": b, "q": q, "users": users}


def outcome(response):
    if response.status_code == 200:
        # a step that cannot be used now explains itself (no form) instead of redirecting
        return LOCKED if not response.streaming and b"locked-step" in response.content else OK
    if response.status_code == 302:
        location = response["Location"]
        return LOGIN if "login" in location else DENIED
    return {403: DENIED, 404: MISSING}[response.status_code]


MATRIX = {
    # route: expected outcome per role (anonymous, a, b, verifier, editor)
    "/berater/anna/": [OK, OK, OK, OK, OK],
    "/berater/bernd/": [MISSING] * 5,  # submitted, not verified: public for nobody
    "/mein-profil/": [LOGIN, OK, OK, OK, OK],
    # A is published (editable, changes go to OM), B submitted (locked while OM reviews)
    "/mein-profil/profil/": [LOGIN, OK, LOCKED, OK, OK],
    # only drafts are submitted; A (published, no renewal due) is told when renewal opens
    "/mein-profil/einreichen/": [LOGIN, LOCKED, LOCKED, DENIED, DENIED],
    "/mein-profil/themen/": [LOGIN, OK, LOCKED, DENIED, DENIED],  # no profile yet: back to step 1
    "/mein-profil/qualifikationen/": [LOGIN, OK, LOCKED, DENIED, DENIED],
    "/mein-profil/register-und-referenzen/": [LOGIN, OK, LOCKED, DENIED, DENIED],
    "/mein-profil/vorschau/": [LOGIN, OK, OK, DENIED, DENIED],  # one's own profile only
    "/mein-profil/meine-daten.json": [LOGIN, OK, OK, OK, OK],
    "/mein-profil/konto-loeschen/": [LOGIN, OK, OK, OK, OK],  # always one's own account
    "/berater/nachweise/{q}/": [MISSING, MISSING, OK, OK, MISSING],  # B's proof: B and verifiers only
    "/admin/snippets/directory/advisor/edit/{b}/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/snippets/directory/advisor/history/{b}/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/beraterverzeichnis/pruefung/{b}/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/snippets/directory/advisor/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/directory/verificationevent/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
}


@pytest.mark.parametrize("route", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_route_access(client, world, route, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = route.format(b=world["b"].pk, q=world["q"].pk)
    response = client.get(url)
    assert outcome(response) == MATRIX[route][ROLES.index(role)], (role, url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if role in ("anonymous", "a", "editor"):
        assert b"Geheimer Nachweis von B" not in body  # not one byte of B's proof
    if role == "a":
        assert "Bernd Brandt" not in body.decode() and "Geheime Qualifikation von B" not in body.decode()


def test_own_data_export_holds_only_own_data(client, world):
    client.force_login(world["users"]["a"])
    body = client.get("/mein-profil/meine-daten.json").content.decode()
    assert "Anna Albers" in body and "Bernd" not in body

"""Anonymous, advisor A, advisor B, verifier and editor against every directory route."""

import pytest
from django.contrib.auth.models import Group

from directory.models import AdvisorStatus, Qualification
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "a", "b", "verifier", "editor"]
OK, LOGIN, DENIED, MISSING = "ok", "login", "denied", "missing"


@pytest.fixture
def world(django_user_model):
    make_site_with_home()
    a = AdvisorFactory(name="Anna Albers", slug="anna", status=AdvisorStatus.PUBLISHED)
    b = AdvisorFactory(name="Bernd Brandt", slug="bernd", status=AdvisorStatus.SUBMITTED)
    Qualification.objects.create(advisor=b, title="Geheime Qualifikation von B", issuer="X")
    users = {"a": a.user, "b": b.user}
    for role, group in (("verifier", "Verifizierung"), ("editor", "Redaktion")):
        users[role] = django_user_model.objects.create_user(role, password="x" * 16)
        users[role].groups.add(Group.objects.get(name=group))
    return {"a": a, "b": b, "users": users}


def outcome(response):
    if response.status_code == 200:
        return OK
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
    "/mein-profil/profil/": [LOGIN, OK, DENIED, OK, OK],
    "/mein-profil/einreichen/": [LOGIN, DENIED, DENIED, DENIED, DENIED],  # only drafts are submitted
    "/mein-profil/meine-daten.json": [LOGIN, OK, OK, OK, OK],
    "/admin/beraterverzeichnis/pruefung/{b}/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/snippets/directory/advisor/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
    "/admin/directory/verificationevent/": [LOGIN, LOGIN, LOGIN, OK, DENIED],
}


@pytest.mark.parametrize("route", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_route_access(client, world, route, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = route.format(b=world["b"].pk)
    response = client.get(url)
    assert outcome(response) == MATRIX[route][ROLES.index(role)], (role, url, response.status_code)
    body = response.content.decode() if not response.streaming else ""
    if role == "a":
        assert "Bernd Brandt" not in body and "Geheime Qualifikation von B" not in body


def test_own_data_export_holds_only_own_data(client, world):
    client.force_login(world["users"]["a"])
    body = client.get("/mein-profil/meine-daten.json").content.decode()
    assert "Anna Albers" in body and "Bernd" not in body

"""The directory knows nothing of ratings, the app built on it: no import of it anywhere in the
directory's code, no tag library, template or URL of it in the directory's templates. Ratings plugs
in through directory.contributions, once, however often its AppConfig.ready() runs."""

import ast
import pathlib

import pytest
from django.apps import apps

ROOT = pathlib.Path(__file__).resolve().parents[2]
ABOVE = {"ratings"}  # apps that build on the directory


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_the_directory_imports_no_app_that_builds_on_it():
    upward = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "directory").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in ABOVE
    ]
    assert upward == []


def test_the_directory_templates_name_nothing_of_those_apps():
    named = [
        f"{path.relative_to(ROOT)}: {app}"
        for path in (ROOT / "templates" / "directory").rglob("*.html")
        for app in ABOVE
        if app in path.read_text()
    ]
    assert named == []


@pytest.mark.django_db
def test_ratings_contributes_each_part_once_however_often_it_is_made_ready(client):
    from tests.factories import make_site_with_home, published_advisor

    apps.get_app_config("ratings").ready()
    make_site_with_home()
    advisor = published_advisor(name="Petra Prüfer")
    assert client.get(advisor.get_absolute_url()).text.count('id="bewertungen"') == 1

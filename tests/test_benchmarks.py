"""Every benchmark runs as shipped, at a tiny size: `bash bench/run.sh NAME` on its own fresh database
with its own settings and limits (the search rate limit once stopped the directory benchmark with
a 429), and prints its table. The figures at this size mean nothing; that the command works does."""

import os
import subprocess

import pytest

from tests.conftest import REPO_ROOT

# The benchmark decides these for itself, as on a fresh clone.
INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "CACHE_URL",
    "SEARCH_ENGINE",
    "SEARCH_ENGINE_URL",
    "FRONTEND_CACHE_URL",
    "TASKS_BACKEND",
    "WAGTAILADMIN_BASE_URL",
)
TINY = {
    "pages": ["--requests", "10", "--rounds", "1"],
    "cache": ["--requests", "10", "--port", "8767"],
    "partners": ["--advisors", "20", "--rows", "10", "--requests", "5"],
    "site_search": ["--pages", "20", "--rounds", "1"],
    "directory_search": ["--sizes", "100", "--database-up-to", "100"],
}


# Each builds its own site (about half a minute): once per test command, in the SQLite pass.
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the SQLite pass")
@pytest.mark.parametrize("name", TINY)
def test_the_benchmark_runs_as_shipped_and_prints_its_table(name, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED}
    # The pages benchmark side by side with a reference site, as with wagtail/bakerydemo.
    side_by_side = ["--bakerydemo", str(bakerydemo_stand_in(tmp_path))] if name == "pages" else []
    done = subprocess.run(
        ["bash", "bench/run.sh", name, *TINY[name], *side_by_side],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) >= 2, output[-4000:]  # the header and at least one measured row
    if side_by_side:
        compared = {line.split("|")[1].strip() for line in rows}
        assert {"home", "article", "listing", "product", "site search", "static CSS"} <= compared, output[-4000:]


# wagtail/bakerydemo is on GitHub, which this machine kind does not reach: a Django project under its
# names with pages of the same kinds and links between them stands in for it.
STAND_IN_PAGES = {
    "": '<link rel="stylesheet" href="/static/css/main.css"><a href="/blog/">Blog</a> <a href="/breads/">Breads</a>',
    "blog/": '<a href="/blog/">Blog</a> <a href="/blog/wild-yeast/">Wild yeast</a>',
    "blog/wild-yeast/": "<h1>Wild yeast</h1>",
    "breads/": '<a href="/breads/">Breads</a> <a href="/breads/anpan/">Anpan</a>',
    "breads/anpan/": "<h1>Anpan</h1>",
    "search/": "<h1>Search results</h1>",
    "static/css/main.css": "body { margin: 0 }",
}
STAND_IN = {
    "bakerydemo/__init__.py": "",
    "bakerydemo/settings/__init__.py": "",
    "bakerydemo/settings/production.py": (
        "import os\nSECRET_KEY = os.environ['DJANGO_SECRET_KEY']\nALLOWED_HOSTS = ['*']\n"
        "DEBUG = os.environ['DJANGO_DEBUG'] == 'on'\nROOT_URLCONF = 'bakerydemo.urls'\n"
    ),
    "bakerydemo/urls.py": (
        "from django.http import Http404, HttpResponse\nfrom django.urls import re_path\n"
        f"PAGES = {STAND_IN_PAGES!r}\n"
        "def page(request, path):\n    if path not in PAGES:\n        raise Http404\n"
        "    return HttpResponse(PAGES[path])\n"
        "urlpatterns = [re_path(r'^(?P<path>.*)$', page)]\n"
    ),
    "bakerydemo/wsgi.py": "from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n",
}


def bakerydemo_stand_in(directory):
    for name, text in STAND_IN.items():
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text)
    (directory / ".venv").symlink_to(REPO_ROOT / ".venv")  # its gunicorn: path/.venv/bin/gunicorn
    return directory


def test_every_benchmark_is_run_here():
    shipped = {path.stem for path in (REPO_ROOT / "bench").glob("*.py")} - {"common"}
    assert shipped == set(TINY)

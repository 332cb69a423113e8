"""Every public template (tests/browser/public_pages.py) at 1366 and 390 px: axe-core finds
nothing of any impact, every id that aria-describedby / aria-labelledby / for names exists, and at
320 px nothing scrolls sideways; the HTML the server sent passes the Nu HTML Checker (vnu.jar from
npm, one Java start for all pages).

The pages are visited once, in a module fixture (one demo load, one browser context per login);
the tests then report per page, so that a failure names the page and the rule."""

import json
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.browser import public_pages
from tests.conftest import AXE_SCRIPT, REPO_ROOT

# transaction=True: the tests run with the other live-server tests, after which the database is
# emptied (the module fixture commits its data for the server thread).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Violations only: collecting the passes too takes axe several times as long.
AXE_RUN = """() => axe.run(document, {
    resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
}).then(result => result.violations)"""
# Every attribute that points at ids; the ids it names must exist in the document.
MISSING_IDS = """() => {
    const missing = [];
    for (const attribute of ['aria-describedby', 'aria-labelledby', 'for']) {
        for (const element of document.querySelectorAll(`[${attribute}]`)) {
            for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) missing.push(`<${element.localName} ${attribute}="${id}">`);
            }
        }
    }
    return missing;
}"""
# How far the page scrolls sideways, and what causes it (for the report): the outermost boxes
# that stick out and the innermost elements whose content is wider than they are (a long word in
# a heading), leaving out everything inside a scrolling container such as .table-scroll.
SIDEWAYS = """() => {
    const width = window.innerWidth;
    const name = e => e.localName + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('');
    const clipped = e => {
        for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement) {
            if (getComputedStyle(a).overflowX !== 'visible') return true;
        }
        return false;
    };
    const juts = e => e.getBoundingClientRect().right > width + 0.5;
    const spills = e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible';
    const all = [...document.body.querySelectorAll('*')].filter(e => !clipped(e));
    const boxes = all.filter(e => juts(e) && !juts(e.parentElement))
        .map(e => `${name(e)} reaches ${Math.round(e.getBoundingClientRect().right)} px`);
    const spilling = all.filter(e => spills(e) && ![...e.children].some(spills))
        .map(e => `${name(e)} holds ${e.scrollWidth} px in ${e.clientWidth} px`);
    return {excess: document.scrollingElement.scrollWidth - width, culprits: [...boxes, ...spilling].slice(0, 5)};
}"""
ENTRIES = {entry.name: entry for entry in public_pages.PUBLIC}


def check(visitor, entry, axe):
    """Everything this module asserts about one entry, gathered in one visit."""
    found = {"axe": {}}
    try:
        with visitor.visit(entry) as visit:
            page = visit.page
            found.update(status=visit.status, url=page.url, html=visit.html, csp=visit.csp_violations)
            found["missing_ids"] = page.evaluate(MISSING_IDS)
            page.evaluate(axe)  # through DevTools: the page's CSP rightly refuses a <script> tag
            for label, width in public_pages.WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                found["axe"][label] = page.evaluate(AXE_RUN)
            page.set_viewport_size({"width": public_pages.NARROWEST, "height": 900})
            found["sideways"] = page.evaluate(SIDEWAYS)
    except Exception as error:  # one broken entry must not hide what the others show
        found["error"] = f"{type(error).__name__}: {error}"
    finally:
        cache.clear()  # rate limits and login counters: every entry starts fresh
    return found


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker, browser, demo_snapshot):
    """Builds the data (committed, the server thread reads it), serves it, visits every entry;
    the database is emptied again afterwards, as after any transactional test."""
    from pytest_django.live_server_helper import LiveServer

    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: run the test command (it installs node_modules)")
    axe = AXE_SCRIPT.read_text()
    with django_db_blocker.unblock():
        server = None
        try:
            demo = public_pages.build(demo_snapshot)
            server = LiveServer("localhost")
            visitor = public_pages.Visitor(browser, server.url, demo)
            results = {entry.name: check(visitor, entry, axe) for entry in public_pages.PUBLIC}
            visitor.close()
        finally:
            if server is not None:
                server.stop()
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()
    return demo, results


def failures(crawl, describe):
    """`describe(name, found)` gives the problems of one page (a list of lines); the report names
    every page with problems, and every page that could not be visited at all."""
    report = []
    for name, found in crawl[1].items():
        lines = [f"could not be visited: {found['error']}"] if "error" in found else describe(name, found)
        report += [f"{name}:", *(f"    {line}" for line in lines)] if lines else []
    return "\n".join(report)


def test_the_list_has_every_page_type_of_the_demo(crawl):
    demo, _ = crawl
    assert sorted(demo.page_types) == sorted(public_pages.PAGE_TYPES)


def test_every_page_answers_as_listed_without_csp_complaints(crawl):
    def describe(name, found):
        expected = ENTRIES[name].status
        lines = (
            [f"HTTP {found['status']} at {found['url']}, expected {expected}"] if found["status"] != expected else []
        )
        return lines + [f"CSP: {text}" for text in found["csp"]]

    report = failures(crawl, describe)
    if report:
        pytest.fail("\n" + report, pytrace=False)  # the whole report: assert would cut it short


def test_axe_finds_nothing_at_1366_and_390_px(crawl):
    def describe(name, found):
        return [
            f"{width}: [{v['impact']}] {v['id']}: {v['help']} "
            f"({len(v['nodes'])}×, e.g. {', '.join(str(n['target'][0]) for n in v['nodes'][:3])})"
            for width, violations in found["axe"].items()
            for v in violations
        ]

    report = failures(crawl, describe)
    if report:
        pytest.fail(
            "axe-core (WCAG 2.1 A/AA rules):\n" + report, pytrace=False
        )  # the whole report: assert would cut it short


def test_every_referenced_id_exists(crawl):
    report = failures(crawl, lambda name, found: [f"no such id: {ref}" for ref in found["missing_ids"]])
    if report:
        pytest.fail(
            "aria-describedby / aria-labelledby / for name ids that do not exist:\n" + report, pytrace=False
        )  # the whole report: assert would cut it short


def test_nothing_scrolls_sideways_at_320_px(crawl):
    def describe(name, found):
        sideways = found["sideways"]
        if sideways["excess"] <= 0:
            return []
        return [f"{sideways['excess']} px wider than the screen; sticking out: {', '.join(sideways['culprits'])}"]

    report = failures(crawl, describe)
    if report:
        pytest.fail(
            "sideways scrolling at 320 px:\n" + report, pytrace=False
        )  # the whole report: assert would cut it short


def nu_errors(files):
    """The Nu HTML Checker's errors per file name (without .html), from one Java start."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail("Java or vnu.jar is missing: run the test command (it installs both)")
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = {}
    for message in json.loads(run.stderr or run.stdout)["messages"]:  # vnu writes its report to stderr
        errors.setdefault(message.get("url", "").rsplit("/", 1)[-1].removesuffix(".html"), []).append(message)
    return errors


@pytest.fixture(scope="module")
def nu_checker(crawl, tmp_path_factory):
    """The checker's errors per entry, from one run over every page the server sent."""
    folder = tmp_path_factory.mktemp("server-html")
    files = []
    for name, found in crawl[1].items():
        if found.get("html"):
            files.append(folder / f"{name}.html")
            files[-1].write_text(found["html"])
    return nu_errors(files)


def test_the_html_sent_passes_the_nu_checker(crawl, nu_checker):
    def describe(name, found):
        return [
            f"line {m.get('lastLine', '?')}: {m['message']}  ⟨{' '.join(m.get('extract', '').split())[:100]}⟩"
            for m in nu_checker.get(name, [])
        ]

    report = failures(crawl, describe)
    if report:
        pytest.fail(
            "Nu HTML Checker (errors only):\n" + report, pytrace=False
        )  # the whole report: assert would cut it short


BROKEN = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Kaputt</title></head>
<body><main><h1>Kaputt</h1><img src="data:,"><label for="nirgends">Name</label><input id="name">
<form action=""><p><div style="width: 600px">zu breit</div></p></form></main></body></html>"""


def test_the_checks_catch_a_broken_page(browser, tmp_path):
    """The harness itself: each check reports what it is there for (a missing alt text, a label
    for no id, a page wider than the screen, invalid HTML)."""
    page = browser.new_page()
    try:
        page.set_content(BROKEN)
        page.evaluate(AXE_SCRIPT.read_text())
        assert "image-alt" in {v["id"] for v in page.evaluate(AXE_RUN)}
        assert page.evaluate(MISSING_IDS) == ['<label for="nirgends">']
        page.set_viewport_size({"width": public_pages.NARROWEST, "height": 600})
        sideways = page.evaluate(SIDEWAYS)
        assert sideways["excess"] > 0 and sideways["culprits"][0].startswith("div")
    finally:
        page.close()
    (tmp_path / "kaputt.html").write_text(BROKEN)
    errors = nu_errors([tmp_path / "kaputt.html"])["kaputt"]
    assert any("“action”" in m["message"] for m in errors)

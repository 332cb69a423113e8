"""XSS corpus: ≥ 1,000 generated payloads written into every text an advisor or a rater can write
(profile, qualifications, references, rating comments and replies) and sent as search words,
then the public pages, search results, API output and the admin are crawled for a payload that
became markup: a script, an event handler or a javascript: URL carrying a payload's marker."""

import itertools
from html.parser import HTMLParser
from urllib.parse import quote

from drills import accounts
from drills.crawl import crawl
from drills.report import Check
from drills.site import BASE

DRILL = "xss"
# Vectors from the usual cheat sheets; {m} is the marker that identifies each payload.
VECTORS = [
    "<script>om_xss('{m}')</script>",
    "<img src=x onerror=om_xss('{m}')>",
    "<svg/onload=om_xss('{m}')>",
    "\"><script>om_xss('{m}')</script>",
    "'><img src=x onerror=om_xss('{m}')>",
    "</script><script>om_xss('{m}')</script>",
    "</textarea><script>om_xss('{m}')</script>",
    "</title><svg onload=om_xss('{m}')>",
    "\" onmouseover=\"om_xss('{m}')",
    "' onfocus='om_xss(\"{m}\")' autofocus='",
    "<a href=\"javascript:om_xss('{m}')\">x</a>",
    "javascript:om_xss('{m}')",
    "<iframe src=\"javascript:om_xss('{m}')\"></iframe>",
    "<body onload=om_xss('{m}')>",
    "<details open ontoggle=om_xss('{m}')>",
    "<ScRiPt>om_xss('{m}')</sCrIpT>",
    "<scr<script>ipt>om_xss('{m}')</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=om_xss('{m}')>",
    "{{{{7*7}}}}<script>om_xss('{m}')</script>",
    "<input autofocus onfocus=om_xss('{m}')>",
]
WRAPPERS = ["{v}", "x{v}x", "{v}\n", "**{v}**", "[a]({v})", " {v} "]
MIN_PAYLOADS = 1000
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"}
# Documents a browser runs scripts in; other types (JSON, CSV, vCard, plain text) are data, and
# nosniff (checked by the headers drill) keeps browsers from guessing otherwise.
ACTIVE_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml")


def payloads():
    """Unique payloads, each with its own marker (m0, m1, ...)."""
    for n, (vector, wrapper) in enumerate(itertools.cycle(itertools.product(VECTORS, WRAPPERS))):
        yield f"m{n}x", wrapper.format(v=vector.format(m=f"m{n}x"))


class Markup(HTMLParser):
    """Finds markers that the browser would run: in a script element (other than JSON data), in an
    on* attribute, or in a javascript: URL."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.script = set(), None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            url = name in URL_ATTRIBUTES and value.strip().lower().startswith("javascript:")
            if "om_xss" in value and (name.startswith("on") or url):
                self.found.add(value)
        if tag == "script":
            self.script = dict(attrs).get("type", "")

    def handle_endtag(self, tag):
        if tag == "script":
            self.script = None

    def handle_data(self, data):
        if self.script is not None and "om_xss" in data and "json" not in self.script:
            self.found.add(data.strip()[:80])


def unescaped(html):
    parser = Markup()
    parser.feed(html)
    return parser.found


def _text_fields(form):
    """The free-text fields of a self-service or rating form's model (no choices, no e-mail)."""
    from django.db import models

    names = set(form._meta.fields)
    return [
        f for f in form._meta.model._meta.get_fields()
        if f.name in names and type(f) in (models.CharField, models.TextField) and not f.choices
    ]  # fmt: skip


class Corpus:
    def __init__(self, count):
        self.count, self.planted, self._source, self._spare = count, {}, payloads(), None

    @property
    def full(self):
        return len(self.planted) >= self.count

    def fill(self, limit):
        """As many payloads as fit into `limit` characters (none if the field is too short)."""
        parts = []
        while not self.full:
            marker, payload = self._spare or next(self._source)
            if len(" ".join([*parts, payload])) > limit:
                self._spare = (marker, payload)
                break
            self._spare = None
            parts.append(payload)
            self.planted[marker] = payload
        return " ".join(parts)

    def write(self, obj, fields):
        for field in fields:
            text = self.fill(field.max_length or 3000)
            if text:
                setattr(obj, field.name, text)
        obj.save()


def plant(count):
    """Writes the payloads into every text an advisor or rater writes, on published profiles."""
    from directory.models import Advisor, AdvisorStatus
    from directory.search import sync
    from directory.selfservice.forms import ProfileForm, QualificationForm, ReferenceForm, RegistrationForm
    from ratings.models import Rating

    corpus = Corpus(count)
    advisors = list(Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).order_by("pk"))
    related = [
        ("qualifications", _text_fields(QualificationForm)),
        ("references", _text_fields(ReferenceForm)),
        ("registrations", _text_fields(RegistrationForm)),
    ]
    rating_fields = [f for f in Rating._meta.get_fields() if f.name in ("comment", "reply")]
    while not corpus.full:
        for advisor in advisors:
            corpus.write(advisor, _text_fields(ProfileForm))
            for relation, fields in related:
                for obj in getattr(advisor, relation).all():
                    corpus.write(obj, fields)
            for rating in Rating.objects.filter(advisor=advisor):
                rating.comment_state = "freigegeben"
                corpus.write(rating, rating_fields)
            if corpus.full:
                break
    sync.drain()
    return corpus.planted, advisors


def run(site):
    check = Check("drill", "XSS corpus through every writable text")
    planted, advisors = plant(MIN_PAYLOADS)
    found, pages = {}, 0
    # The detector must see the payloads that would run if a page printed them raw, as text or in
    # an attribute (else the drill proves nothing). The rest are harmless even raw (e.g. "x<scr<script>ipt>").
    live = sum(bool(unescaped(f"<a href=\"{p}\">{p}</a><a title='{p}'>x</a>")) for p in planted.values())
    if live < 0.8 * len(planted):
        check.breach(f"only {live} of {len(planted)} payloads would be detected unescaped")

    def inspect(url, response):
        nonlocal pages
        pages += 1
        kind = response.headers.get("Content-Type", "")
        if "text/html" in kind:
            for hit in unescaped(response.text):
                found.setdefault(hit, url)
        elif (not kind or kind.startswith(ACTIVE_TYPES[1:])) and "om_xss" in response.text:
            found.setdefault(f"payload served as {kind or 'no content type'}", url)

    public = site.client(DRILL, "192.0.2.40")
    seeds = [
        "/",
        "/berater/",
        *(a.get_absolute_url() for a in advisors),
        *(f"/api/v1/berater/{a.slug}" for a in advisors),
    ]
    for url, response in crawl(public, seeds, 400, skip=("/admin/",)):
        inspect(url, response)
    # Reflected: payloads as search words (a fresh set of markers), each search from its own address.
    reflected = itertools.islice(payloads(), len(planted), len(planted) + 100)
    for n, (_, payload) in enumerate(reflected):
        searcher = site.client(DRILL, f"198.18.0.{n + 1}")
        for path in ("/suche/?q=", "/berater/?q=", "/api/v1/berater?q="):
            inspect(path, searcher.get(BASE + path + quote(payload), timeout=60))
    # The admin, where OM's verifiers read what advisors and raters wrote.
    staff = site.client(DRILL, "192.0.2.41")
    signed_in, _ = accounts.sign_in_staff(site, staff, *accounts.staff("drill-xss"))
    if not signed_in:
        check.breach("staff login for the admin crawl failed")
    admin_seeds = ["/admin/snippets/directory/advisor/", "/admin/"]
    admin_seeds += [f"/admin/snippets/directory/advisor/edit/{a.pk}/" for a in advisors]
    for url, response in crawl(staff, admin_seeds, 150, within=("/admin/",)):
        inspect(url, response)
    check.requests, check.server_errors = site.requests_of(DRILL)
    check.findings = {"unescaped": len(found)}
    check.figures = (
        f"{len(planted) + 100} payloads ({len(planted)} stored, {live} detectable raw; 100 searched), "
        f"{pages} responses read"
    )
    for hit, url in list(found.items())[:10]:
        check.breach(f"unescaped on {url}: {hit}")
    return check

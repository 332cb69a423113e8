"""A small same-origin crawler: pages, their links, scripts, styles and images."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from drills.site import BASE

LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}
# Logging out would end the crawl's own session; the rest are not pages.
SKIP = ("/konto/logout/", "/admin/logout/", "/konto/abmelden/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        name = LINK_ATTRIBUTES.get(tag)
        value = dict(attrs).get(name) if name else None
        if value:
            self.found.append(value)


def links(url, html):
    parser = Links()
    parser.feed(html)
    for href in parser.found:
        absolute = urldefrag(urljoin(url, href))[0]
        if absolute.startswith(BASE + "/"):
            yield absolute


def crawl(session, seeds, limit, within=("/",), skip=()):
    """Breadth first from `seeds` (paths); yields (url, response) for at most `limit` URLs whose
    path starts with one of `within`. Query strings count as different URLs, up to 5 per path."""
    queue = deque(BASE + seed for seed in seeds)
    seen, per_path = set(), {}
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP + tuple(skip)) or not path.startswith(tuple(within)):
            continue
        if per_path.get(path, 0) >= 5:
            continue
        seen.add(url)
        per_path[path] = per_path.get(path, 0) + 1
        response = session.get(url, timeout=60, allow_redirects=False)
        yield url, response
        if response.is_redirect and response.headers.get("Location"):
            queue.append(urljoin(url, response.headers["Location"]))
        elif "text/html" in response.headers.get("Content-Type", ""):
            queue.extend(links(url, response.text))

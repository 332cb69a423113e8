"""The home page's teasers, without the home page knowing the sections: each section registers a
function (home page -> its items) under the template name it fills, in its AppConfig.ready();
HomePage.get_context asks for all of them. A section that is not installed shows no teasers."""

from collections.abc import Callable, Iterable

from wagtail.models import Page

TeaserSource = Callable[[Page], Iterable[Page]]

COUNT = 3  # news and events the home page shows
_sources: dict[str, TeaserSource] = {}


def register(name: str, items: TeaserSource) -> None:
    """`items(home)` gives the teasers shown as `name` in templates/home/home_page.html."""
    _sources[name] = items


def for_home(home: Page) -> dict[str, Iterable[Page]]:
    return {name: items(home) for name, items in _sources.items()}

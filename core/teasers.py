"""The home page's teasers, without the home page knowing the sections: each section registers a
function (home page -> its items) under the template name it fills, in its AppConfig.ready();
HomePage.get_context asks for all of them. A section that is not installed shows no teasers."""

COUNT = 3  # news and events the home page shows
_sources = {}


def register(name, items):
    """`items(home)` gives the teasers shown as `name` in templates/home/home_page.html."""
    _sources[name] = items


def for_home(home):
    return {name: items(home) for name, items in _sources.items()}

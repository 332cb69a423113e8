"""Where else to turn when the directory search finds nobody near a postcode. The directory knows
no app above it: such an app (networks: the nearest regional network) registers a function
origin (lat, lon) -> template context in its AppConfig.ready(), and the search page shows what
they give (templates/directory/search.html)."""

_sources = []


def register(source):
    _sources.append(source)


def context_for(origin):
    context = {}
    for source in _sources:
        context.update(source(origin))
    return context

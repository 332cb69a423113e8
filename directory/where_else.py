"""Where else to turn when the directory search finds nobody near a postcode. The directory knows
no app above it: such an app (networks: the nearest regional network) registers a function
origin (lat, lon) -> template context in its AppConfig.ready(), and the search page shows what
they give (templates/directory/search.html). Keyed by the app's label like directory.contributions,
so a second ready() replaces the entry instead of doubling it."""

from collections.abc import Callable, Mapping
from typing import Any

Source = Callable[[tuple[float, float]], Mapping[str, Any]]
_sources: dict[str, Source] = {}


def register(app_label: str, source: Source) -> None:
    _sources[app_label] = source


def context_for(origin: tuple[float, float]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for source in _sources.values():
        context.update(source(origin))
    return context

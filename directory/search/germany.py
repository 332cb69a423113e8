"""The map of Germany on /berater/: the 16 Bundesländer as server-rendered SVG shapes, each with
the number of advisors active there (the Bundesland facet's counts) and a link to the search
filtered to it. Outlines: directory/search/bundeslaender.json (scripts/germany_map.py, Natural
Earth data, public domain)."""

import functools
import json
import pathlib
from collections.abc import Callable, Iterable
from typing import Any

from directory.search.geo import STATES
from directory.search.query import FacetValue

SHAPES = pathlib.Path(__file__).with_name("bundeslaender.json")
# The city states are too small to hold their number: it stands beside them, on a short line.
LABEL_OUTSIDE = {"HB": (80, 100), "HH": (192, 100), "BE": (322, 128)}
LABEL_MOVED = {"BB": (292, 196)}  # Berlin sits at Brandenburg's centre


@functools.cache
def _shapes() -> Any:
    return json.loads(SHAPES.read_text())


def state_map(facet_values: Iterable[FacetValue], url_for: Callable[[str], str]) -> dict[str, Any]:
    """{"view_box", "states", "drawn"} for templates/directory/_state_map.html: the Länder in
    alphabetical order (the table) and in drawing order (the map). `facet_values` are the
    Bundesland facet's FacetValues (only Länder with advisors have one); `url_for(code)` is the
    search filtered to that Land."""
    data = _shapes()
    found = {value.value: value for value in facet_values}
    states: list[dict[str, Any]] = []
    for code, name in sorted(STATES.items(), key=lambda item: item[1]):
        shape, value = data["states"][code], found.get(code)
        x, y = LABEL_MOVED.get(code, shape["label"])
        outside = LABEL_OUTSIDE.get(code)
        states.append(
            {
                "code": code,
                "name": name,
                "count": value.count if value else 0,
                "selected": bool(value and value.selected),
                "url": url_for(code) if value else None,
                "d": shape["d"],
                "x": outside[0] if outside else x,
                "y": outside[1] if outside else y,
                "line": (x, y) if outside else None,
            }
        )
    # The city states are drawn last, on top of the Länder around them.
    drawn = sorted(states, key=lambda state: state["code"] in LABEL_OUTSIDE)
    return {"view_box": " ".join(map(str, data["viewBox"])), "states": states, "drawn": drawn}

"""Geometry of the radar ("Spinnennetz") chart, drawn server-side as SVG: axis i points at
-90° + i·360°/n, and a value v of 5 lies at distance radius·v/5 from the centre."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ratings.summary import Axis

SCALE = 5
Point = tuple[float, float]


@dataclass
class Chart:
    centre: Point
    radius: float
    width: float
    height: float
    rings: list[str]  # "x,y x,y …" for the values 1…5
    spokes: list[Point]  # (x, y) ends of the axes
    labels: list[tuple[float, float, str, list[str]]]  # (x, y, anchor, lines)
    own: str  # the advisor's averages
    median: str  # the median of all published advisors ("" when unknown)


def point(index: int, count: int, value: float | None, centre: Point, radius: float) -> Point:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * (value or 0) / SCALE
    return round(centre[0] + distance * math.cos(angle), 2), round(centre[1] + distance * math.sin(angle), 2)


LINE_HEIGHT = 15


def wrap(label: str, width: int = 18) -> list[str]:
    """A long axis label as two lines, split at the space nearest the middle."""
    if len(label) <= width or " " not in label:
        return [label]
    spaces = [i for i, char in enumerate(label) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    return [label[:cut], label[cut + 1 :]]


def _points(values: Sequence[float | None], centre: Point, radius: float) -> str:
    return " ".join(f"{x},{y}" for x, y in (point(i, len(values), v, centre, radius) for i, v in enumerate(values)))


def chart(axes: Sequence["Axis"], radius: float = 100, labels: bool = True) -> Chart:
    """`axes`: Axis rows of a Summary (label, average, median)."""
    margin = 140 if labels else 4  # room for the axis labels left and right
    centre: Point = (radius + margin, radius + (44 if labels else 4))
    n = len(axes)
    spokes = [point(i, n, SCALE, centre, radius) for i in range(n)]
    texts: list[tuple[float, float, str, list[str]]] = []
    if labels:
        for i, axis in enumerate(axes):
            x, y = point(i, n, SCALE * (radius + 12) / radius, centre, radius)
            anchor = "start" if x > centre[0] + 1 else "end" if x < centre[0] - 1 else "middle"
            lines = wrap(axis.label)
            above, below = y < centre[1] - radius, y > centre[1] + radius  # above: the last line sits on the axis
            dy = -4 - LINE_HEIGHT * (len(lines) - 1) if above else 14 if below else 4
            texts.append((x, y + dy, anchor, lines))
    medians = [axis.median for axis in axes]
    return Chart(
        centre=centre,
        radius=radius,
        width=2 * (radius + margin),
        height=2 * centre[1] + (16 if labels else 0),
        rings=[_points([v] * n, centre, radius) for v in range(1, SCALE + 1)],
        spokes=spokes,
        labels=texts,
        own=_points([axis.average for axis in axes], centre, radius),
        median=_points(medians, centre, radius) if all(m is not None for m in medians) else "",
    )

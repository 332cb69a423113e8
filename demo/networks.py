from demo.helpers import upsert_child
from networks.models import NetworkIndexPage, NetworkPage

# slug, title, region, postcode of the region's centre (Wernigerode, Hannover, Köln, Stuttgart, München,
# Bielefeld), note
MODEL_NETWORKS = [
    ("harzwirtschaft", "Offensive Harzwirtschaft", "Harz", "38855", ""),
    ("hannover", "Musternetzwerk Hannover", "Region Hannover", "30159", ""),
    ("koeln", "Musternetzwerk Köln", "Köln", "50667", ""),
    ("stuttgart", "Musternetzwerk Stuttgart", "Stuttgart", "70173", ""),
    ("muenchen", "Musternetzwerk München", "München", "80331", ""),
    (
        "owl",
        "Musternetzwerk OWL",
        "Ostwestfalen-Lippe",
        "33602",
        "Im Strategiekreis am 22. April 2021 wurde ein Termin für ein Musternetzwerk in OWL angefragt.",
    ),
]


def load(home, orgs):
    index = upsert_child(
        home,
        NetworkIndexPage,
        "netzwerke",
        title="Regionale Netzwerke",
        show_in_menus=True,
        intro="Freiwillige, gemeinnützige Netzwerke der OM-Partner in den Regionen. Der Strategiekreis hat am "
        "22. April 2021 den Aufbau von 5–7 Musternetzwerken beschlossen: Gründung bis Ende 2021, Bericht über erste "
        "Erfahrungen bis Ende 2022.",
    )
    for slug, title, region, postcode, note in MODEL_NETWORKS:
        upsert_child(
            index,
            NetworkPage,
            slug,
            title=title,
            region=region,
            postcode=postcode,
            status=NetworkPage.Status.PLANNED,
            is_model_network=True,
            contact_organisation=orgs["INQA-Netzwerkbüro"],
            body=[("paragraph", f"<p>{note}</p>")] if note else [],
        )
    return index

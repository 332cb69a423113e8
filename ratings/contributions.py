"""What ratings adds to the directory, which knows nothing of ratings (directory.contributions):
average and count in the advisors' search documents, the ratings section of the profile, the
rating on each result card, the link to the ratings on the self-service overview, the advisor's
engagements and ratings in their GDPR export, and the ratings' part of the daily run. Registered
in RatingsConfig.ready()."""

from directory import contributions
from directory.search import sync
from ratings import gdpr, service, summary

DAILY_TOPIC = "Bewertungen (Löschfrist, 36-Monats-Fenster)"


def profile_section(advisor):
    shown, disputed = summary.public_ratings(advisor)
    return {"summary": summary.summary(advisor), "shown": shown, "disputed": disputed}


def card_sections(advisor_ids):
    return {pk: {"rated": rated} for pk, rated in summary.summaries(advisor_ids).items()}


def daily(say):
    """Removed ratings after a year, unused invitations 90 days after they expired, and the index
    documents of advisors whose ratings crossed the 36-month line (their average changed)."""
    say("… entfernte Bewertungen älter als ein Jahr löschen")
    removed = service.purge_removed()
    say("… ungenutzte Einladungen 90 Tage nach Ablauf löschen")
    unused = service.purge_unused_invitations()
    say("… Durchschnitte, aus denen Bewertungen nach 36 Monaten herausfallen, neu indexieren")
    aged = summary.ageing_out()
    sync.enqueue(*aged)
    return (
        f"{removed} entfernte Bewertungen und {unused} ungenutzte Einladungen gelöscht, {len(aged)} Durchschnitte neu"
    )


def register(label):
    contributions.document_fields[label] = contributions.DocumentFields(
        annotate=summary.with_search_fields, fields=summary.search_fields
    )
    contributions.profile_sections[label] = contributions.Section("ratings/_profile_section.html", profile_section)
    contributions.card_sections[label] = contributions.CardSection("ratings/_result_card_section.html", card_sections)
    contributions.overview_links[label] = contributions.Section("ratings/_overview_link.html")
    contributions.gdpr_exports[label] = gdpr.export_for
    contributions.daily_steps[label] = contributions.DailyStep(DAILY_TOPIC, daily)

"""Demo engagements and ratings for the demo advisors: enough for radar charts, some comments,
one flagged self-rating, two disputes (one answered by the rater), one removal. Invented firms,
addresses under .invalid; deterministic and idempotent (keyed by engagement company)."""

import datetime
import random

from django.utils import timezone

from core.tokens import token_hash
from directory.models import AdvisorStatus
from ratings.models import CommentState, CriteriaVersion, Engagement, Rating, RatingScore, RatingStatus

COMMENTS = [
    "Sehr praxisnah – die Vorschläge haben wir sofort umgesetzt.",
    "Gute Einbindung unserer Beschäftigten in die Gefährdungsbeurteilung.",
    "Kosten und Fördermöglichkeiten waren von Anfang an klar.",
    "Fachlich stark, manchmal etwas schwer erreichbar.",
]


def _rating(advisor, n, month, scores, **fields):
    company = f"Demo-Betrieb {advisor.pk}-{n} GmbH (Beispiel)"
    engagement, _ = Engagement.objects.get_or_create(
        advisor=advisor,
        company=company,
        defaults={
            "contact_email": fields.pop("email", f"inhaber{n}@demo-betrieb-{advisor.pk}.invalid"),
            "month": month,
            "token_hash": token_hash(f"demo-rating-{advisor.pk}-{n}"),
            "expires_at": timezone.now() + datetime.timedelta(days=90),
            "used_at": timezone.now(),
        },
    )
    if hasattr(engagement, "rating"):
        return engagement.rating
    rating = Rating.objects.create(
        engagement=engagement,
        advisor=advisor,
        criteria=CriteriaVersion.current(),
        month=month,
        consent_text="Demo-Einwilligung (erfundene Bewertung).",
        **fields,
    )
    RatingScore.objects.bulk_create(RatingScore(rating=rating, key=key, value=value) for key, value in scores.items())
    return rating


def load(advisors):
    """Returns the number of ratings the demo advisors have."""
    rng = random.Random(2021)  # noqa: S311 - deterministic demo data
    keys = [c.key for c in CriteriaVersion.current().criteria.all()]
    published = [a for a in advisors if a.status == AdvisorStatus.PUBLISHED][:14]
    month = datetime.date(2026, 6, 1)
    for index, advisor in enumerate(published):
        level = rng.choice([3, 4, 4, 5])
        for n in range(rng.randint(3, 6) if index < 10 else rng.randint(1, 2)):
            scores = {key: max(1, min(5, level + rng.choice([-1, 0, 0, 1]))) for key in keys}
            comment = COMMENTS[(index + n) % len(COMMENTS)] if n == 0 else ""
            state = (
                CommentState.APPROVED
                if comment and index != 1
                else CommentState.PENDING
                if comment
                else CommentState.NONE
            )
            reply = "Vielen Dank für die gute Zusammenarbeit!" if n == 0 and index % 3 == 0 else ""
            _rating(advisor, n, month, scores, comment=comment, comment_state=state, reply=reply)
    first, second, third = published[0], published[1], published[2]
    _rating(
        first, 90, month, dict.fromkeys(keys, 5), email=f"kollege@{first.user.email.split('@')[1]}",
        status=RatingStatus.FLAGGED, flags=["E-Mail-Adresse aus der Domain der beratenden Person"],
    )  # fmt: skip
    _rating(
        second, 91, month, dict.fromkeys(keys, 1), status=RatingStatus.DISPUTED,
        objection="Dieses Unternehmen habe ich nicht beraten (Demo).", objected_at=timezone.now(),
    )  # fmt: skip
    _rating(
        third, 92, month, dict.fromkeys(keys, 2), status=RatingStatus.DISPUTED,
        objection="Die Bewertung verwechselt mich mit einer anderen Beraterin (Demo).", objected_at=timezone.now(),
        statement="Workshop zur Gefährdungsbeurteilung im Juni 2026, Rechnung liegt vor (Demo).",
        statement_at=timezone.now(),
    )  # fmt: skip
    _rating(
        third, 93, month, dict.fromkeys(keys, 1), status=RatingStatus.REMOVED, decided_at=timezone.now(),
        removed_at=timezone.now(), decision_reason="Kein Auftrag nachweisbar (Demo).",
    )  # fmt: skip
    return Rating.objects.filter(advisor__in=published).count()

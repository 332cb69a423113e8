"""The advisor's ratings side in their GDPR export (Art. 15/20): what they entered (engagements)
and what was said about them (ratings, with their replies and objections)."""


def export_for(advisor):
    return {
        "auftraege": [
            {
                "unternehmen": e.company,
                "email": e.contact_email,
                "monat": e.month.isoformat(),
                "erfasst_am": e.recorded_at.isoformat(),
                "einladung": e.invitation_state(),
            }
            for e in advisor.engagements.order_by("recorded_at")
        ],
        "bewertungen": [
            {
                "abgegeben_am": r.created_at.isoformat(),
                "status": r.status,
                "punkte": {s.key: s.value for s in r.scores.all()},
                "kommentar": r.comment,
                "antwort": r.reply,
                "beanstandung": r.objection,
                "entscheidung": r.decision_reason,
            }
            for r in advisor.ratings.prefetch_related("scores").order_by("created_at")
        ],
    }

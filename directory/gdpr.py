"""GDPR for advisors: everything they provided as JSON (Art. 15/20), and erasure everywhere
(Art. 17): database rows, proof files, the search index, sessions and the account itself."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from directory import contributions, photo_stash
from directory.models import Advisor, Consent


def export(user):
    advisor = Advisor.objects.filter(user=user).first()
    data = {
        "erstellt_am": timezone.now().isoformat(),
        "konto": {"email": user.email, "registriert_am": user.date_joined.isoformat()},
        "einwilligungen": [
            {
                "zweck": c.purpose,
                "fassung": c.version,
                "wortlaut": c.text,
                "erteilt_am": c.given_at.isoformat(),
                "widerrufen_am": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in Consent.objects.filter(user=user)
        ],
        "profil": None,
    }
    if advisor:
        data["profil"] = {
            "name": advisor.name,
            "organisation": advisor.organisation,
            "kurzprofil": advisor.short_profile,
            "beschreibung": advisor.description,
            "postleitzahl": advisor.postcode,
            "ort": advisor.city,
            "jahre_erfahrung": advisor.years_experience,
            "honorarmodell": advisor.fee_model,
            "website": advisor.website,
            "foto": advisor.photo.file.url if advisor.photo else None,
            "zugang": advisor.track,
            "status": advisor.status,
            "aenderungen_in_pruefung": advisor.change_lines(),
            "themen": [t.name for t in advisor.topics.all()],
            "branchen": [i.name for i in advisor.industries.all()],
            "bundeslaender": [s.name for s in advisor.states_served.all()],
            "umkreis_km": advisor.service_radius_km,
            "sprachen": [lang.name for lang in advisor.languages.all()],
            "qualifikationen": [
                {
                    "titel": q.title,
                    "aussteller": q.issuer,
                    "datum": q.issued_on.isoformat() if q.issued_on else None,
                    "nachweis_vorhanden": bool(q.proof),
                    "pruefung": q.review,
                }
                for q in advisor.qualifications.all()
            ],
            "registereintraege": [
                {"register": r.register, "kennung": r.identifier, "anzeige_erlaubt": r.consent_to_show}
                for r in advisor.registrations.all()
            ],
            "referenzen": [
                {
                    "unternehmen": r.company,
                    "ansprechperson": r.contact_name,
                    "email": r.contact_email,
                    "beratung": r.engagement,
                    "jahr": r.year,
                }
                for r in advisor.references.all()
            ],
            "pruefprotokoll": [
                {
                    "von": e.from_status,
                    "nach": e.to_status,
                    "zeitpunkt": e.created_at.isoformat(),
                    "begruendung": e.reason,
                }
                for e in advisor.verification_events.all()
            ],
        }
        for part in contributions.gdpr_exports.values():
            data["profil"].update(part(advisor))
    return data


def end_sessions(user):
    """Logs the user out everywhere (used when an account is blocked or deleted)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()


@transaction.atomic
def erase(user):
    """Deletes the advisor's profile (files and index entry go with it) and the account."""
    advisor = Advisor.objects.filter(user=user).first()
    if advisor is not None:
        # Wagtail's admin history names the profile; its revisions go with the profile (cascade).
        ModelLogEntry.objects.for_instance(advisor).delete()
        advisor.delete()  # cascades; directory.signals removes proofs and portrait, Wagtail the index entry
    photo_stash.discard_for_user(user.pk)  # a photo kept after a validation error (selfservice)
    end_sessions(user)
    user.delete()

"""About 50 invented advisors across Germany, in every status and both tracks (deterministic)."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from core.tokens import token_hash
from directory import verification
from directory.models import (
    Advisor,
    AdvisorStatus,
    ClientReference,
    ConsultingTopic,
    EntryCriteria,
    ExternalRegistration,
    FederalState,
    Industry,
    Language,
    MentorConfirmation,
    Qualification,
    Track,
    VerificationEvent,
)

FIRST_NAMES = [
    "Anna",
    "Jonas",
    "Leonie",
    "Mehmet",
    "Sabine",
    "Tobias",
    "Claudia",
    "Piotr",
    "Miriam",
    "Stefan",
    "Katrin",
    "Yusuf",
    "Birgit",
    "Lukas",
    "Ines",
    "Frank",
    "Nadine",
    "Olaf",
    "Carla",
    "Henrik",
]
LAST_NAMES = [
    "Albers",
    "Brandt",
    "Czerny",
    "Demir",
    "Ebeling",
    "Fromm",
    "Gerlach",
    "Hansen",
    "Iske",
    "Jansen",
    "Kowalski",
    "Lindner",
    "Mertens",
    "Nowak",
    "Ostermann",
    "Petersen",
    "Quast",
    "Rieger",
    "Sommer",
    "Thiel",
]
# city, postcode, state code — offices spread over all regions
CITIES = [
    ("Bonn", "53113", "NW"),
    ("Köln", "50667", "NW"),
    ("Bielefeld", "33602", "NW"),
    ("Dortmund", "44137", "NW"),
    ("München", "80331", "BY"),
    ("Nürnberg", "90402", "BY"),
    ("Stuttgart", "70173", "BW"),
    ("Freiburg im Breisgau", "79098", "BW"),
    ("Hannover", "30159", "NI"),
    ("Wernigerode", "38855", "ST"),
    ("Leipzig", "04109", "SN"),
    ("Dresden", "01067", "SN"),
    ("Erfurt", "99084", "TH"),
    ("Berlin", "10115", "BE"),
    ("Potsdam", "14467", "BB"),
    ("Hamburg", "20095", "HH"),
    ("Kiel", "24103", "SH"),
    ("Rostock", "18055", "MV"),
    ("Bremen", "28195", "HB"),
    ("Mainz", "55116", "RP"),
    ("Saarbrücken", "66111", "SL"),
    ("Wiesbaden", "65183", "HE"),
]
QUALIFICATIONS = [
    ("Zertifizierte Unternehmensberaterin / zertifizierter Unternehmensberater", "Beispiel-Verband e. V."),
    ("Fachkraft für Arbeitssicherheit", "Beispiel-Berufsgenossenschaft"),
    ("Zusatzqualifikation KI (OM)", "Offensive Mittelstand"),
    ("Energieberatung für KMU", "Beispiel-Akademie"),
    ("Systemischer Coach", "Beispiel-Institut"),
]
STATUS_PLAN = (
    [AdvisorStatus.PUBLISHED] * 32
    + [AdvisorStatus.SUBMITTED] * 6
    + [AdvisorStatus.IN_REVIEW] * 4
    + [AdvisorStatus.DRAFT] * 3
    + [AdvisorStatus.REJECTED] * 2
    + [AdvisorStatus.EXPIRED] * 2
    + [AdvisorStatus.BLOCKED]
)
TODAY = datetime.date(2026, 11, 27)  # fixed so that the demo is the same on every run


def load():
    rng = random.Random(2021)  # noqa: S311 - deterministic demo data, not security
    topics, industries = list(ConsultingTopic.objects.all()), list(Industry.objects.all())
    states = {s.code: s for s in FederalState.objects.all()}
    german, others = Language.objects.get(code="de"), list(Language.objects.exclude(code="de"))
    User = get_user_model()
    advisors = []
    for i, status in enumerate(STATUS_PLAN):
        first, last = FIRST_NAMES[i % 20], LAST_NAMES[(i * 7) % 20]
        city, postcode, state = CITIES[i % len(CITIES)]
        name = f"{first} {last}"
        slug = slugify(f"{name}-{city}")
        track = Track.JUNIOR if i % 6 == 5 else Track.STANDARD
        user, _ = User.objects.get_or_create(
            username=slug, defaults={"email": f"{slug}@beispiel.invalid", "first_name": first, "last_name": last}
        )
        verified = TODAY - datetime.timedelta(days=rng.randint(20, 700)) if status == AdvisorStatus.PUBLISHED else None
        if status == AdvisorStatus.EXPIRED:
            verified = TODAY - datetime.timedelta(days=760)
        advisor, _ = Advisor.objects.update_or_create(
            slug=slug,
            defaults={
                "user": user,
                "name": name,
                "organisation": f"{last} Beratung" if i % 3 else "",
                "short_profile": f"Beratung für kleine und mittlere Unternehmen in der Region {city}.",
                "description": "Demo-Profil einer erfundenen Person.",
                "postcode": postcode,
                "city": city,
                "service_radius_km": rng.choice([None, 25, 50, 100]),
                "years_experience": rng.randint(0, 2) if track == Track.JUNIOR else rng.randint(3, 30),
                "fee_model": rng.choice(["", "Tagessatz nach Vereinbarung", "Förderfähig über BAFA"]),
                "track": track,
                "status": status,
                "submitted_at": timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(9)))
                - datetime.timedelta(days=rng.randint(1, 60))
                if status != AdvisorStatus.DRAFT
                else None,
                "verified_at": verified,
                "verified_until": verified + datetime.timedelta(days=730) if verified else None,
                "criteria": EntryCriteria.current(track) if verified else None,
            },
        )
        advisor.topics.set(rng.sample(topics, 3))
        advisor.industries.set(rng.sample(industries, 2))
        advisor.states_served = [states[state]] + ([states["NI"]] if state == "ST" else [])
        advisor.languages = [german, *rng.sample(others, rng.randint(0, 2))]
        title, issuer = QUALIFICATIONS[i % len(QUALIFICATIONS)]
        advisor.qualifications = [
            Qualification(
                title=title,
                issuer=issuer,
                issued_on=TODAY - datetime.timedelta(days=400 + i),
                review="anerkannt" if verified else "offen",
                reviewed_at=verified,
            )
        ]
        advisor.registrations = (
            [
                ExternalRegistration(
                    register="bafa",
                    identifier=f"BAFA-DEMO-{1000 + i}",
                    consent_to_show=bool(i % 2),
                    consent_at=timezone.now() if i % 2 else None,
                    verified_at=verified,
                )
            ]
            if i % 4 == 0
            else []
        )
        advisor.references = [
            ClientReference(
                company=f"Beispiel-Betrieb {i}-{n} GmbH",
                contact_name="Erfundene Ansprechperson",
                contact_email=f"kontakt{n}@betrieb-{i}.invalid",
                engagement="Demo-Referenz.",
                year=TODAY.year - n - 1,
                checked_at=verified,
            )
            for n in range(2 if track == Track.STANDARD else 0)
        ]
        advisor.save()
        if not advisor.verification_events.exists() and status != AdvisorStatus.DRAFT:
            VerificationEvent.objects.create(
                advisor=advisor, from_status="entwurf", to_status=status, reason="Demo-Daten"
            )
        advisors.append(advisor)
    # One published advisor has a change waiting for OM, so the queue shows that case too.
    changed = advisors[0]
    if changed.pending_revision_id is None:
        edited = Advisor.objects.get(pk=changed.pk)
        edited.years_experience += 2
        verification.save_own_edit(changed, edited, ["years_experience"], user=changed.user)
    mentor = next(a for a in advisors if a.track == Track.STANDARD and a.status == AdvisorStatus.PUBLISHED)
    for junior in (a for a in advisors if a.track == Track.JUNIOR and a.status != AdvisorStatus.DRAFT):
        MentorConfirmation.objects.update_or_create(
            mentee=junior,
            defaults={
                "mentor": mentor,
                "token_hash": token_hash(f"demo-{junior.slug}"),
                "confirmed_at": timezone.now(),
            },
        )
    return advisors

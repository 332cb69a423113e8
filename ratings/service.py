"""Everything that happens to a rating, in one place: engagements and invitations, submission
with its fraud checks, replies, objections and the rater's statement, OM's decision, reports."""

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import mail
from core.public_url import absolute_url
from core.tokens import new_token, token_hash
from ratings.models import CommentState, CriteriaVersion, Engagement, Rating, RatingScore, RatingStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.core.files import File

    from directory.models import Advisor
    from ratings.models import RatingReport

# Addresses many small firms use: several invitations to these say nothing about collusion.
FREEMAIL = frozenset(
    {
        "gmail.com", "googlemail.com", "gmx.de", "gmx.net", "web.de", "t-online.de", "outlook.com", "outlook.de",
        "hotmail.com", "hotmail.de", "yahoo.com", "yahoo.de", "icloud.com", "posteo.de", "mailbox.org", "freenet.de",
        "aol.com",
    }
)  # fmt: skip
SAME_DOMAIN_LIMIT = 2  # earlier invitations to one company domain within a year before it looks staged
BURST_LIMIT = 3  # ratings for one advisor within 24 hours before the next one waits for OM
REMOVED_KEPT_DAYS = 365
UNUSED_KEPT_DAYS = 90  # after an invitation expired unused, the contact's address goes
CONSENT_TEXT = (
    "Ich bin mit der Veröffentlichung meiner Bewertung (Punkte, Monat des Auftrags und – nach Prüfung – mein "
    "Kommentar) ohne meinen Namen und ohne den Namen meines Unternehmens einverstanden. Die Offensive Mittelstand "
    "darf mich zu dieser Bewertung per E-Mail ansprechen, z. B. wenn sie beanstandet wird."
)


class RatingRefused(Exception):
    """A German message for the visitor: why this link or submission cannot be used."""


ALREADY_USED = "Mit dieser Einladung wurde bereits eine Bewertung abgegeben. Vielen Dank!"


def _tell_moderators(rating: Rating, event: str, on_commit: bool = False) -> None:
    """The moderators' mail mail/moderation_<event>.txt: what happened and the link to decide."""
    context = {"link": absolute_url("ratings_decide", rating.pk)}
    mail.send(_moderators(), f"moderation_{event}", context, on_commit=on_commit)


def _advisor_email(advisor: "Advisor") -> str:
    return advisor.user.email if advisor.user is not None else ""


def _moderators() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return [u.email for u in users if u.has_perm("ratings.moderate_rating")]


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def advisor_domains(advisor: "Advisor") -> set[str]:
    """Domains that belong to the advisor: their login's (unless a mail provider's) and their website's."""
    domains: set[str] = set()
    if advisor.user is not None and advisor.user.email and domain_of(advisor.user.email) not in FREEMAIL:
        domains.add(domain_of(advisor.user.email))
    host = urlparse(advisor.website or "").hostname or ""
    if host:
        domains.add(host.removeprefix("www."))
    return domains


def invitation_flags(advisor: "Advisor", email: str) -> list[str]:
    domain = domain_of(email)
    flags: list[str] = []
    if domain in advisor_domains(advisor):
        flags.append("E-Mail-Adresse aus der Domain der beratenden Person")
    if domain not in FREEMAIL:
        earlier = advisor.engagements.filter(
            contact_email__iendswith=f"@{domain}", recorded_at__gte=timezone.now() - datetime.timedelta(days=365)
        ).count()
        if earlier >= SAME_DOMAIN_LIMIT:
            flags.append(f"Mehrere Einladungen an dieselbe Domain ({domain})")
    return flags


# --- Engagements and invitations ------------------------------------------------------------


@transaction.atomic
def record_engagement(
    advisor: "Advisor", company: str, contact_email: str, month: datetime.date, recorded_by: "User | None" = None
) -> Engagement:
    """Records the engagement and e-mails the single-use invitation (after the commit)."""
    token = new_token()
    engagement = Engagement.objects.create(
        advisor=advisor,
        company=company,
        contact_email=contact_email.strip(),
        month=month.replace(day=1),
        recorded_by=recorded_by,
        token_hash=token_hash(token),
        expires_at=Engagement.expiry_from(timezone.now()),
        flags=invitation_flags(advisor, contact_email),
    )
    mail.send(
        [engagement.contact_email],
        "rating_invitation",
        {
            "advisor_name": advisor.name,
            "company": company,
            "month": month,
            "expires_at": engagement.expires_at,
            "link": absolute_url("ratings:rate", token),
        },
        on_commit=True,
    )
    return engagement


def engagement_for(token: str) -> Engagement:
    """The engagement behind an invitation link, or RatingRefused with the reason."""
    engagement = Engagement.objects.select_related("advisor").filter(token_hash=token_hash(token)).first()
    if engagement is None:
        raise RatingRefused("Dieser Link ist ungültig. Bitte verwenden Sie den Link aus Ihrer Einladung.")
    state = engagement.invitation_state()
    if state == "verwendet":
        raise RatingRefused(ALREADY_USED)
    if state == "abgelaufen":
        raise RatingRefused(
            "Diese Einladung ist abgelaufen (Einladungen gelten 90 Tage). Bitten Sie die beratende Person um eine neue."
        )
    return engagement


# --- Submission -----------------------------------------------------------------------------


def submit_rating(
    token: str, email: str, scores: Mapping[str, int], comment: str = "", month: datetime.date | None = None
) -> Rating:
    """Creates the rating for the invitation behind `token`. The invitation is claimed with one
    conditional UPDATE, so of any number of parallel submissions exactly one succeeds; the
    one-rating-per-engagement constraint stands behind it."""
    engagement = engagement_for(token)
    if email.strip().lower() != engagement.contact_email.lower():
        raise RatingRefused(
            "Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte geben Sie die Adresse an, "
            "an die die Einladung geschickt wurde."
        )
    now = timezone.now()
    criteria = CriteriaVersion.current()
    advisor = engagement.advisor
    try:
        with transaction.atomic():
            claimed = Engagement.objects.filter(pk=engagement.pk, used_at__isnull=True, expires_at__gt=now)
            if not claimed.update(used_at=now):
                raise RatingRefused(ALREADY_USED)
            flags = list(engagement.flags)
            if advisor.ratings.filter(created_at__gte=now - datetime.timedelta(hours=24)).count() >= BURST_LIMIT:
                flags.append("Viele Bewertungen in kurzer Zeit")
            rating = Rating.objects.create(
                engagement=engagement,
                advisor=advisor,
                criteria=criteria,
                month=(month or engagement.month).replace(day=1),
                comment=comment.strip(),
                comment_state=CommentState.PENDING if comment.strip() else CommentState.NONE,
                status=RatingStatus.FLAGGED if flags else RatingStatus.PUBLISHED,
                flags=flags,
                consent_text=CONSENT_TEXT,
            )
            RatingScore.objects.bulk_create([RatingScore(rating=rating, key=k, value=v) for k, v in scores.items()])
    except IntegrityError:
        raise RatingRefused(ALREADY_USED) from None
    transaction.on_commit(lambda: _told_of_new_rating(rating))
    return rating


def _told_of_new_rating(rating: Rating) -> None:
    mail.send(
        [_advisor_email(rating.advisor)],
        "rating_received",
        {"name": rating.advisor.name, "link": absolute_url("ratings_self:list")},
    )
    if rating.status == RatingStatus.FLAGGED or rating.comment_state == CommentState.PENDING:
        _tell_moderators(rating, "new_rating")


# --- The advisor's side ---------------------------------------------------------------------


def reply(rating: Rating, text: str) -> None:
    """One public reply per rating; it cannot be changed afterwards."""
    if rating.reply:
        raise RatingRefused("Sie haben auf diese Bewertung bereits geantwortet.")
    rating.reply, rating.replied_at = text.strip(), timezone.now()
    rating.save(update_fields=["reply", "replied_at"])


@transaction.atomic
def object_to(rating: Rating, reason: str) -> None:
    """The advisor objects: the rating is hidden ("in Prüfung") and the rater is asked for a
    description of the engagement and proof (BGH VI ZR 34/15), through a single-use link."""
    if rating.status not in (RatingStatus.PUBLISHED, RatingStatus.FLAGGED) or rating.objected_at:
        raise RatingRefused("Diese Bewertung wurde bereits beanstandet oder entschieden.")
    token = new_token()
    rating.status = RatingStatus.DISPUTED
    rating.objection, rating.objected_at = reason.strip(), timezone.now()
    rating.statement_token_hash = token_hash(token)
    rating.save()
    mail.send(
        [rating.engagement.contact_email],
        "rating_statement_request",
        {
            "advisor_name": rating.advisor.name,
            "rated_at": rating.created_at,
            "objection": rating.objection,
            "link": absolute_url("ratings:statement", token),
        },
        on_commit=True,
    )
    _tell_moderators(rating, "objection", on_commit=True)


def statement_for(token: str) -> Rating:
    rating = Rating.objects.filter(statement_token_hash=token_hash(token), status=RatingStatus.DISPUTED).first()
    if rating is None or rating.statement_at:
        raise RatingRefused("Dieser Link ist ungültig oder wurde bereits verwendet.")
    return rating


def give_statement(rating: Rating, text: str, proof: "File[bytes] | None" = None) -> None:
    rating.statement, rating.statement_at = text.strip(), timezone.now()
    if proof:
        rating.statement_proof = proof
    rating.save()
    _tell_moderators(rating, "statement")


# --- OM's decision and reports --------------------------------------------------------------


@transaction.atomic
def decide(rating: Rating, keep: bool, reason: str, user: "User", comment_ok: bool | None = None) -> None:
    """Publish (also clears a flag or rejects an objection) or remove, always with a recorded
    reason; everyone involved is told. A comment is decided on at the same time."""
    rating.status = RatingStatus.PUBLISHED if keep else RatingStatus.REMOVED
    rating.decision_reason, rating.decided_at, rating.decided_by = reason.strip(), timezone.now(), user
    rating.removed_at = None if keep else rating.decided_at
    decided_comment = comment_ok is not None and bool(rating.comment)
    if decided_comment:
        rating.comment_state = CommentState.APPROVED if comment_ok else CommentState.REJECTED
    rating.save()
    reporters = list(rating.reports.filter(handled_at__isnull=True).exclude(email="").values_list("email", flat=True))
    rating.reports.filter(handled_at__isnull=True).update(handled_at=rating.decided_at)
    context = {
        "rated_at": rating.created_at,
        "advisor_name": rating.advisor.name,
        "kept": keep,
        "comment_approved": bool(comment_ok) if decided_comment else None,  # None: no comment decided on
        "reason": rating.decision_reason,
    }
    # Each one alone: the rater, the advisor and whoever reported it do not see each other's address.
    for address in dict.fromkeys([_advisor_email(rating.advisor), rating.engagement.contact_email, *reporters]):
        mail.send([address], "rating_decision", context, on_commit=True)


def report(rating: Rating, reason: str, explanation: str, email: str = "") -> "RatingReport":
    created = rating.reports.create(reason=reason, explanation=explanation.strip(), email=email.strip())
    _tell_moderators(rating, "report")
    return created


def purge_removed(now: datetime.datetime | None = None) -> int:
    """Removed ratings are kept a year for the record, then deleted with their proof files."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=REMOVED_KEPT_DAYS)
    old = list(Rating.objects.filter(status=RatingStatus.REMOVED, removed_at__lt=cutoff))
    for rating in old:
        if rating.statement_proof:
            rating.statement_proof.delete(save=False)
        rating.engagement.delete()  # the rating goes with its engagement
    return len(old)


def purge_unused_invitations(now: datetime.datetime | None = None) -> int:
    """Engagements whose invitation expired unused are deleted 90 days later, with the contact's
    e-mail address (storage limitation, Art. 5(1)(e) GDPR)."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=UNUSED_KEPT_DAYS)
    deleted, _ = Engagement.objects.filter(used_at__isnull=True, expires_at__lt=cutoff).delete()
    return deleted

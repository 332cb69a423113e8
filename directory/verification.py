"""Everything that happens to a profile's verification, in one place: the status machine and its
steps, a published advisor's own edits (live at once, or waiting for OM as a revision), renewal
requests, and OM's decision on waiting changes. Each step writes the advisor once, naming the
fields it changed (so the search index moves only when something it reads did: one application
per transaction, directory.search.sync), logs decisions and e-mails the advisor after the commit."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from directory.gdpr import end_sessions
from directory.models import Advisor, AdvisorStatus, EntryCriteria, VerificationEvent
from directory.models.advisor import PROOF_BEARING_FIELDS
from directory.notifications import notify_change_decision, notify_status_change

VERIFICATION_VALIDITY = datetime.timedelta(days=730)  # 24 months, then "abgelaufen" without renewal
# Which status may follow which; "gesperrt" is reachable from anywhere by OM.
TRANSITIONS = {
    AdvisorStatus.DRAFT: {AdvisorStatus.SUBMITTED},
    AdvisorStatus.SUBMITTED: {AdvisorStatus.IN_REVIEW, AdvisorStatus.DRAFT},
    AdvisorStatus.IN_REVIEW: {AdvisorStatus.PUBLISHED, AdvisorStatus.REJECTED},
    AdvisorStatus.PUBLISHED: {AdvisorStatus.EXPIRED, AdvisorStatus.IN_REVIEW},
    AdvisorStatus.REJECTED: {AdvisorStatus.DRAFT},
    AdvisorStatus.EXPIRED: {AdvisorStatus.SUBMITTED},
    AdvisorStatus.BLOCKED: {AdvisorStatus.DRAFT},
}
NEEDS_REASON = {AdvisorStatus.REJECTED, AdvisorStatus.BLOCKED}
REASON_REQUIRED = "Bitte eine Begründung angeben – sie wird der beratenden Person mitgeteilt."
# What a decision on the changes waiting for OM always writes.
CHANGE_FIELDS = ("pending_revision", "changes_submitted_at", "renewal_requested_at")


def allowed_targets(status: str) -> set[AdvisorStatus]:
    """The statuses a profile in `status` may move to: the one answer transition() and the review
    screen's choices share."""
    return (TRANSITIONS[AdvisorStatus(status)] | {AdvisorStatus.BLOCKED}) - {AdvisorStatus(status)}


def check_transition(advisor: Advisor, to: str, reason: str = "") -> None:
    """Raises a German ValidationError if the step to `to` is impossible or lacks a reason."""
    if to not in allowed_targets(advisor.status):
        raise ValidationError(
            f"Statuswechsel von „{advisor.get_status_display()}“ nach „{AdvisorStatus(to).label}“ ist nicht möglich.",
            code="step",
        )
    if to in NEEDS_REASON and not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")


# --- Status steps ---------------------------------------------------------------------------


@transaction.atomic
def transition(advisor: Advisor, to: str, *, actor: User | None = None, reason: str = "") -> VerificationEvent:
    """Moves the profile to status `to`, logs who/when/why and tells the advisor by e-mail."""
    check_transition(advisor, to, reason)
    previous = advisor.status
    advisor.status = to
    today = timezone.localdate()
    written = ["status", "updated_at"]
    if to == AdvisorStatus.SUBMITTED:
        advisor.submitted_at = timezone.now()
        written.append("submitted_at")
    if to == AdvisorStatus.PUBLISHED:
        advisor.verified_at, advisor.verified_until = today, today + VERIFICATION_VALIDITY
        advisor.expiry_reminder_days = None
        advisor.criteria = EntryCriteria.current(advisor.track, on=today)
        written += ["verified_at", "verified_until", "expiry_reminder_days", "criteria"]
    advisor.save(update_fields=written)
    if advisor.user_id and AdvisorStatus.BLOCKED in (to, previous):
        _set_account_active(advisor, to != AdvisorStatus.BLOCKED)
    event = VerificationEvent.objects.create(
        advisor=advisor, from_status=previous, to_status=to, actor=actor, reason=reason
    )
    _log_in_admin_history(advisor, event)
    transaction.on_commit(lambda: notify_status_change(advisor, event))
    return event


def _set_account_active(advisor: Advisor, active: bool) -> None:
    """A blocked profile blocks the account too and ends its sessions at once."""
    user = advisor.user
    if user is None:  # an imported profile without an account
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        end_sessions(user)


def _log_in_admin_history(advisor: Advisor, event: VerificationEvent) -> None:
    """The decision also appears in the snippet's history in the Wagtail admin."""
    log(
        instance=advisor,
        action="directory.verification",
        user=event.actor,
        data={"from": event.from_status, "to": event.to_status, "reason": event.reason},
    )


# --- A published profile's own changes ------------------------------------------------------


@transaction.atomic
def save_own_edit(advisor: Advisor, edited: Advisor, fields: list[str], *, user: User) -> dict[str, Any]:
    """A published advisor saved `fields` of `edited` (`advisor` holds the live values): contact
    and presentation fields go live at once, proof-bearing ones wait for OM as a revision.
    Returns {field: proposed value} of what waits."""
    changed = [field for field in fields if getattr(edited, field) != getattr(advisor, field)]
    proposed = {field: getattr(edited, field) for field in changed if field in PROOF_BEARING_FIELDS}
    written = [field for field in changed if field not in PROOF_BEARING_FIELDS]
    for field in written:
        setattr(advisor, field, getattr(edited, field))
    if "postcode" in written:
        written += ["latitude", "longitude"]  # save() places the new postcode
    if proposed:
        proposal = Advisor.objects.get(pk=advisor.pk)
        for field in changed:
            setattr(proposal, field, getattr(edited, field))
        advisor.pending_revision = proposal.save_revision(user=user, clean=False, log_action=True)
        written.append("pending_revision")
        if _enter_review_queue(advisor):
            written.append("changes_submitted_at")
    elif advisor.pending_revision_id is not None:  # the advisor went back to the verified values
        advisor.pending_revision = None
        written.append("pending_revision")
    advisor.save(update_fields=[*written, "updated_at"])
    return proposed


def request_change_review(advisor: Advisor) -> None:
    """Puts a published profile into the verifiers' queue for its changes (once)."""
    if _enter_review_queue(advisor):
        advisor.save(update_fields=["changes_submitted_at"])


def request_renewal(advisor: Advisor) -> None:
    """The advisor confirmed their data before expiry; the profile stays public until OM decides."""
    advisor.renewal_requested_at = timezone.now()
    _enter_review_queue(advisor)
    advisor.save(update_fields=["renewal_requested_at", "changes_submitted_at"])


def _enter_review_queue(advisor: Advisor) -> bool:
    """Marks a published profile's changes as waiting (in memory); True if they were not yet."""
    if advisor.status == AdvisorStatus.PUBLISHED and advisor.changes_submitted_at is None:
        advisor.changes_submitted_at = timezone.now()
        return True
    return False


@transaction.atomic
def decide_changes(advisor: Advisor, accept: bool, *, actor: User | None, reason: str = "") -> VerificationEvent:
    """OM takes over or declines the proposed changes; logged and mailed like a status change."""
    if not accept and not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")
    changes = advisor.proposed_changes()
    summary = "; ".join(advisor.change_lines(changes))
    renewed = accept and advisor.renewal_requested_at is not None
    written = [*CHANGE_FIELDS, "updated_at"]
    if accept:
        for field, (_, proposed) in changes.items():
            setattr(advisor, field, proposed)
        written += changes
        if "track" in changes or renewed:  # an approval under the criteria valid today
            advisor.criteria = EntryCriteria.current(advisor.track)
            written.append("criteria")
    if renewed:
        today = timezone.localdate()
        advisor.verified_at, advisor.verified_until = today, today + VERIFICATION_VALIDITY
        advisor.expiry_reminder_days = None
        written += ["verified_at", "verified_until", "expiry_reminder_days"]
        summary = "; ".join(filter(None, [summary, f"Prüfung erneuert, gültig bis {advisor.verified_until:%d.%m.%Y}"]))
    advisor.pending_revision = None
    advisor.changes_submitted_at = None
    advisor.renewal_requested_at = None
    advisor.save(update_fields=written)

    verdict = "Änderungen übernommen" if accept else "Änderungen nicht übernommen"
    event = VerificationEvent.objects.create(
        advisor=advisor,
        from_status=advisor.status,
        to_status=advisor.status,
        actor=actor,
        reason=" – ".join(part for part in (verdict, summary, reason.strip()) if part),
    )
    _log_in_admin_history(advisor, event)
    transaction.on_commit(lambda: notify_change_decision(advisor, accept, reason, renewed))
    return event

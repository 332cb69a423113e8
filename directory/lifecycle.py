"""Time-driven steps of a profile's life: reminders and expiry after 24 months, and deletion of
rejected applications after six months (GDPR Art. 5(1)(e) storage limitation)."""

import datetime

from django.db.models import Max
from django.utils import timezone

from core import mail
from core.public_url import absolute_url
from directory import verification
from directory.models import Advisor, AdvisorStatus, ImportRun

REMINDER_DAYS = (60, 14)
REJECTED_RETENTION = datetime.timedelta(days=183)
UNCLAIMED_RETENTION = datetime.timedelta(days=90)  # promised in the import's invitation
IMPORT_DETAIL_RETENTION = datetime.timedelta(days=90)  # the log's findings name people; its counts stay
PREPARED_IMPORT_RETENTION = datetime.timedelta(days=7)  # an upload nobody ran or discarded


def send_expiry_reminders(today=None):
    """Sends each reminder once per verification period, also if a daily run was missed."""
    today = today or timezone.localdate()
    sent = 0
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    pending = Advisor.objects.published().filter(verified_until__lte=horizon, renewal_requested_at__isnull=True)
    for advisor in pending.select_related("user"):
        days_left = (advisor.verified_until - today).days
        due = min((d for d in REMINDER_DAYS if days_left <= d), default=None)
        if due is None or (advisor.expiry_reminder_days is not None and advisor.expiry_reminder_days <= due):
            continue
        if advisor.user and advisor.user.email:
            mail.send(
                [advisor.user.email],
                "expiry_reminder",
                {
                    "name": advisor.name,
                    "verified_until": advisor.verified_until,
                    "renewal_url": absolute_url("directory_self:submit"),
                },
            )
        advisor.expiry_reminder_days = due
        advisor.save(update_fields=["expiry_reminder_days"])
        sent += 1
    return sent


def expire_profiles(today=None):
    today = today or timezone.localdate()
    expired = 0
    # A renewal asked for in time keeps the profile up until OM has decided on it.
    for advisor in Advisor.objects.published().filter(verified_until__lt=today, renewal_requested_at__isnull=True):
        verification.transition(
            advisor, AdvisorStatus.EXPIRED, reason="Die Gültigkeit von 24 Monaten ist ohne Erneuerung abgelaufen."
        )
        expired += 1
    return expired


def purge_rejected(now=None):
    """Deletes applications rejected more than six months ago, with their proof files."""
    cutoff = (now or timezone.now()) - REJECTED_RETENTION
    stale = (
        Advisor.objects.filter(status=AdvisorStatus.REJECTED)
        .annotate(rejected_at=Max("verification_events__created_at"))
        .filter(rejected_at__lt=cutoff)
    )
    count = 0
    for advisor in stale:
        advisor.delete()  # qualifications cascade; their files go with them (directory.signals)
        count += 1
    return count


def purge_unclaimed(now=None):
    """Deletes imported profiles whose person has not claimed them within 90 days of the invitation."""
    cutoff = (now or timezone.now()) - UNCLAIMED_RETENTION
    stale = Advisor.objects.filter(
        user__isnull=True, claim_invitation__claimed_at__isnull=True, claim_invitation__sent_at__lt=cutoff
    )
    count = 0
    for advisor in stale:
        advisor.delete()
        count += 1
    return count


def purge_import_details(now=None):
    """Import log: uploads left unfinished for 7 days are discarded with their file (also a run whose
    worker was killed mid-run: it is marked aborted); after 90 days the findings and side-by-side
    comparisons (names, e-mail addresses) go, the counts remain."""
    now = now or timezone.now()
    old_enough = ImportRun.objects.filter(created_at__lt=now - PREPARED_IMPORT_RETENTION)
    stuck = old_enough.filter(state__in=[ImportRun.State.QUEUED, ImportRun.State.RUNNING])
    stuck.update(state=ImportRun.State.FAILED, content="")
    stale = old_enough.filter(state__in=[ImportRun.State.PREPARED, ImportRun.State.CHECKED])
    discarded = stale.update(state=ImportRun.State.DISCARDED, content="")
    old = ImportRun.objects.filter(created_at__lt=now - IMPORT_DETAIL_RETENTION).exclude(problems=[], similar=[])
    cleared = old.update(problems=[], similar=[], content="")
    return discarded, cleared

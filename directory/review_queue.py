"""The verifiers' queue: which profiles wait for a decision, since when, and how many of each kind.
One definition for the admin listing (order and filter), the review screen and the dashboard panel."""

from django.db.models import Case, Count, DateTimeField, F, Q, Value, When
from django.utils import timezone

from directory.models import Advisor, AdvisorStatus

# The kinds of work waiting, in the order the dashboard names them: {key: (label, condition)}.
CHANGES = Q(status=AdvisorStatus.PUBLISHED, changes_submitted_at__isnull=False)
KINDS = {
    "eingereicht": ("eingereicht", Q(status=AdvisorStatus.SUBMITTED)),
    "in_pruefung": ("in Prüfung", Q(status=AdvisorStatus.IN_REVIEW)),
    "aenderungen": ("Änderungen zu prüfen", CHANGES & Q(renewal_requested_at__isnull=True)),
    "erneuerung": ("Erneuerung beantragt", CHANGES & Q(renewal_requested_at__isnull=False)),
}
WAITING = Q(status__in=[AdvisorStatus.SUBMITTED, AdvisorStatus.IN_REVIEW]) | CHANGES

# A new application waits since its submission, a published profile since its changes (or renewal).
WAITING_SINCE = Case(
    When(status__in=[AdvisorStatus.SUBMITTED, AdvisorStatus.IN_REVIEW], then=F("submitted_at")),
    When(CHANGES, then=F("changes_submitted_at")),
    default=Value(None),
    output_field=DateTimeField(),
)


def with_waiting_since(queryset):
    return queryset.annotate(waiting_since=WAITING_SINCE)


def oldest_first(queryset, descending=False):
    """Longest waiting first (or last); profiles not waiting at all come after every waiting one."""
    if "waiting_since" not in queryset.query.annotations:
        queryset = with_waiting_since(queryset)
    since = F("waiting_since").desc(nulls_last=True) if descending else F("waiting_since").asc(nulls_last=True)
    return queryset.order_by(since, "name", "pk")


def waiting_since(advisor):
    if advisor.status in (AdvisorStatus.SUBMITTED, AdvisorStatus.IN_REVIEW):
        return advisor.submitted_at
    if advisor.status == AdvisorStatus.PUBLISHED:
        return advisor.changes_submitted_at
    return None


def waiting_label(since, today=None):
    """ "wartet seit heute", "wartet seit 1 Tag", "wartet seit 3 Tagen" (German dative plural)."""
    if since is None:
        return ""
    days = ((today or timezone.localdate()) - timezone.localdate(since)).days
    if days <= 0:
        return "wartet seit heute"
    return f"wartet seit {days} {'Tag' if days == 1 else 'Tagen'}"


def counts():
    """[(key, label, number)] of every kind of waiting work, also the empty ones."""
    numbers = Advisor.objects.aggregate(**{key: Count("pk", filter=condition) for key, (_, condition) in KINDS.items()})
    return [(key, label, numbers[key]) for key, (label, _) in KINDS.items()]

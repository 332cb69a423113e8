"""Junior track: ask a verified advisor to confirm the mentorship, by a single-use link."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import Advisor
from directory.models.qualifications import MentorConfirmation
from om_site.tokens import new_token, token_hash


def find_mentor(email, mentee):
    return (
        Advisor.objects.published()
        .select_related("user")
        .filter(user__email__iexact=email.strip())
        .exclude(pk=mentee.pk)
        .first()
    )


@transaction.atomic
def request_confirmation(mentee, mentor):
    token = new_token()
    MentorConfirmation.objects.update_or_create(
        mentee=mentee, defaults={"mentor": mentor, "token_hash": token_hash(token), "confirmed_at": None}
    )
    link = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('directory_self:confirm_mentoring', args=[token])}"
    transaction.on_commit(
        lambda: send_mail(
            "Mittelstand gut beraten: Bitte bestätigen Sie eine Mentoring-Begleitung",
            f"Guten Tag {mentor.name},\n\n{mentee.name} bewirbt sich als Nachwuchsberater:in und nennt Sie als "
            f"Mentorin oder Mentor. Wenn das stimmt, bestätigen Sie es bitte nach der Anmeldung hier:\n\n{link}\n\n"
            "Wenn nicht, ignorieren Sie diese Nachricht.\n\nAG Qualitätssicherung der Offensive Mittelstand",
            settings.DEFAULT_FROM_EMAIL,
            [mentor.user.email],
        )
    )


def confirmation_for(token, user):
    """The open confirmation behind this link, if the logged-in user is the named mentor."""
    return (
        MentorConfirmation.objects.select_related("mentee", "mentor")
        .filter(token_hash=token_hash(token), mentor__user=user, confirmed_at__isnull=True)
        .first()
    )


def confirm(confirmation):
    confirmation.confirmed_at = timezone.now()
    confirmation.save(update_fields=["confirmed_at"])

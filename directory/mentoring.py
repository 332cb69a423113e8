"""Junior track: ask a verified advisor to confirm the mentorship, by a single-use link."""

from django.db import transaction
from django.utils import timezone

from core import mail
from core.public_url import absolute_url
from core.tokens import new_token, token_hash
from directory.models import Advisor
from directory.models.qualifications import MentorConfirmation


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
    mail.send(
        [mentor.user.email],
        "mentor_confirmation",
        {
            "name": mentor.name,
            "mentee_name": mentee.name,
            "link": absolute_url("directory_self:confirm_mentoring", token),
        },
        on_commit=True,
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

"""E-mails to advisors about their profile (German): one template per status reached
(mail/profile_status_<status>.txt) and per decision on their changes (mail/profile_change_*.txt)."""

from core import mail
from core.public_url import absolute_url
from directory.models.advisor import AdvisorStatus


def _send(advisor, template, reason="", link=False, **context):
    if advisor.user is None:
        return
    context.update(name=advisor.name, reason=reason)
    if link:
        context["profile_url"] = absolute_url(advisor.get_absolute_url())
    mail.send([advisor.user.email], template, context)


def notify_status_change(advisor, event):
    status = AdvisorStatus(event.to_status)
    if status == AdvisorStatus.DRAFT and event.actor_id and event.actor_id == advisor.user_id:
        return  # the advisor reopened a refused profile to submit it again; the "eingereicht" mail follows
    _send(
        advisor,
        f"profile_status_{status.value}",
        event.reason,
        link=status == AdvisorStatus.PUBLISHED,
        status_label=status.label,
    )


def notify_change_decision(advisor, accepted, reason, renewed=False):
    outcome = "renewed" if renewed else "accepted" if accepted else "refused"
    _send(advisor, f"profile_change_{outcome}", reason, link=True, verified_until=advisor.verified_until)

"""E-mails to advisors about their profile (German)."""

from core import mail
from directory.models.advisor import AdvisorStatus

SUBJECTS = {
    AdvisorStatus.DRAFT: "Ihr Profil ist wieder zur Bearbeitung offen",
    AdvisorStatus.SUBMITTED: "Ihr Profil wurde eingereicht",
    AdvisorStatus.IN_REVIEW: "Ihr Profil wird geprüft",
    AdvisorStatus.PUBLISHED: "Ihr Profil ist veröffentlicht",
    AdvisorStatus.REJECTED: "Ihr Profil wurde nicht freigegeben",
    AdvisorStatus.EXPIRED: "Ihr Profil ist abgelaufen",
    AdvisorStatus.BLOCKED: "Ihr Profil wurde gesperrt",
}


def _send(advisor, subject, message, reason="", link=False):
    if advisor.user is None:
        return
    context = {"name": advisor.name, "subject": subject, "message": message, "reason": reason}
    if link:
        context["profile_url"] = mail.absolute_url(advisor.get_absolute_url())
    mail.send([advisor.user.email], "profile_status", context)


def notify_status_change(advisor, event):
    status = AdvisorStatus(event.to_status)
    if status == AdvisorStatus.DRAFT and event.actor_id and event.actor_id == advisor.user_id:
        return  # the advisor reopened a refused profile to submit it again; the "eingereicht" mail follows
    _send(
        advisor,
        SUBJECTS[status],
        f"der Status Ihres Profils in „Mittelstand gut beraten“ ist jetzt: {status.label}.",
        event.reason,
        link=status == AdvisorStatus.PUBLISHED,
    )


def notify_change_decision(advisor, accepted, reason, renewed=False):
    if renewed:
        subject = "Ihr Eintrag ist erneuert"
        message = (
            f"die Offensive Mittelstand hat Ihre Angaben geprüft. Ihr Eintrag ist jetzt bis zum "
            f"{advisor.verified_until:%d.%m.%Y} gültig."
        )
    elif accepted:
        subject = "Ihre Änderungen sind übernommen"
        message = "die Offensive Mittelstand hat Ihre Änderungen geprüft und übernommen."
    else:
        subject, message = (
            "Ihre Änderungen wurden nicht übernommen",
            "die Offensive Mittelstand hat Ihre Änderungen geprüft und nicht übernommen. Ihr bisher geprüftes "
            "Profil bleibt unverändert sichtbar.",
        )
    _send(advisor, subject, message, reason, link=True)

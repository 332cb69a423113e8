"""E-mails to advisors about their profile (German)."""

from django.conf import settings
from django.core.mail import send_mail

from directory.models.advisor import AdvisorStatus

SUBJECTS = {
    AdvisorStatus.SUBMITTED: "Ihr Profil wurde eingereicht",
    AdvisorStatus.IN_REVIEW: "Ihr Profil wird geprüft",
    AdvisorStatus.PUBLISHED: "Ihr Profil ist veröffentlicht",
    AdvisorStatus.REJECTED: "Ihr Profil wurde nicht freigegeben",
    AdvisorStatus.EXPIRED: "Ihr Profil ist abgelaufen",
    AdvisorStatus.BLOCKED: "Ihr Profil wurde gesperrt",
}


def notify_status_change(advisor, event):
    if advisor.user is None or not advisor.user.email:
        return
    lines = [
        f"Guten Tag {advisor.name},",
        "",
        f"der Status Ihres Profils in „Mittelstand gut beraten“ ist jetzt: {AdvisorStatus(event.to_status).label}.",
    ]
    if event.reason:
        lines += ["", "Begründung:", event.reason]
    if event.to_status == AdvisorStatus.PUBLISHED:
        lines += ["", f"Ihr Profil: {settings.WAGTAILADMIN_BASE_URL}{advisor.get_absolute_url()}"]
    lines += ["", "Mit freundlichen Grüßen", "AG Qualitätssicherung der Offensive Mittelstand"]
    send_mail(
        f"Mittelstand gut beraten: {SUBJECTS[AdvisorStatus(event.to_status)]}",
        "\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [advisor.user.email],
    )

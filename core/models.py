from django.db import models


class QueuedMail(models.Model):
    """An e-mail waiting for the worker (core/mail_queue.py), as it will be sent. Deleted once it is
    delivered or given up: the task table holds only its number, never an address or a link."""

    from_email = models.CharField(max_length=320)
    recipients = models.JSONField()
    message = models.BinaryField()
    queued_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"E-Mail {self.pk} ({self.queued_at:%d.%m.%Y %H:%M})"

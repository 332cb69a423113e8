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


class WorkerHeartbeat(models.Model):
    """When a worker last noted that it lives (core/lost_tasks.py): its tasks are taken over once it
    has been silent for minutes. In the database, where the tasks are: a cache outage must not make a
    living worker look dead."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"Worker {self.worker_id} ({self.last_seen:%d.%m.%Y %H:%M})"

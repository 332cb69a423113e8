from django.conf import settings
from django.db import models

from directory.models.qualifications import ExternalRegistration


class ImportRun(models.Model):
    """One file from a partner register: the dry run's report, the decisions on similar names and,
    once executed, what was created. The file's text is kept only until the run is executed or
    discarded (it holds personal data of people who have not agreed to anything yet)."""

    class State(models.TextChoices):
        PREPARED = "vorbereitet", "Zuordnung fehlt"
        CHECKED = "geprueft", "Probelauf erfolgt"
        QUEUED = "eingereiht", "wartet auf Ausführung"
        RUNNING = "laeuft", "wird ausgeführt"
        EXECUTED = "ausgefuehrt", "ausgeführt"
        FAILED = "abgebrochen", "abgebrochen"
        DISCARDED = "verworfen", "verworfen"

    source = models.CharField("Quelle (Partnerregister)", max_length=160)
    register = models.CharField(
        "Register der Kennungen", max_length=20, choices=ExternalRegistration.Register.choices, blank=True
    )
    file_name = models.CharField("Datei", max_length=200)
    file_sha256 = models.CharField("Prüfsumme der Datei", max_length=64)
    content = models.TextField(blank=True, editable=False)
    columns = models.JSONField(default=list, editable=False)
    mapping = models.JSONField("Spaltenzuordnung", default=dict, blank=True)
    state = models.CharField("Stand", max_length=20, choices=State.choices, default=State.PREPARED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="durch", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("hochgeladen am", auto_now_add=True, db_index=True)
    executed_at = models.DateTimeField("ausgeführt am", null=True, blank=True)
    rows_total = models.PositiveIntegerField("Zeilen", default=0)
    rows_invalid = models.PositiveIntegerField("fehlerhaft", default=0)
    rows_known = models.PositiveIntegerField("schon im Verzeichnis", default=0)
    rows_similar = models.PositiveIntegerField("ähnlicher Name", default=0)
    rows_created = models.PositiveIntegerField("angelegt", default=0)
    rows_to_create = models.PositiveIntegerField("anzulegen", default=0)  # the real run's total, for its progress
    # [{"row": 7, "field": "PLZ", "message": "…"}] – what the dry run found, kept after execution.
    problems = models.JSONField("Befunde", default=list, editable=False)
    # [{"row": 9, "advisor": pk, "incoming": {...}, "existing": {...}}] – shown side by side.
    similar = models.JSONField(default=list, editable=False)
    create_despite_similar = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "Import"
        verbose_name_plural = "Importprotokoll"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source}: {self.file_name} ({self.created_at:%d.%m.%Y %H:%M})"

    def findings_text(self):
        """The dry run's findings as one line each, for the import log's CSV/XLSX export."""
        return "\n".join(
            f"Zeile {problem.get('row', '?')} · {problem.get('kind', 'Fehler')} · {problem.get('field', '')}: "
            f"{problem.get('message', '')}"
            for problem in self.problems or []
        )

    findings_text.short_description = "Befunde"


class ClaimInvitation(models.Model):
    """An imported person's invitation to take over and complete their profile. Until they do,
    the profile is a draft without an account: nothing about them is public. Only a hash of the
    link's token is stored."""

    advisor = models.OneToOneField("directory.Advisor", on_delete=models.CASCADE, related_name="claim_invitation")
    import_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="invitations")
    email = models.EmailField("E-Mail-Adresse", blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField("eingeladen am", auto_now_add=True)
    claimed_at = models.DateTimeField("übernommen am", null=True, blank=True)

    class Meta:
        verbose_name = "Einladung zur Übernahme"
        verbose_name_plural = "Einladungen zur Übernahme"

    def __str__(self):
        return f"{self.advisor} ({self.email})"

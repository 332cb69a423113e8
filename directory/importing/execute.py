"""The real run: good, new rows become unpublished drafts without an account, each with an
invitation to claim the profile. Consent comes first: nothing is shown before the person has
claimed, completed and submitted the profile and OM has verified it."""

import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from core import mail
from core.public_url import absolute_url
from core.tokens import new_token, token_hash
from directory.importing.check import CheckResult
from directory.models import Advisor, AdvisorStatus, ClaimInvitation, ExternalRegistration, ImportRun


def importable(result: CheckResult, create_despite_similar=()):
    """The rows the real run creates: valid, not yet in the directory, and for a similar name only
    when a person decided so."""
    chosen = set(create_despite_similar)
    return [row for row in result.rows if row.valid and not row.known and (not row.similar or row.number in chosen)]


def summarise(run: ImportRun, result: CheckResult):
    """Stores the dry run's counts and findings on the run (the log keeps them after execution)."""
    run.rows_total = len(result.rows)
    run.rows_invalid = result.count(lambda row: not row.valid)
    run.rows_known = result.count(lambda row: row.known is not None)
    run.rows_similar = result.count(lambda row: row.similar is not None)
    run.problems = [
        {"row": row.number, "field": label, "message": message, "kind": kind}
        for row in result.rows
        for kind, findings in (("Fehler", row.problems), ("Hinweis", row.notes))
        for label, message in findings
    ]
    run.similar = [
        {
            "row": row.number,
            "advisor": row.similar.pk,
            "incoming": {k: row.values[k] for k in ("name", "organisation", "postcode", "city", "email")},
            "existing": {
                "name": row.similar.name,
                "organisation": row.similar.organisation,
                "postcode": row.similar.postcode,
                "city": row.similar.city,
                "status": row.similar.get_status_display(),
            },
        }
        for row in result.rows
        if row.similar is not None
    ]


BATCH = 200  # people per transaction: the progress the admin shows moves in these steps


def execute(run: ImportRun, result: CheckResult, progress=None):
    """Creates the importable rows once, a batch per transaction; returns the number created.
    The file's text is dropped at the end."""
    rows = importable(result, run.create_despite_similar)
    run.rows_to_create, run.rows_created = len(rows), 0
    run.save()
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            for row in rows[start : start + BATCH]:
                create(row.values, run)
            run.rows_created = min(start + BATCH, len(rows))
            run.save(update_fields=["rows_created"])
        if progress:
            progress(run.rows_created, len(rows))
    run.state = ImportRun.State.EXECUTED
    run.executed_at = timezone.now()
    run.content = ""
    run.save()
    return len(rows)


def create(values, run):
    advisor = Advisor(
        name=values["name"],
        organisation=values["organisation"],
        slug=f"{slugify(values['name'])[:100]}-{uuid.uuid4().hex[:6]}",
        short_profile=values["short_profile"],
        postcode=values["postcode"],
        city=values["city"],
        website=values["website"],
        description=values["description"],
        fee_model=values["fee_model"],
        years_experience=values["years_experience"] or 0,
        status=AdvisorStatus.DRAFT,
    )
    # Held in memory by the cluster and written by the one save.
    advisor.topics.set(values["topics"] or [])
    advisor.industries.set(values["industries"] or [])
    advisor.states_served.set(values["states"] or [])
    advisor.languages.set(values["languages"] or [])
    advisor.save()
    if run.register and values["register_id"]:
        ExternalRegistration.objects.create(advisor=advisor, register=run.register, identifier=values["register_id"])
    invite(advisor, values["email"], run)


def invite(advisor, email, run):
    token = new_token()
    ClaimInvitation.objects.create(advisor=advisor, import_run=run, email=email, token_hash=token_hash(token))
    if not email:
        return
    mail.send(
        [email],
        "claim_invitation",
        {"name": advisor.name, "source": run.source, "link": absolute_url("directory_self:claim", token)},
        on_commit=True,
        bulk=True,
    )

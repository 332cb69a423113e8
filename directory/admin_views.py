"""The verifiers' review screen: the profile as the public will see it, pending changes side by side,
a decision on each qualification and register entry, then on the profile. The decisions offered are
the steps the status machine allows (allowed_targets); a refused submit keeps everything entered."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import ngettext

from directory import review_queue, verification
from directory.models import Advisor, AdvisorStatus, EntryCriteria
from directory.models.qualifications import ReviewState
from directory.views import public_profile_context

# The verifier's steps, by the status each leads to; offered only where allowed_targets() allows it.
# (Submitting and expiry are the advisor's and the daily job's steps, never the verifier's.)
STATUS_ACTIONS = {
    "in_pruefung": (AdvisorStatus.IN_REVIEW, "In Prüfung nehmen"),
    "freigeben": (AdvisorStatus.PUBLISHED, "Freigeben und veröffentlichen"),
    "ablehnen": (AdvisorStatus.REJECTED, "Ablehnen"),
    "zurueckgeben": (AdvisorStatus.DRAFT, "Zur Überarbeitung an die beratende Person zurückgeben"),
    "sperren": (AdvisorStatus.BLOCKED, "Sperren"),
}
# The same step reads differently from some statuses.
LABELS_FROM = {
    (AdvisorStatus.PUBLISHED, "in_pruefung"): "Erneut in Prüfung nehmen (bis zur Entscheidung nicht öffentlich)",
    (AdvisorStatus.REJECTED, "zurueckgeben"): "Wieder zur Bearbeitung öffnen",
    (AdvisorStatus.BLOCKED, "zurueckgeben"): "Sperre aufheben (das Profil wird wieder ein Entwurf)",
}
# For a published profile with changes waiting: decide on the changes, the profile stays public.
CHANGE_ACTIONS = {
    "aenderungen_uebernehmen": ("Änderungen übernehmen", True),
    "aenderungen_ablehnen": ("Änderungen nicht übernehmen", False),
}
NEEDS_ACCEPTED_QUALIFICATIONS = {"freigeben", "aenderungen_uebernehmen"}
REFUSED = (
    "Die Entscheidung ist nicht gespeichert. Bitte korrigieren Sie die markierten Angaben – Ihre Entscheidungen "
    "zu Qualifikationen und Registereinträgen sind unten erhalten."
)


def action_choices(advisor):
    """[(key, label)] of the decisions possible for the advisor's current status."""
    targets = verification.allowed_targets(advisor.status)
    changes = []
    if advisor.status == AdvisorStatus.PUBLISHED and advisor.changes_submitted_at:
        changes = [(key, label) for key, (label, _) in CHANGE_ACTIONS.items()]
    steps = [
        (key, LABELS_FROM.get((advisor.status, key), label))
        for key, (target, label) in STATUS_ACTIONS.items()
        if target in targets
    ]
    return [("", "Bitte wählen …"), *changes, *steps]


PROOF_REQUIRED = (
    "Ohne Nachweis kann diese Qualifikation nicht anerkannt werden. Bitte geben Sie sie zurück oder warten Sie, "
    "bis die beratende Person den Nachweis hochgeladen hat."
)


DECIDED_MEANWHILE = (
    "Jemand anderes hat dieses Profil inzwischen entschieden. Es wurde nichts gespeichert; bitte sehen Sie sich den "
    "neuen Stand an."
)


class ReviewForm(forms.Form):
    action = forms.ChoiceField(label="Entscheidung zum Profil")
    reason = forms.CharField(
        label="Begründung (wird der beratenden Person per E-Mail mitgeteilt)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor = advisor
        action = self.fields["action"]
        action.choices = action_choices(advisor)
        action.error_messages = {
            "required": "Bitte wählen Sie eine Entscheidung zum Profil.",
            # e.g. posted from a tab opened before someone else decided
            "invalid_choice": f"Dieser Schritt ist für ein Profil im Status „{advisor.get_status_display()}“ nicht "
            "möglich. Bitte wählen Sie einen der angebotenen Schritte.",
        }
        self.qualifications = list(advisor.qualifications.all())
        self.registrations = list(advisor.registrations.all())
        for registration in self.registrations:
            self.fields[f"register_{registration.pk}"] = forms.BooleanField(
                label=f"{registration.get_register_display()} {registration.identifier}: Eintrag im Register geprüft",
                required=False,
                initial=registration.verified_at is not None,
            )
        for qualification in self.qualifications:
            self.fields[f"qualifikation_{qualification.pk}"] = forms.ChoiceField(
                label="Entscheidung zu dieser Qualifikation",  # the fieldset's legend names it
                choices=ReviewState.choices,
                initial=qualification.review,
            )
            self.fields[f"qualifikation_{qualification.pk}_notiz"] = forms.CharField(
                label="Interner Vermerk (wird nicht mitgeteilt)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
                initial=qualification.review_reason,
            )

    def qualification_fields(self):
        return [(q, self[f"qualifikation_{q.pk}"], self[f"qualifikation_{q.pk}_notiz"]) for q in self.qualifications]

    def registration_fields(self):
        return [self[f"register_{r.pk}"] for r in self.registrations]

    def clean(self):
        """Checks every decision before anything is written, so that a refusal changes nothing."""
        cleaned = super().clean()
        action, reason = cleaned.get("action"), cleaned.get("reason", "")
        try:
            if action in STATUS_ACTIONS:
                verification.check_transition(self.advisor, STATUS_ACTIONS[action][0], reason)
            elif action == "aenderungen_ablehnen" and not reason.strip():  # decide_changes() asks the same
                raise ValidationError(verification.REASON_REQUIRED, code="reason")
        except ValidationError as error:
            self.add_error("reason" if error.code == "reason" else None, error)
        for qualification in self.qualifications:
            field = f"qualifikation_{qualification.pk}"
            # "geprüft" on the public profile promises that OM saw the proof (checked when accepting anew)
            newly_accepted = cleaned.get(field) == ReviewState.ACCEPTED != qualification.review
            if newly_accepted and not qualification.proof:
                self.add_error(field, PROOF_REQUIRED)
        if action in NEEDS_ACCEPTED_QUALIFICATIONS:
            accepted = sum(cleaned.get(f"qualifikation_{q.pk}") == ReviewState.ACCEPTED for q in self.qualifications)
            needed = EntryCriteria.current(self.advisor.track).min_qualifications
            if accepted < needed:
                self.add_error(
                    None,
                    ngettext(
                        "Für die Freigabe muss mindestens eine Qualifikation anerkannt sein (zurzeit %(accepted)d).",
                        "Für die Freigabe müssen mindestens %(needed)d Qualifikationen anerkannt sein "
                        "(zurzeit %(accepted)d).",
                        needed,
                    )
                    % {"needed": needed, "accepted": accepted},
                )
        return cleaned

    @transaction.atomic
    def save(self, actor):
        # Two verifiers on the same profile: the second decision waits for the first (row lock) and
        # is refused if the profile moved meanwhile, instead of overwriting it.
        current = Advisor.objects.select_for_update().only("status", "changes_submitted_at").get(pk=self.advisor.pk)
        if (current.status, current.changes_submitted_at) != (self.advisor.status, self.advisor.changes_submitted_at):
            raise ValidationError(DECIDED_MEANWHILE)
        today = timezone.localdate()
        for qualification in self.qualifications:
            decision = self.cleaned_data[f"qualifikation_{qualification.pk}"]
            note = self.cleaned_data[f"qualifikation_{qualification.pk}_notiz"]
            if decision != qualification.review or note != qualification.review_reason:
                if decision != qualification.review:
                    qualification.reviewed_at = today if decision != ReviewState.PENDING else None
                qualification.review, qualification.review_reason = decision, note
                qualification.save(update_fields=["review", "reviewed_at", "review_reason"])
        for registration in self.registrations:
            checked = self.cleaned_data[f"register_{registration.pk}"]
            if checked != (registration.verified_at is not None):
                registration.verified_at = today if checked else None
                registration.save(update_fields=["verified_at"])
        action, reason = self.cleaned_data["action"], self.cleaned_data["reason"]
        if action in CHANGE_ACTIONS:
            label, accept = CHANGE_ACTIONS[action]
            verification.decide_changes(self.advisor, accept, actor=actor, reason=reason)
        else:
            target, label = STATUS_ACTIONS[action]
            verification.transition(self.advisor, target, actor=actor, reason=reason)
        return label


def pending_change_rows(advisor, qualifications, registrations):
    """(what, public value, proposed value) for everything a published advisor changed that waits for OM."""
    if advisor.status != AdvisorStatus.PUBLISHED or not advisor.changes_submitted_at:
        return []
    rows = list(advisor.change_rows())
    rows += [
        ("Qualifikation (neu)", "–", f"{q.title} ({q.issuer})")
        for q in qualifications
        if q.review == ReviewState.PENDING
    ]
    rows += [
        ("Registereintrag (neu)", "–", f"{r.get_register_display()} {r.identifier}".strip())
        for r in registrations
        if r.verified_at is None
    ]
    return rows


def review(request, pk):
    if not request.user.has_perm("directory.verify_advisor"):
        raise PermissionDenied
    advisor = get_object_or_404(
        Advisor.objects.select_related("photo", "pending_revision").prefetch_related(
            "qualifications",
            "registrations",
            "references",
            "topics",
            "industries",
            "states_served",
            "languages",
            "authorised_products",
        ),
        pk=pk,
    )
    form = ReviewForm(request.POST if request.method == "POST" else None, advisor=advisor)
    if request.method == "POST":
        if form.is_valid():
            try:
                label = form.save(actor=request.user)
            except ValidationError as error:  # a last check in the model (e.g. a concurrent decision)
                form.add_error(None, error)
            else:
                messages.success(request, f"{advisor.name}: {label} – erledigt.")
                return redirect("wagtailsnippets_directory_advisor:list")
        messages.error(request, REFUSED)
    since = review_queue.waiting_since(advisor)
    context = {
        **public_profile_context(advisor),
        "form": form,
        "waiting": review_queue.waiting_label(since),
        "changes": pending_change_rows(advisor, form.qualifications, form.registrations),
        "references": advisor.references.all(),
        "events": advisor.verification_events.select_related("actor")[:20],
    }
    return TemplateResponse(request, "directory/admin/review.html", context)

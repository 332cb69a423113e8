"""The verifiers' review screen: decide on each qualification, then on the profile."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from directory.models import Advisor, AdvisorStatus, EntryCriteria
from directory.models.qualifications import ReviewState

ACTIONS = {
    "in_pruefung": ("In Prüfung nehmen", AdvisorStatus.IN_REVIEW),
    "freigeben": ("Freigeben und veröffentlichen", AdvisorStatus.PUBLISHED),
    "ablehnen": ("Ablehnen", AdvisorStatus.REJECTED),
    "sperren": ("Sperren", AdvisorStatus.BLOCKED),
}
# For a published profile with changes waiting: decide on the changes, the profile stays public.
CHANGE_ACTIONS = {
    "aenderungen_uebernehmen": ("Änderungen übernehmen", True),
    "aenderungen_ablehnen": ("Änderungen nicht übernehmen", False),
}
NEEDS_ACCEPTED_QUALIFICATIONS = {"freigeben", "aenderungen_uebernehmen"}


def action_choices(advisor):
    if advisor.status == AdvisorStatus.PUBLISHED:
        changes = [(key, label) for key, (label, _) in CHANGE_ACTIONS.items()] if advisor.changes_submitted_at else []
        return [*changes, ("sperren", ACTIONS["sperren"][0])]
    return [(key, label) for key, (label, _) in ACTIONS.items()]


class ReviewForm(forms.Form):
    action = forms.ChoiceField(label="Entscheidung zum Profil")
    reason = forms.CharField(
        label="Begründung (wird der beratenden Person per E-Mail mitgeteilt)",
        widget=forms.Textarea,
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor = advisor
        self.fields["action"].choices = action_choices(advisor)
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
                label=f"Qualifikation „{qualification.title}“ ({qualification.issuer})",
                choices=ReviewState.choices,
                initial=qualification.review,
            )

    def qualification_fields(self):
        return [(q, self[f"qualifikation_{q.pk}"]) for q in self.qualifications]

    def registration_fields(self):
        return [self[f"register_{r.pk}"] for r in self.registrations]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in NEEDS_ACCEPTED_QUALIFICATIONS:
            accepted = sum(cleaned.get(f"qualifikation_{q.pk}") == ReviewState.ACCEPTED for q in self.qualifications)
            needed = EntryCriteria.current(self.advisor.track).min_qualifications
            if accepted < needed:
                raise forms.ValidationError(
                    f"Für die Freigabe müssen mindestens {needed} Qualifikation(en) anerkannt sein."
                )
        return cleaned

    @transaction.atomic
    def save(self, actor):
        today = timezone.localdate()
        for qualification in self.qualifications:
            decision = self.cleaned_data[f"qualifikation_{qualification.pk}"]
            if decision != qualification.review:
                qualification.review = decision
                qualification.reviewed_at = today if decision != ReviewState.PENDING else None
                qualification.save(update_fields=["review", "reviewed_at"])
        for registration in self.registrations:
            checked = self.cleaned_data[f"register_{registration.pk}"]
            if checked != (registration.verified_at is not None):
                registration.verified_at = today if checked else None
                registration.save(update_fields=["verified_at"])
        action, reason = self.cleaned_data["action"], self.cleaned_data["reason"]
        if action in CHANGE_ACTIONS:
            label, accept = CHANGE_ACTIONS[action]
            self.advisor.decide_changes(accept, actor=actor, reason=reason)
        else:
            label, target = ACTIONS[action]
            self.advisor.transition(target, actor=actor, reason=reason)
        return label


def review(request, pk):
    if not request.user.has_perm("directory.verify_advisor"):
        raise PermissionDenied
    advisor = get_object_or_404(
        Advisor.objects.prefetch_related("qualifications", "registrations", "references"), pk=pk
    )
    form = ReviewForm(request.POST if request.method == "POST" else None, advisor=advisor)
    if request.method == "POST" and form.is_valid():
        try:
            label = form.save(actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{advisor.name}: {label} – erledigt.")
            return redirect("wagtailsnippets_directory_advisor:list")
    return TemplateResponse(
        request,
        "directory/admin/review.html",
        {"advisor": advisor, "form": form, "events": advisor.verification_events.select_related("actor")[:20]},
    )

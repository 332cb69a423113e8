"""The advisors' self-service area (no CMS access). Every view works on request.user's own
profile only; no view takes another advisor's id, so there is nothing to guess."""

import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from directory import gdpr, mentoring
from directory.models import (
    SUBMISSION_CONSENT_VERSION,
    Advisor,
    AdvisorStatus,
    Consent,
    EntryCriteria,
    MentorConfirmation,
)
from directory.selfservice.forms import (
    DeleteAccountForm,
    MentorForm,
    ProfileForm,
    QualificationForm,
    ReferenceForm,
    RegistrationForm,
    SubmitForm,
    TopicsForm,
)

EDITABLE = {AdvisorStatus.DRAFT, AdvisorStatus.REJECTED, AdvisorStatus.EXPIRED}
STEPS = [
    ("directory_self:profile", "1. Profil"),
    ("directory_self:topics", "2. Themen und Regionen"),
    ("directory_self:qualifications", "3. Qualifikationen"),
    ("directory_self:registrations", "4. Register und Referenzen"),
    ("directory_self:submit", "5. Prüfen und einreichen"),
]


def posted(request):
    """Form data for a bound form on POST, even an empty one (an unticked box sends nothing)."""
    return request.POST if request.method == "POST" else None


def own_advisor(request):
    return Advisor.objects.filter(user=request.user).first()


def own_editable_profile(allow_new=False):
    """Login required; the view gets the user's own profile, which must be editable (and must
    already exist unless `allow_new`, for the first step that creates it)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            advisor = own_advisor(request)
            if advisor is None and not allow_new:
                return redirect("directory_self:profile")
            if advisor is not None and advisor.status not in EDITABLE:
                messages.info(
                    request, f"Ihr Profil ist „{advisor.get_status_display()}“ und kann gerade nicht bearbeitet werden."
                )
                return redirect("directory_self:overview")
            return view(request, advisor, *args, **kwargs)

        return wrapper

    return decorate


def render_step(request, template, advisor, **context):
    return render(request, template, {"advisor": advisor, "steps": STEPS, **context})


@login_required
def overview(request):
    advisor = own_advisor(request)
    return render_step(request, "directory/selfservice/overview.html", advisor, checks=entry_checks(advisor))


@own_editable_profile(allow_new=True)
def profile(request, advisor):
    form = ProfileForm(posted(request), instance=advisor)
    if request.method == "POST" and form.is_valid():
        advisor = form.save(commit=False)
        if advisor.pk is None:
            advisor.user = request.user
            advisor.slug = f"{slugify(advisor.name)[:100]}-{uuid.uuid4().hex[:6]}"
        advisor.save()
        messages.success(request, "Gespeichert.")
        return redirect("directory_self:topics")
    return render_step(
        request, "directory/selfservice/step.html", advisor, form=form, title="Profil", current="directory_self:profile"
    )


@own_editable_profile()
def topics(request, advisor):
    form = TopicsForm(posted(request), instance=advisor)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Gespeichert.")
        return redirect("directory_self:qualifications")
    return render_step(
        request,
        "directory/selfservice/step.html",
        advisor,
        form=form,
        title="Themen und Regionen",
        current="directory_self:topics",
    )


@own_editable_profile()
def qualifications(request, advisor):
    form = QualificationForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        qualification = form.save(commit=False)
        qualification.advisor = advisor
        qualification.save()
        messages.success(request, "Qualifikation mit Nachweis gespeichert.")
        return redirect("directory_self:qualifications")
    return render_step(
        request,
        "directory/selfservice/qualifications.html",
        advisor,
        form=form,
        items=advisor.qualifications.all(),
        title="Qualifikationen",
        current="directory_self:qualifications",
    )


@own_editable_profile()
def registrations(request, advisor):
    which = request.POST.get("formular") if request.method == "POST" else None
    mentor_form = MentorForm(posted(request) if which == "mentor" else None, mentee=advisor, prefix="mentor")
    if mentor_form.is_bound and mentor_form.is_valid():
        mentoring.request_confirmation(advisor, mentor_form.mentor)
        messages.success(request, f"Wir haben {mentor_form.mentor.name} um Bestätigung gebeten.")
        return redirect("directory_self:registrations")
    registration_form = RegistrationForm(
        posted(request) if which == "register" else None, advisor=advisor, prefix="register"
    )
    reference_form = ReferenceForm(posted(request) if which == "referenz" else None, prefix="referenz")
    for form, label in ((registration_form, "Registereintrag"), (reference_form, "Referenz")):
        if form.is_bound and form.is_valid():
            item = form.save(commit=False)
            item.advisor = advisor
            if label == "Registereintrag" and item.consent_to_show:
                item.consent_at = timezone.now()
            item.save()
            messages.success(request, f"{label} gespeichert.")
            return redirect("directory_self:registrations")
    return render_step(
        request,
        "directory/selfservice/registrations.html",
        advisor,
        registration_form=registration_form,
        reference_form=reference_form,
        mentor_form=mentor_form,
        mentoring=MentorConfirmation.objects.filter(mentee=advisor).select_related("mentor").first(),
        registrations=advisor.registrations.all(),
        references=advisor.references.all(),
        title="Register und Referenzen",
        current="directory_self:registrations",
    )


OWN_ITEMS = {
    "qualifikation": ("qualifications", "Qualifikation"),
    "register": ("registrations", "Registereintrag"),
    "referenz": ("references", "Referenz"),
}


@login_required
@require_POST
def delete_item(request, kind, pk):
    """Deletes one of the advisor's own qualifications, register entries or references."""
    advisor = own_advisor(request)
    if advisor is None or advisor.status not in EDITABLE or kind not in OWN_ITEMS:
        raise Http404
    relation, label = OWN_ITEMS[kind]
    get_object_or_404(getattr(advisor, relation), pk=pk).delete()  # only one's own: others are 404
    messages.success(request, f"{label} gelöscht.")
    return redirect("directory_self:qualifications" if kind == "qualifikation" else "directory_self:registrations")


def entry_checks(advisor):
    """What the system can check before submission: (label, fulfilled) per criterion."""
    if advisor is None:
        return []
    criteria = EntryCriteria.current(advisor.track)
    proven = advisor.qualifications.exclude(proof="").count()
    checks = [
        (
            f"Mindestens {criteria.min_years_experience} Jahre Beratungserfahrung",
            advisor.years_experience >= criteria.min_years_experience,
        ),
        (f"Mindestens {criteria.min_qualifications} Qualifikation mit Nachweis", proven >= criteria.min_qualifications),
        (
            f"Mindestens {criteria.min_references} Kundenreferenz(en)",
            advisor.references.count() >= criteria.min_references,
        ),
        ("Mindestens ein Beratungsthema", advisor.topics.exists()),
        *(
            [
                (
                    "Mentorin oder Mentor hat die Begleitung bestätigt",
                    MentorConfirmation.objects.filter(mentee=advisor, confirmed_at__isnull=False).exists(),
                )
            ]
            if criteria.requires_mentor
            else []
        ),
        ("Bundesland oder Umkreis angegeben", advisor.states_served.exists() or bool(advisor.service_radius_km)),
    ]
    return checks


@own_editable_profile()
def submit(request, advisor):
    checks = entry_checks(advisor)
    form = SubmitForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if not all(ok for _, ok in checks):
            form.add_error(None, "Noch sind nicht alle Aufnahmekriterien erfüllt (siehe Liste).")
        else:
            with transaction.atomic():
                Consent.objects.create(
                    user=request.user,
                    purpose="pruefung_veroeffentlichung",
                    version=SUBMISSION_CONSENT_VERSION,
                    text=form.fields["confirm"].label,
                )
                try:
                    if advisor.status != AdvisorStatus.DRAFT:
                        advisor.transition(AdvisorStatus.DRAFT, actor=request.user)
                    advisor.transition(AdvisorStatus.SUBMITTED, actor=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
            if not form.errors:
                messages.success(request, "Ihr Profil wurde eingereicht. Die OM meldet sich per E-Mail.")
                return redirect("directory_self:overview")
    return render_step(
        request,
        "directory/selfservice/submit.html",
        advisor,
        form=form,
        checks=checks,
        criteria=EntryCriteria.current(advisor.track),
        title="Prüfen und einreichen",
        current="directory_self:submit",
    )


@login_required
def export_data(request):
    """All data the advisor provided, as JSON (GDPR Art. 15 and 20)."""
    response = JsonResponse(gdpr.export(request.user), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="mittelstand-gut-beraten-meine-daten.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def delete_account(request):
    """Deletes profile, proofs, index entry, sessions and account after the password is confirmed."""
    form = DeleteAccountForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        gdpr.erase(request.user)
        logout(request)
        messages.success(request, "Ihr Konto und alle Ihre Daten wurden gelöscht.")
        return redirect("/")
    return render(request, "directory/selfservice/delete.html", {"form": form})


@login_required
def confirm_mentoring(request, token):
    """The mentor's side: only the named mentor, logged in, can confirm, and only once."""
    confirmation = mentoring.confirmation_for(token, request.user)
    if confirmation is None:
        raise Http404
    if request.method == "POST":
        mentoring.confirm(confirmation)
        messages.success(request, f"Danke – Ihre Begleitung von {confirmation.mentee.name} ist bestätigt.")
        return redirect("directory_self:overview")
    return render(request, "directory/selfservice/confirm_mentoring.html", {"confirmation": confirmation})

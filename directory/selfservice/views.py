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
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.tokens import token_hash
from directory import contributions, gdpr, mentoring, photo_stash, verification
from directory.models import (
    SUBMISSION_CONSENT_VERSION,
    Advisor,
    AdvisorStatus,
    ClaimInvitation,
    Consent,
    EntryCriteria,
    MentorConfirmation,
    Track,
)
from directory.models.advisor import RENEWAL_WINDOW_DAYS
from directory.models.consent import CLAIM_CONSENT_VERSION, REGISTER_CONSENT_TEXT, REGISTER_CONSENT_VERSION
from directory.models.qualifications import ReviewState
from directory.selfservice.access import own_advisor
from directory.selfservice.forms import (
    ClaimForm,
    DeleteAccountForm,
    MentorForm,
    ProfileForm,
    QualificationForm,
    ReferenceForm,
    RegistrationForm,
    SubmitForm,
    TopicsForm,
)
from directory.selfservice.progress import STEP_COUNT, criteria_for, lock_reason, progress, step_title, track_overview
from directory.views import public_profile_context

EDITABLE = {AdvisorStatus.DRAFT, AdvisorStatus.REJECTED, AdvisorStatus.EXPIRED}
# A published profile stays editable: changes that need proof wait for OM (verification.save_own_edit).
CHANGEABLE = EDITABLE | {AdvisorStatus.PUBLISHED}


def posted(request):
    """Form data for a bound form on POST, even an empty one (an unticked box sends nothing)."""
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None


def own_editable_profile(allow_new=False, statuses=CHANGEABLE):
    """Login required; the view gets the user's own profile, which must be in one of `statuses`
    (and must already exist unless `allow_new`, for the first step that creates it)."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            advisor = own_advisor(request)
            if advisor is None and not allow_new:
                return redirect("directory_self:profile")
            if advisor is not None and advisor.status not in statuses:
                return render_locked(request, advisor, lock_reason(advisor))
            return view(request, advisor, *args, **kwargs)

        return wrapper

    return decorate


def render_step(request, template, advisor, *, current=None, status=200, **context):
    """A page of the self-service with the steps and their progress; the title is the step's."""
    if current:
        context.setdefault("title", step_title(current))
    steps = progress(advisor)
    context |= {"advisor": advisor, "steps": steps, "step_count": STEP_COUNT, "current": current}
    context["steps_done"] = sum(step.done for step in steps)
    return render(request, template, context, status=status)


def render_locked(request, advisor, reason):
    """A step that cannot be used now says why and what is still possible, instead of sending the
    advisor back to the overview without a word. A refused POST changes nothing (409)."""
    current = request.resolver_match.view_name
    return render_step(
        request,
        "directory/selfservice/locked.html",
        advisor,
        current=current,
        reason=reason,
        status=409 if request.method == "POST" else 200,
    )


@login_required
def overview(request):
    advisor = own_advisor(request)
    context = {"checks": entry_checks(advisor), "criteria": criteria_for(advisor), "lock_reason": None}
    if advisor is None:
        context["tracks"] = track_overview()
    else:
        context["lock_reason"] = lock_reason(advisor)
    if advisor is not None and advisor.is_public:
        context["pending_changes"] = advisor.change_lines()
        context["overview_links"] = contributions.sections(contributions.overview_links, advisor)
        if advisor.track == Track.JUNIOR and "track" not in advisor.proposed_changes():
            standard = EntryCriteria.current(Track.STANDARD)
            context["promotion_possible"] = all(ok for _, ok in standard.checks(advisor))
    return render_step(request, "directory/selfservice/overview.html", advisor, **context)


@own_editable_profile(allow_new=True)
def profile(request, advisor):
    if advisor is not None and advisor.is_public:
        return published_profile(request, advisor)
    form = ProfileForm(
        posted(request), posted_files(request), instance=advisor, kept_photo=photo_stash.kept_name(request)
    )
    if request.method == "POST" and form.is_valid():
        advisor = form.save(commit=False)
        if advisor.pk is None:
            advisor.user = request.user
            advisor.slug = f"{slugify(advisor.name)[:100]}-{uuid.uuid4().hex[:6]}"
        advisor.save()
        with photo_stash.taken(request) as kept:
            form.save_photo(advisor, kept)
        messages.success(request, "Gespeichert.")
        return redirect("directory_self:topics")
    if request.method == "POST":
        keep_chosen_photo(request, form)
    return render_step(request, "directory/selfservice/step.html", advisor, form=form, current="directory_self:profile")


def published_profile(request, live):
    """Profile step of a published advisor: the form shows what they last saved (incl. changes
    still waiting for OM); a track change must meet the new track's criteria first."""
    # nosemgrep: om-selfservice-query-not-scoped-to-owner - live is the signed-in advisor's own profile
    instance = Advisor.objects.get(pk=live.pk).apply_proposal()
    form = ProfileForm(
        posted(request), posted_files(request), instance=instance, kept_photo=photo_stash.kept_name(request)
    )
    if request.method == "POST" and form.is_valid():
        edited = form.instance
        if edited.track != live.track:
            missing = [label for label, ok in EntryCriteria.current(edited.track).checks(edited) if not ok]
            if missing:
                form.add_error(
                    "track", f"Für den Wechsel fehlen noch: {'; '.join(missing)}. Ihre übrigen Eingaben sind erhalten."
                )
        if not form.errors:
            with photo_stash.taken(request) as kept:
                form.save_photo(live, kept)
            if verification.save_own_edit(live, edited, ProfileForm.Meta.fields, user=request.user):
                messages.success(
                    request,
                    "Gespeichert. Die Änderungen an Name, Erfahrung oder Zugang prüft die OM; bis dahin bleibt Ihr "
                    "geprüftes Profil sichtbar.",
                )
            else:
                messages.success(request, "Gespeichert und sofort im öffentlichen Profil sichtbar.")
            return redirect("directory_self:topics")
    if request.method == "POST":
        keep_chosen_photo(request, form)
    return render_step(request, "directory/selfservice/step.html", live, form=form, current="directory_self:profile")


def keep_chosen_photo(request, form):
    """The profile form came back with errors: a photo that passed its own checks is kept for the
    next try (browsers cannot refill a file input); "nicht verwenden" drops the kept one."""
    upload = form.cleaned_data.get("photo_upload")
    if upload:
        photo_stash.keep(request, upload, form.chosen_photo_name)
    elif form.cleaned_data.get("discard_kept_photo"):
        photo_stash.discard(request)
    form.show_kept_photo(photo_stash.kept_name(request))


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
        current="directory_self:topics",
    )


@own_editable_profile()
def qualifications(request, advisor):
    form = QualificationForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        qualification = form.save(commit=False)
        qualification.advisor = advisor
        qualification.save()
        messages.success(request, "Qualifikation mit Nachweis gespeichert.")
        note_change_for_review(request, advisor, "Qualifikation")
        return redirect("directory_self:qualifications")
    return render_step(
        request,
        "directory/selfservice/qualifications.html",
        advisor,
        form=form,
        items=advisor.qualifications.all(),
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
                record_register_consent(request.user, item)
            item.save()
            messages.success(request, f"{label} gespeichert.")
            if label == "Registereintrag":
                note_change_for_review(request, advisor, label)
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
        register_consent_text=REGISTER_CONSENT_TEXT,
        references=advisor.references.all(),
        current="directory_self:registrations",
    )


def note_change_for_review(request, advisor, label):
    """New proofs of a published profile go to OM; they are public once accepted."""
    if advisor.is_public:
        verification.request_change_review(advisor)
        messages.info(request, f"Die OM prüft den neuen Eintrag ({label}); danach erscheint er im Profil.")


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
    if advisor is None or advisor.status not in CHANGEABLE or kind not in OWN_ITEMS:
        raise Http404
    relation, label = OWN_ITEMS[kind]
    item = get_object_or_404(getattr(advisor, relation), pk=pk)  # only one's own: others are 404
    target = "directory_self:qualifications" if kind == "qualifikation" else "directory_self:registrations"
    if advisor.is_public and kind == "qualifikation" and item.review == ReviewState.ACCEPTED:
        needed = EntryCriteria.current(advisor.track).min_qualifications
        if advisor.qualifications.filter(review=ReviewState.ACCEPTED).count() <= needed:
            needs = ngettext(
                "mindestens eine anerkannte Qualifikation", "mindestens %(n)d anerkannte Qualifikationen", needed
            ) % {"n": needed}
            messages.error(
                request, f"Ein veröffentlichtes Profil braucht {needs}. Bitte reichen Sie zuerst eine neue ein."
            )
            return redirect(target)
    item.delete()
    messages.success(request, f"{label} gelöscht.")
    return redirect(target)


def entry_checks(advisor):
    """The entry criteria of the advisor's track, checked as far as the system can."""
    return EntryCriteria.current(advisor.track).checks(advisor) if advisor else []


@own_editable_profile()
def submit(request, advisor):
    """Submits a draft for verification or, in the last 60 days of a published profile, asks for
    its renewal (the profile stays public meanwhile). Both check today's entry criteria."""
    renewal = advisor.is_public
    if renewal and not advisor.renewal_open:
        if advisor.renewal_requested_at:
            reason = "Die Erneuerung ist beantragt; die OM meldet sich per E-Mail."
        else:
            until = f" (gültig bis {date_format(advisor.verified_until, 'j. F Y')})" if advisor.verified_until else ""
            reason = (
                f"Ihr Eintrag ist veröffentlicht{until}. Erneuern können Sie ihn in den letzten "
                f"{RENEWAL_WINDOW_DAYS} Tagen vor Ablauf; wir erinnern Sie per E-Mail."
            )
        return render_locked(request, advisor, reason)
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
                    if renewal:
                        verification.request_renewal(advisor)
                    else:
                        if advisor.status != AdvisorStatus.DRAFT:
                            verification.transition(advisor, AdvisorStatus.DRAFT, actor=request.user)
                        verification.transition(advisor, AdvisorStatus.SUBMITTED, actor=request.user)
                except ValidationError as error:
                    form.add_error(None, error)
            if not form.errors:
                messages.success(
                    request,
                    "Die Erneuerung ist beantragt. Ihr Eintrag bleibt sichtbar, bis die OM entschieden hat."
                    if renewal
                    else "Ihr Profil wurde eingereicht. Die OM meldet sich per E-Mail.",
                )
                return redirect("directory_self:overview")
    return render_step(
        request,
        "directory/selfservice/submit.html",
        advisor,
        form=form,
        checks=checks,
        criteria=EntryCriteria.current(advisor.track),
        renewal=renewal,
        title="Eintrag erneuern" if renewal else "Prüfen und einreichen",
        current="directory_self:submit",
    )


@login_required
def preview(request):
    """The public profile as it will look once OM has verified it, rendered by the same partial
    as the public page; a published advisor sees the changes still waiting for OM applied."""
    advisor = own_advisor(request)
    if advisor is None:
        return redirect("directory_self:profile")
    shown = advisor.apply_proposal() if advisor.is_public else advisor  # in memory only, nothing is saved
    context = public_profile_context(shown)
    pending = [
        ngettext("%(n)d Qualifikation", "%(n)d Qualifikationen", n) % {"n": n}
        for n in [advisor.qualifications.exclude(review=ReviewState.ACCEPTED).count()]
        if n
    ] + [
        ngettext("%(n)d Registereintrag", "%(n)d Registereinträge", n) % {"n": n}
        for n in [advisor.registrations.filter(verified_at__isnull=True).count()]
        if n
    ]
    context.pop("advisor")
    return render_step(request, "directory/selfservice/preview.html", shown, pending=pending, **context)


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


def claim(request, token):
    """An imported person's personal link: take the draft over into their own account (consent
    first), or have it deleted at once. The token proves the mailbox; it works once."""
    invitation = (
        # nosemgrep: om-selfservice-query-not-scoped-to-owner - the secret token proves the owner (no account yet)
        ClaimInvitation.objects.filter(token_hash=token_hash(token), claimed_at__isnull=True)
        .select_related("advisor", "import_run")
        .first()
    )
    if invitation is None:
        return render(request, "directory/selfservice/claim.html", {"invalid": True}, status=404)
    advisor = invitation.advisor
    context = {"invitation": invitation, "advisor": advisor}
    if request.method == "POST" and request.POST.get("action") == "loeschen":
        advisor.delete()
        return render(request, "directory/selfservice/claim.html", {"deleted": True})
    if not request.user.is_authenticated:
        return render(request, "directory/selfservice/claim.html", context)
    if own_advisor(request) is not None:
        context["has_profile"] = True
        return render(request, "directory/selfservice/claim.html", context)
    form = ClaimForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            Consent.objects.create(
                user=request.user,
                purpose="uebernahme_import",
                version=CLAIM_CONSENT_VERSION,
                text=form.fields["confirm"].label,
            )
            advisor.user = request.user
            advisor.save(update_fields=["user"])
            invitation.claimed_at = timezone.now()
            invitation.save(update_fields=["claimed_at"])
        messages.success(
            request, "Der Eintrag gehört jetzt zu Ihrem Konto. Bitte ergänzen Sie ihn und reichen Sie ihn ein."
        )
        return redirect("directory_self:profile")
    return render(request, "directory/selfservice/claim.html", {**context, "form": form})


def _register_purpose(item):
    return f"registernummer_{item.register}"


def record_register_consent(user, item):
    """The number is shown (profile, API, exports) only after this provable consent (GDPR Art. 7)."""
    Consent.objects.create(
        user=user,
        purpose=_register_purpose(item),
        version=REGISTER_CONSENT_VERSION,
        text=f"{REGISTER_CONSENT_TEXT} Register: {item.get_register_display()}, Nummer: {item.identifier}",
    )
    item.consent_to_show, item.consent_at = True, timezone.now()


@login_required
@require_POST
def registration_consent(request, pk):
    """Gives or withdraws consent to show one's own register number; possible in every status."""
    advisor = own_advisor(request)
    if advisor is None:
        raise Http404
    item = get_object_or_404(advisor.registrations, pk=pk)
    if request.POST.get("einwilligung") == "erteilen":
        if not item.identifier:
            messages.error(request, "Ohne Nummer gibt es nichts anzuzeigen. Bitte den Eintrag mit Nummer neu anlegen.")
            return redirect("directory_self:registrations")
        record_register_consent(request.user, item)
        messages.success(request, f"Ihre Nummer im Register „{item.get_register_display()}“ wird angezeigt.")
    else:
        item.consent_to_show, item.consent_at = False, None
        Consent.objects.filter(user=request.user, purpose=_register_purpose(item), withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        messages.success(request, "Einwilligung widerrufen: Die Nummer wird nicht mehr angezeigt.")
    item.save()
    return redirect("directory_self:registrations")

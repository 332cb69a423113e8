"""OM's side in the Wagtail admin: decide on a rating (flagged, disputed, reported, or only its
comment) with a recorded reason, download the rater's proof, record an engagement for an advisor."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from directory.models import Advisor
from directory.storage import private_download
from ratings import service
from ratings.forms import DecisionForm, EngagementForm
from ratings.models import Rating


def _moderator(request):
    if not request.user.has_perm("ratings.moderate_rating"):
        raise PermissionDenied


def decide(request, pk):
    _moderator(request)
    rating = get_object_or_404(
        Rating.objects.select_related("advisor", "engagement", "decided_by").prefetch_related("scores", "reports"),
        pk=pk,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service.decide(rating, data["keep"], data["reason"], request.user, data["comment_ok"])
        messages.success(request, f"Bewertung für {rating.advisor.name}: {rating.get_status_display()} – erledigt.")
        return redirect("wagtailsnippets_ratings_rating:list")
    labels = {c.key: c.label for c in rating.criteria.criteria.all()}
    scores = [(labels.get(s.key, s.key), s.value) for s in rating.scores.all()]
    context = {"rating": rating, "form": form, "scores": scores}
    return TemplateResponse(request, "ratings/admin/decide.html", context, status=400 if form.errors else 200)


def statement_proof(request, pk):
    """The rater's proof in a dispute: moderators only; 404 for everyone else."""
    rating = get_object_or_404(Rating, pk=pk)
    if not request.user.has_perm("ratings.moderate_rating") or not rating.statement_proof:
        raise Http404
    return private_download(rating.statement_proof, f"beleg-bewertung-{rating.pk}")


class StaffEngagementForm(EngagementForm):
    advisor = forms.ModelChoiceField(Advisor.objects.published().order_by("name"), label="Berater:in")
    field_order = ["advisor"]


def record_engagement(request):
    if not request.user.has_perm("ratings.add_engagement"):
        raise PermissionDenied
    form = StaffEngagementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service.record_engagement(data["advisor"], data["company"], data["contact_email"], data["month"], request.user)
        messages.success(request, f"Auftrag erfasst; Einladung an {data['contact_email']} gesendet.")
        return redirect("wagtailsnippets_ratings_engagement:list")
    return TemplateResponse(
        request, "ratings/admin/record_engagement.html", {"form": form}, status=400 if form.errors else 200
    )

"""The advisor's side, in the self-service area: record engagements (which sends the invitation),
reply once to a rating, object to one. Only the logged-in advisor's own data, always."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import ratelimit
from directory.models import AdvisorStatus
from directory.selfservice.access import own_advisor
from ratings import service
from ratings.forms import EngagementForm, ObjectionForm, ReplyForm
from ratings.models import Rating
from ratings.summary import summary

INVITATIONS_PER_DAY = 20


def _own_published_advisor(request):
    advisor = own_advisor(request)
    return advisor if advisor is not None and advisor.status == AdvisorStatus.PUBLISHED else None


def _page(request, advisor, form=None, status=200, bound=None):
    """The list of engagements and ratings; `bound` = (rating id, form) for a form with errors."""
    ratings = advisor.ratings.select_related("engagement").prefetch_related("scores").order_by("-created_at")
    forms_for = {
        r.pk: (ReplyForm(prefix=f"antwort-{r.pk}"), ObjectionForm(prefix=f"beanstandung-{r.pk}")) for r in ratings
    }
    if bound:
        pk, bound_form = bound
        reply, objection = forms_for[pk]
        forms_for[pk] = (bound_form, objection) if isinstance(bound_form, ReplyForm) else (reply, bound_form)
    context = {
        "advisor": advisor,
        "form": form or EngagementForm(),
        "engagements": advisor.engagements.order_by("-recorded_at"),
        "ratings": [(r, *forms_for[r.pk]) for r in ratings],
        "summary": summary(advisor),
    }
    return render(request, "ratings/selfservice.html", context, status=status)


@login_required
def overview(request):
    advisor = _own_published_advisor(request)
    if advisor is None:
        messages.info(request, "Bewertungen gibt es für veröffentlichte Profile.")
        return redirect("directory_self:overview")
    if request.method != "POST":
        return _page(request, advisor)
    form = EngagementForm(request.POST)
    if not form.is_valid():
        return _page(request, advisor, form, status=400)
    if ratelimit.exceeded("ratings-invitations", str(advisor.pk), INVITATIONS_PER_DAY, 86400):
        form.add_error(None, f"Höchstens {INVITATIONS_PER_DAY} Einladungen am Tag. Bitte morgen erneut versuchen.")
        return _page(request, advisor, form, status=429)
    data = form.cleaned_data
    service.record_engagement(advisor, data["company"], data["contact_email"], data["month"], request.user)
    messages.success(request, f"Auftrag erfasst; die Einladung zur Bewertung ist an {data['contact_email']} unterwegs.")
    return redirect("ratings_self:list")


def _own_rating_action(form_class, prefix, act, done):
    @login_required
    @require_POST
    def view(request, pk):
        advisor = _own_published_advisor(request)
        rating = get_object_or_404(Rating, pk=pk, advisor=advisor)  # another advisor's rating: 404
        form = form_class(request.POST, prefix=f"{prefix}-{rating.pk}")
        if form.is_valid():
            try:
                act(rating, next(iter(form.cleaned_data.values())))
            except service.RatingRefused as refused:
                messages.error(request, str(refused))
            else:
                messages.success(request, done)
            return redirect("ratings_self:list")
        return _page(request, advisor, status=400, bound=(rating.pk, form))

    return view


reply = _own_rating_action(ReplyForm, "antwort", service.reply, "Ihre Antwort ist veröffentlicht.")
object_to = _own_rating_action(
    ObjectionForm,
    "beanstandung",
    service.object_to,
    "Die Bewertung ist bis zur Entscheidung der OM ausgeblendet. Wir haben die bewertende Person um eine "
    "Beschreibung des Auftrags und einen Beleg gebeten.",
)

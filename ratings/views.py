"""Public pages of the rating process: the invitation form, the rater's statement in a dispute,
and the report form that anyone may use (DSA Art. 16). Every refusal is a German page, never a 500."""

from django.shortcuts import get_object_or_404, render

from core import ratelimit
from core.clientip import client_ip
from directory.models import AdvisorStatus
from ratings import service
from ratings.forms import RatingForm, ReportForm, StatementForm
from ratings.models import CriteriaVersion, Rating, RatingStatus

TOO_MANY = (
    "Zu viele Versuche in kurzer Zeit. Bitte versuchen Sie es in einer Stunde erneut – Ihre Eingaben sind erhalten."
)
LIMITS = {"rate": (20, 3600), "statement": (10, 3600), "report": (5, 3600)}  # POSTs per address and hour


def _checked(request, form, scope):
    """None when a POSTed form may be processed, else the status to show the form with."""
    if request.method != "POST":
        return 200
    limit, seconds = LIMITS[scope]
    if ratelimit.exceeded(f"ratings-{scope}", client_ip(request), limit, seconds):
        form.add_error(None, TOO_MANY)
        return 429
    return None if form.is_valid() else 400


def _refused(request, message, status):
    return render(request, "ratings/refused.html", {"message": message}, status=status)


def rate(request, token):
    try:
        engagement = service.engagement_for(token)
    except service.RatingRefused as refused:
        return _refused(request, str(refused), 410)
    criteria = CriteriaVersion.current()
    form = RatingForm(request.POST or None, criteria=criteria, initial={"month": engagement.month})
    status = _checked(request, form, "rate")
    if status is None:
        data = form.cleaned_data
        try:
            service.submit_rating(token, data["email"], form.scores, data["comment"], data["month"])
        except service.RatingRefused as refused:
            form.add_error(None, str(refused))
            status = 400
        else:
            return render(request, "ratings/thanks.html", {"advisor": engagement.advisor})
    context = {"form": form, "advisor": engagement.advisor, "expires_at": engagement.expires_at}
    return render(request, "ratings/rate.html", context, status=status)


def statement(request, token):
    try:
        rating = service.statement_for(token)
    except service.RatingRefused as refused:
        return _refused(request, str(refused), 410)
    form = StatementForm(request.POST or None, request.FILES or None)
    status = _checked(request, form, "statement")
    if status is None:
        service.give_statement(rating, form.cleaned_data["statement"], form.cleaned_data["proof"])
        return render(request, "ratings/thanks.html", {"advisor": rating.advisor, "statement": True})
    return render(request, "ratings/statement.html", {"form": form, "rating": rating}, status=status)


def report(request, pk):
    rating = get_object_or_404(Rating, pk=pk, status=RatingStatus.PUBLISHED, advisor__status=AdvisorStatus.PUBLISHED)
    form = ReportForm(request.POST or None)
    status = _checked(request, form, "report")
    if status is None:
        data = form.cleaned_data
        service.report(rating, data["reason"], data["explanation"], data["email"])
        return render(request, "ratings/thanks.html", {"advisor": rating.advisor, "reported": True})
    return render(request, "ratings/report.html", {"form": form, "rating": rating}, status=status)

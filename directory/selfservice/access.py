"""Whose profile a self-service request works on: the logged-in user's own, always. A module of its
own (not the views) so that apps building on the self-service (ratings) can use it too."""

from directory.models import Advisor


def own_advisor(request):
    """The request user's advisor profile, or None if they have none yet."""
    return Advisor.objects.filter(user=request.user).first()

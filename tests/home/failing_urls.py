"""A URLconf with one view that fails, to render the site's 500 page in a test."""

from django.urls import path


def broken(request):
    raise RuntimeError("simulated failure")


urlpatterns = [path("kaputt/", broken)]

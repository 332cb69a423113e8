"""Request guards that hold for every view."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

NUL_REFUSED = "Die Anfrage enthält ein unzulässiges Steuerzeichen (NUL). Bitte prüfen Sie die Adresse."


class RefuseNulBytes:
    """A NUL byte in a query parameter can mean nothing to this site, and PostgreSQL refuses it in
    any text comparison (a 500 from whichever filter meets it first): refused once, here, for every
    page. The partner APIs (/api/) answer in their own documented formats and clean such values themselves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

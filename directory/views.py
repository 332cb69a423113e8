from collections import defaultdict
from urllib.parse import urlsplit

import vobject
from csp.decorators import csp_replace
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from core import json_ld, ratelimit
from core.public_url import absolute_url
from directory import contact, contributions, exports, where_else
from directory.models import Advisor, AdvisorStatus, MentorConfirmation, Qualification, TaggedTopic, Track
from directory.public import LICENCE, public_advisors, record, registration_record, shown_registrations
from directory.search import backends
from directory.search.germany import state_map
from directory.search.query import FACETS_BY_KEY, RADII, SearchForm, SearchQuery
from directory.search.suggest import suggestions
from directory.storage import private_download


def _json_ld(advisor):
    data = {
        "@type": "Person",
        "name": advisor.name,
        "description": advisor.short_profile,
        "url": absolute_url(advisor.get_absolute_url()),
        "jobTitle": "Unternehmensberater:in",
        "address": {
            "@type": "PostalAddress",
            "postalCode": advisor.postcode,
            "addressLocality": advisor.city,
            "addressCountry": "DE",
        },
        "knowsAbout": [topic.name for topic in advisor.topics.all()],
        "knowsLanguage": [language.name for language in advisor.languages.all()],
    }
    if advisor.organisation:
        data["worksFor"] = {"@type": "Organization", "name": advisor.organisation}
    if advisor.website:
        data["sameAs"] = [advisor.website]
    return json_ld.script(data)


def proof(request, pk):
    """A qualification proof, for its owner and the verifiers only. Everyone else gets 404, so
    that not even the existence of a proof leaks."""
    qualification = get_object_or_404(Qualification.objects.select_related("advisor__user"), pk=pk)
    user = request.user
    allowed = user.is_authenticated and (
        qualification.advisor.user_id == user.pk or user.has_perm("directory.verify_advisor")
    )
    if not allowed or not qualification.proof:
        raise Http404
    return private_download(qualification.proof, f"nachweis-{qualification.pk}")


def public_profile_context(advisor):
    """What templates/directory/_profile_body.html shows of an advisor: the public profile, the
    advisor's own preview and the verifiers' review render the same part."""
    mentoring = (
        MentorConfirmation.objects.filter(
            mentee=advisor, confirmed_at__isnull=False, mentor__status=AdvisorStatus.PUBLISHED
        )
        .select_related("mentor")
        .first()
        if advisor.track == Track.JUNIOR
        else None
    )
    return {
        "advisor": advisor,
        "mentor": mentoring.mentor if mentoring else None,
        "qualifications": [q for q in advisor.qualifications.all() if q.review == "anerkannt"],
        "registrations": [registration_record(r) for r in shown_registrations(advisor)],
        "profile_sections": contributions.sections(contributions.profile_sections, advisor),
    }


def profile(request, slug):
    """Public profile: only verified, published advisors exist for visitors (404 otherwise).
    A POST is the contact form; on any error the page comes back with everything entered."""
    advisor = get_object_or_404(public_advisors().select_related("user").prefetch_related("qualifications"), slug=slug)
    reachable = bool(advisor.user_id and advisor.user.email)
    form = contact.ContactForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and reachable and form.is_valid():
        if form.is_spam:  # a bot filled the hidden field: it gets the same answer, nobody gets mail
            return redirect(f"{advisor.get_absolute_url()}?gesendet=1#kontakt")
        if contact.over_limit(request, advisor):
            form.add_error(None, "Zu viele Nachrichten in kurzer Zeit. Bitte versuchen Sie es in einer Stunde erneut.")
            status = 429
        else:
            contact.send(advisor, form.cleaned_data)
            return redirect(f"{advisor.get_absolute_url()}?gesendet=1#kontakt")
    context = {
        **public_profile_context(advisor),
        "contact_form": form if reachable else None,
        "contact_started": contact.started_token(request.POST.get("started")),
        "contact_honeypot": contact.HONEYPOT,
        "contact_sent": request.GET.get("gesendet") == "1",
        "json_ld": _json_ld(advisor),
        "back_url": _back_to_results(request),
    }
    return render(request, "directory/profile.html", context, status=status)


def _back_to_results(request):
    """The result page of this site's advisor search the visitor came from (its address with the
    query, from the Referer), or None: the profile then links to the search itself."""
    came_from = urlsplit(request.headers.get("referer", ""))
    search_path = reverse("directory:search")
    if came_from.netloc != request.get_host() or came_from.path != search_path:
        return None
    return f"{search_path}?{came_from.query}" if came_from.query else search_path


@ratelimit.limited("directory-search", "SEARCH_RATE")
def search(request):
    """/berater/: full text, facets, postcode and radius; plain GET, so every result page has a
    shareable URL and works without JavaScript."""
    return render(request, "directory/search.html", _search_context(request))


# The facets a partner may preset in the embedded search (e.g. a chamber's region or a topic).
WIDGET_PRESETS = ("thema", "branche", "land", "produkt", "register", "sprache", "zugang")


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})  # any partner website may embed the public, read-only search
@require_GET
@ratelimit.limited("directory-search", "SEARCH_RATE")
def widget(request):
    """The directory search for partner websites (in an iframe, see static/js/embed.js): their
    presets stay fixed as hidden fields, profiles open in a new window on the OM site."""
    context = _search_context(request)
    context["presets"] = [(key, value) for key in WIDGET_PRESETS for value in context["query"].filters.get(key, ())]
    context["full_search_url"] = f"{reverse('directory:search')}?{request.GET.urlencode()}"
    return render(request, "directory/widget.html", context)


def _search_context(request):
    form = SearchForm(request.GET or None)
    form.is_valid()  # errors are shown; the valid parts still search
    query = form.to_query(request.GET) if form.is_bound else SearchQuery()
    result = backends.search(query)
    cards = _cards(result.hits)
    pages = query.page_count(result.total)
    wider = next((r for r in RADII if r > query.radius_km), None)
    return {
        "form": form,
        "query": query,
        "result": result,
        "cards": cards,
        "facets": [_facet(key, values) for key, values in result.facets.items() if values],
        "active_filters": sum(len(values) for values in query.filters.values()) + bool(query.min_rating),
        "state_map": state_map(result.facets.get("land", ()), lambda code: _replaced(request, land=code)),
        "page_number": query.page,
        "pages": pages,
        "page_links": _page_links(request, query.page, pages),
        "previous_url": _replaced(request, seite=query.page - 1) if query.page > 1 else None,
        "next_url": _replaced(request, seite=query.page + 1) if query.page < pages else None,
        "wider_radius": wider,
        **_where_else(query, result),
        "wider_url": _replaced(request, umkreis=wider) if wider and query.postcode else None,
    }


FACET_SHOWN = 6  # values per facet before "n weitere"


def _facet(key, values):
    """(facet, first values, further values, whether the further ones start open): long lists
    fold away, unless one of the folded values is selected."""
    more = values[FACET_SHOWN:]
    return FACETS_BY_KEY[key], values[:FACET_SHOWN], more, any(value.selected for value in more)


def _page_links(request, page, pages):
    """(number, url) for the page numbers: the first, the last and two either side of the current
    one; (None, None) marks a gap ("…")."""
    shown = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    links = []
    for number in shown:
        if links and number - links[-1][0] > 1:
            links.append((None, None))
        links.append((number, _replaced(request, seite=number)))
    return links if pages > 1 else []


CARD_FIELDS = ("name", "slug", "organisation", "postcode", "city", "verified_at", "track", "short_profile", "photo")


def _cards(hits):
    """(hit, advisor, topic names, product titles, contributed sections) per hit. Cards come from the database and only
    for published advisors: should the engine still hold a change that waits in the outbox, no
    blocked or deleted profile is ever shown. Three lean queries (a prefetch of the tag manager
    and the product pages cost four times as much)."""
    ids = [hit.advisor_id for hit in hits]
    published = Advisor.objects.published().filter(pk__in=ids).only(*CARD_FIELDS)
    advisors = {a.pk: a for a in published.prefetch_related("photo__renditions")}
    topics, products = defaultdict(list), defaultdict(list)
    tagged = TaggedTopic.objects.filter(content_object_id__in=advisors).order_by("tag__name")
    for advisor_id, name in tagged.values_list("content_object_id", "tag__name"):
        topics[advisor_id].append(name)
    authorised = Advisor.authorised_products.through.objects.filter(advisor_id__in=advisors)
    for advisor_id, title in authorised.order_by("productpage__title").values_list("advisor_id", "productpage__title"):
        products[advisor_id].append(title)
    sections = contributions.card_sections_for(advisors)
    return [
        (hit, advisors[hit.advisor_id], topics[hit.advisor_id], products[hit.advisor_id], sections[hit.advisor_id])
        for hit in hits
        if hit.advisor_id in advisors
    ]


def _where_else(query, result):
    """Only when nobody was found near the postcode: where else to turn (the nearest regional
    network; filled in by networks through directory/where_else.py)."""
    if not (query.origin and not result.total):
        return {}
    return where_else.context_for(query.origin)


def _replaced(request, **changes):
    """This search's URL with some parameters changed (a new radius starts at page 1)."""
    params = request.GET.copy()
    if "seite" not in changes:
        params.pop("seite", None)
    for key, value in changes.items():
        params[key] = value
    return f"?{params.urlencode()}"


@require_GET
@ratelimit.limited("directory-search", "SEARCH_RATE")
def suggest(request):
    """Suggestions for the search box (JSON); the page works without them."""
    return JsonResponse({"vorschlaege": suggestions(request.GET.get("q", ""))})


def _licensed(response):
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def export_csv(request):
    """The public directory as CSV for partners (data licence dl-de/by-2-0)."""
    response = HttpResponse(exports.csv_text(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mittelstand-gut-beraten.csv"'
    return _licensed(response)


@require_GET
def export_json(request):
    response = JsonResponse(exports.json_data(timezone.now()), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'attachment; filename="mittelstand-gut-beraten.json"'
    return _licensed(response)


@require_GET
def vcard(request, slug):
    """The public profile as a vCard for address books: no e-mail address (contact runs through
    the form on the profile), only what the profile page shows."""
    advisor = get_object_or_404(public_advisors(), slug=slug)
    data = record(advisor)
    card = vobject.vCard()
    card.add("fn").value = data["name"]
    given, _, family = data["name"].rpartition(" ")
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    if data["organisation"]:
        card.add("org").value = [data["organisation"]]
    card.add("adr").value = vobject.vcard.Address(code=data["postcode"], city=data["city"], country="Deutschland")
    card.add("url").value = data["website"] or data["url"]
    card.add("source").value = data["url"]
    card.add("note").value = data["short_profile"]
    if data["topics"]:
        card.add("categories").value = data["topics"]
    response = HttpResponse(card.serialize(), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{advisor.slug}.vcf"'
    return response

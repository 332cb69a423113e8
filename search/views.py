"""/suche/: the site-wide search page and its suggestions while typing."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.templatetags.wagtailsearchpromotions_tags import get_search_promotions
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core import ratelimit
from search import highlight, site
from search.forms import SiteSearchForm
from search.models import UnansweredQuery

ADVISORS_SHOWN = 3


@dataclass
class Item:
    """One result as the page shows it."""

    kind: site.Kind
    title: str
    url: str
    date: object
    snippet: str
    file_type: str = ""  # documents: "PDF", "DOCX", …
    carriers: tuple = ()  # documents: (title, url) of the pages that carry them


def _items(result, query_text, request):
    """The result page's items. Generic pages become their specific type in one query per type, and
    what their snippets read of related objects, and the pages that carry the documents, are loaded for
    all of them at once."""
    generic = [obj.pk for _, obj in result.hits if type(obj) is Page]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=generic).specific()} if generic else {}
    hits = [(kind, specific.get(obj.pk, obj) if type(obj) is Page else obj) for kind, obj in result.hits]
    highlight.prefetch_indexed([obj for kind, obj in hits if kind.key != "dokumente"])
    documents = [obj.document_id for kind, obj in hits if kind.key == "dokumente"]
    carriers = site.carrying_pages(documents, result.scope) if documents else {}
    return [_item(kind, obj, query_text, request, carriers) for kind, obj in hits]


def _item(kind, obj, query_text, request, carriers):
    if kind.key == "dokumente":
        document = obj.document
        pages = carriers[document.pk][:3]
        return Item(
            kind,
            obj.title,
            document.url,
            obj.date,
            highlight.snippet(obj.text, query_text),
            file_type=document.file_extension.upper(),
            carriers=tuple((page.title, page.get_url(request)) for page in pages),
        )
    return Item(
        kind,
        obj.title,
        obj.get_url(request),
        getattr(obj, kind.date_field, None),
        highlight.snippet(highlight.indexed_text(obj), query_text),
    )


def _log(query, result):
    """Counts the search for the editors' report (first page, all types: one search, not every click)."""
    if query.page != 1 or query.kind or query.date_from or query.date_to:
        return
    Query.get(query.text).add_hit()
    if not result.total:
        unanswered, _ = UnansweredQuery.objects.get_or_create(
            query_string=normalise_query_string(query.text)[:255], date=timezone.localdate()
        )
        UnansweredQuery.objects.filter(pk=unanswered.pk).update(hits=F("hits") + 1)


def _url(request, **changes):
    params = {key: value for key, value in request.GET.items() if value}
    params.update(changes)
    return "?" + urlencode({key: value for key, value in params.items() if value not in (None, "")})


@ratelimit.limited("site-search", "SEARCH_RATE")
def search(request):
    form = SiteSearchForm(request.GET or None)
    form.is_valid()  # errors are shown; the valid parts still search
    data = form.valid_data() if form.is_bound else {}
    query = site.SiteQuery.make(
        data.get("q") or "",
        kind=data.get("art") or "",
        date_from=data.get("von"),
        date_to=data.get("bis"),
        page=data.get("seite") or 1,
    )
    context = {"form": form, "query": query, "kinds": site.KINDS}
    if query.text:
        result = site.search(query, advisor_limit=ADVISORS_SHOWN)
        _log(query, result)
        pages = max(1, min(site.MAX_PAGE, -(-result.total // site.PER_PAGE)))
        context.update(
            result=result,
            items=_items(result, query.text, request),
            promotions=get_search_promotions(query.text) if query.page == 1 else [],
            advisors=result.advisors,
            kind_links=[
                (kind, result.counts[kind.key], _url(request, art=kind.key, seite=None)) for kind in site.KINDS
            ],
            all_url=_url(request, art=None, seite=None),
            pages=pages,
            previous_url=_url(request, seite=query.page - 1) if query.page > 1 else None,
            next_url=_url(request, seite=query.page + 1) if query.page < pages else None,
            suggestion_url=_url(request, q=result.suggestion, seite=None) if result.suggestion else None,
            without_filters_url=_url(request, art=None, von=None, bis=None, seite=None),
            first_page_url=_url(request, seite=None),
            all_count=sum(result.counts.values()),
            kind_label=site.KINDS_BY_KEY[query.kind].label if query.kind else "",
            first_number=(query.page - 1) * site.PER_PAGE + 1,
            sections=site.public_pages(result.scope).filter(depth=3, show_in_menus=True) if not result.total else [],
        )
    return render(request, "search/search.html", context)


@ratelimit.limited("site-search", "SEARCH_RATE")
def suggestions(request):
    """Titles of pages and documents that start like the typed text (JSON for the <datalist>)."""
    return JsonResponse({"vorschlaege": site.autocomplete(request.GET.get("q", ""))})

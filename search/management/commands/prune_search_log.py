"""Daily: forgets the search log older than WAGTAILSEARCH_HITS_MAX_AGE days (Wagtail's query
counts and our list of searches without results)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from search.models import UnansweredQuery


class Command(BaseCommand):
    help = "Löscht Suchstatistiken, die älter als WAGTAILSEARCH_HITS_MAX_AGE Tage sind."

    def handle(self, *args, **options):
        days = settings.WAGTAILSEARCH_HITS_MAX_AGE
        QueryDailyHits.garbage_collect(days)
        Query.garbage_collect()
        cutoff = timezone.localdate() - datetime.timedelta(days=days)
        deleted, _ = UnansweredQuery.objects.filter(date__lt=cutoff).delete()
        entries = ngettext("%d Eintrag", "%d Einträge", deleted) % deleted
        summary = f"Suchstatistik älter als {days} Tage gelöscht ({entries} ohne Treffer)."
        self.stdout.write(self.style.SUCCESS(summary))

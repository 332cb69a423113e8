"""The frame every page shares — main navigation, breadcrumbs, the footer's sections and legal links —
rendered once and kept in the shared cache, so that a page read costs one cache round trip for all
of it instead of a dozen queries and template renders.

Every entry carries the site structure's generation; any change that could alter the frame (a page
saved, published, unpublished, moved or deleted, a view restriction, a site, the footer settings)
draws a new generation, and entries of an older one count as missing. The new generation is drawn
at once (readers in the same transaction) and once more after the commit: a reader that rendered
from the old rows in between stored its entry under the generation it read first, which is by then
outdated. Shared cache, so every app server agrees; Redis away means rendering afresh (core.cache).
A new generation lost to a Redis outage at the moment of the change would keep the old frame: hence
entries last KEEP_SECONDS, like the full-page cache's pages. Drafts, autosaves and locks change no
live page and keep the generation.
"""

import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site
from wagtail.models.pages import COMMENTS_RELATION_NAME, get_page_models
from wagtail.signals import page_unpublished, post_page_move

GENERATION_KEY = "site-frame:generation"
KEEP_SECONDS = 10 * 60  # a bound, not the mechanism: changes draw a new generation at once
# What saving a draft, autosaving or locking writes to a page row: nothing a visitor sees.
DRAFT_FIELDS = {
    COMMENTS_RELATION_NAME,
    "latest_revision_created_at",
    "draft_title",
    "latest_revision",
    "has_unpublished_changes",
    "locked",
    "locked_by",
    "locked_at",
}


def _new_generation():
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def structure_changed(**kwargs):
    """Signal receiver: the frame may look different now."""
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def page_saved(sender, instance, update_fields=None, **kwargs):
    if not instance.live:
        return  # a draft; unpublishing sends page_unpublished
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    structure_changed()


def setting_saved(sender, created, **kwargs):
    # Site settings are created with their defaults on first read, by the very render that shows them.
    if not created:
        structure_changed()


def connect(*site_settings):
    """Connects the receivers; `site_settings` are the site settings the frame shows (the footer)."""
    for model in get_page_models():  # per model: a receiver for every sender would slow every bulk delete
        post_save.connect(page_saved, sender=model, dispatch_uid=f"site-frame-{model.__name__}-saved")
        post_delete.connect(structure_changed, sender=model, dispatch_uid=f"site-frame-{model.__name__}-deleted")
    page_unpublished.connect(structure_changed, dispatch_uid="site-frame-unpublished")
    post_page_move.connect(structure_changed, dispatch_uid="site-frame-moved")
    for model in (Site, PageViewRestriction, *site_settings):
        receiver = setting_saved if model in site_settings else structure_changed
        post_save.connect(receiver, sender=model, dispatch_uid=f"site-frame-{model.__name__}-saved")
        post_delete.connect(structure_changed, sender=model, dispatch_uid=f"site-frame-{model.__name__}-deleted")


def _generation(known):
    """The generation among the `known` cache entries, else read (and drawn, if there is none)."""
    generation = known.get(GENERATION_KEY) or cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = cache.get(GENERATION_KEY)
    return generation


def current_generation():
    return _generation({})


class Frame:
    """One request's frame: every part's cache entry is read in one round trip when the first part
    is asked for; a part is rendered only when its entry is missing or of an older generation."""

    def __init__(self, keys, generation=None):
        if generation is None:
            self._known = cache.get_many([GENERATION_KEY, *keys])
            self._generation = _generation(self._known)
        else:
            self._known = cache.get_many(keys)
            self._generation = generation

    @classmethod
    def of(cls, request, keys):
        """The request's frame (read once per request, whichever tag asks first; with the generation
        read when the page was routed, if it was: home.routing)."""
        frame = getattr(request, "_site_frame", None)
        if frame is None:
            frame = request._site_frame = cls(keys, getattr(request, "_site_frame_generation", None))
        return frame

    def part(self, key, render):
        """The part's HTML: from the cache, or render()ed and kept."""
        entry = self._known.get(key)
        if entry is None or self._generation is None or entry[0] != self._generation:
            entry = (self._generation, render())
            if self._generation is not None:
                cache.set(key, entry, KEEP_SECONDS)
        return entry[1]

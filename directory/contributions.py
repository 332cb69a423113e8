"""What other apps add to the directory: fields of the advisors' search documents, sections of
the profile and of the result cards, links on the self-service overview, parts of the GDPR export
and steps of the daily run.

The directory sits below the apps that build on it (ratings): it must not import them, so they
register here in their AppConfig.ready(), and the directory renders and calls whatever is
registered. Each registry is keyed by the contributing app's label, in registration order, so a
second ready() (tests that repopulate the app registry) replaces an entry instead of doubling it.
What the directory deletes (profile, account) takes the contributing apps' rows with it through
their foreign keys (on_delete=CASCADE) and their own delete signals; there is no hook for that."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Variables = Mapping[str, Any]


@dataclass(frozen=True)
class DocumentFields:
    """Fields of every advisor's search document: `annotate(queryset)` adds what `fields(advisor)`
    needs to the one query of the searchable advisors (no query per document)."""

    annotate: Callable[[Any], Any]
    fields: Callable[[Any], Variables]


@dataclass(frozen=True)
class Section:
    """A part of a page: `template`, rendered with the page's variables plus those `context(advisor)`
    returns (none without it); see directory_tags.contributed."""

    template: str
    context: Callable[[Any], Variables] | None = None

    def for_advisor(self, advisor):
        return self.template, self.context(advisor) if self.context else {}


@dataclass(frozen=True)
class CardSection:
    """A part of every result card: `contexts(advisor ids)` returns {advisor id: variables} for
    all cards of a page at once (grouped queries, none per card)."""

    template: str
    contexts: Callable[[list], Mapping[Any, Variables]]


@dataclass(frozen=True)
class DailyStep:
    """Part of `run_directory_daily`: `run(say)` reports its progress lines through `say` and returns
    its part of the closing line ("3 … gelöscht"); `topic` names it in the command's help."""

    topic: str
    run: Callable[[Callable[[str], Any]], str]


document_fields: dict[str, DocumentFields] = {}
profile_sections: dict[str, Section] = {}  # public profile, the advisor's preview, the verifiers' review
card_sections: dict[str, CardSection] = {}  # result cards of the search and the widget
overview_links: dict[str, Section] = {}  # inline, after "Öffentliches Profil ansehen" (public profiles)
gdpr_exports: dict[str, Callable[[Any], Variables]] = {}  # advisor -> keys added to the export's "profil"
daily_steps: dict[str, DailyStep] = {}  # after the directory's own steps


def sections(registry: Mapping[str, Section], advisor) -> list[tuple[str, Variables]]:
    """(template, variables) of each section registered in `registry`, for `advisor`."""
    return [section.for_advisor(advisor) for section in registry.values()]


def card_sections_for(advisor_ids: Iterable) -> dict[Any, list[tuple[str, Variables]]]:
    """{advisor id: [(template, variables)]}: the contributed parts of each result card."""
    advisor_ids = list(advisor_ids)
    contexts = [(section.template, section.contexts(advisor_ids)) for section in card_sections.values()]
    return {pk: [(template, variables[pk]) for template, variables in contexts] for pk in advisor_ids}

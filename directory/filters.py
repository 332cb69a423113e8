import django_filters
from wagtail.admin.filters import WagtailFilterSet

from directory import review_queue
from directory.models import Advisor, ConsultingTopic, FederalState


class AdvisorFilterSet(WagtailFilterSet):
    """Filters of the verifiers' review queue."""

    topics = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=ConsultingTopic.objects.all(), label="Beratungsthema"
    )
    states_served = django_filters.ModelChoiceFilter(
        field_name="states_served", queryset=FederalState.objects.all(), label="Bundesland"
    )
    changes_pending = django_filters.BooleanFilter(
        field_name="changes_submitted_at", lookup_expr="isnull", exclude=True, label="Änderungen zur Prüfung"
    )
    queue = django_filters.ChoiceFilter(
        label="Warteschlange",
        choices=[("alle", "alles, was auf eine Prüfung wartet")]
        + [(key, label) for key, (label, _) in review_queue.KINDS.items()],
        method="filter_queue",
    )
    submitted_before = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="Eingereicht am oder vor"
    )

    class Meta:
        model = Advisor
        fields = ["status", "track"]

    def filter_queue(self, queryset, name, value):
        return queryset.filter(review_queue.WAITING if value == "alle" else review_queue.KINDS[value][1])

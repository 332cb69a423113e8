import django_filters
from wagtail.admin.filters import WagtailFilterSet

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
    submitted_before = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__lte", label="Eingereicht am oder vor"
    )

    class Meta:
        model = Advisor
        fields = ["status", "track"]

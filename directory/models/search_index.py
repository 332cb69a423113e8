from django.db import models


class SearchEntry(models.Model):
    """The database implementation's index: one row per *published* advisor, its German stems
    (searched through SQLite FTS5 or a PostgreSQL GIN index, see migration 0008) and what
    filtering, distance and sorting need. Kept true by directory.search.sync."""

    advisor = models.OneToOneField(
        "directory.Advisor", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    name = models.CharField(max_length=120)
    tokens = models.TextField()
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    service_radius_km = models.PositiveSmallIntegerField(null=True)
    verified_at = models.DateField(null=True)
    # Nullable on purpose: SQLite then adds the columns in place; a table rebuild would drop the
    # full-text triggers of migration 0008.
    rating_average = models.FloatField(null=True)  # only with enough ratings (ratings.summary)
    rating_count = models.PositiveIntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"], name="search_entry_location")]

    def __str__(self):
        return self.name


class SearchFacetValue(models.Model):
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value")]
        constraints = [models.UniqueConstraint(fields=["entry", "facet", "value"], name="one_facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SearchOutbox(models.Model):
    """An advisor whose public view changed and whose index documents must follow. Written in the
    same transaction as the change, removed once every index has it; drained with retries."""

    advisor_id = models.IntegerField(db_index=True)  # no FK: the advisor may be gone (deletion)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Berater:in {self.advisor_id} (Versuche: {self.attempts})"

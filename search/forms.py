from django import forms

from search.site import KINDS, MAX_PAGE

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SiteSearchForm(forms.Form):
    """The visitor's input. Bad values get German messages; the valid rest still searches.
    The text has no max_length: SiteQuery.make shortens it instead of refusing the search."""

    q = forms.CharField(label="Suchbegriff", required=False)
    art = forms.ChoiceField(
        label="Art",
        choices=[("", "Alle"), *((k.key, k.label) for k in KINDS)],
        required=False,
        error_messages={"invalid_choice": "Diese Art gibt es nicht; gesucht wird in allen Arten."},
    )
    von = forms.DateField(label="Datum von", required=False, widget=DATE_WIDGET)
    bis = forms.DateField(label="Datum bis", required=False, widget=DATE_WIDGET)
    seite = forms.IntegerField(
        label="Seite",
        min_value=1,
        max_value=MAX_PAGE,
        required=False,
        error_messages={"max_value": f"Es gibt höchstens {MAX_PAGE} Ergebnisseiten; bitte grenzen Sie die Suche ein."},
    )

    def clean(self):
        data = super().clean()
        if data.get("von") and data.get("bis") and data["von"] > data["bis"]:
            self.add_error("bis", "Das Enddatum liegt vor dem Startdatum.")
        return data

    def valid_data(self):
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}

import re

from django import forms
from django.utils import timezone

from directory.uploads import ProofField
from ratings.models import RatingReport
from ratings.service import CONSENT_TEXT

TEXT_LIMIT = 2000
MARKUP = re.compile(r"<\s*[a-zA-Z/!]")


def plain_text(value):
    if MARKUP.search(value):
        raise forms.ValidationError("Bitte schreiben Sie einfachen Text ohne HTML-Code (keine spitzen Klammern).")


class MonthField(forms.DateField):
    """A month as "2026-05" (the browser's month picker) or "05/2026"; never in the future."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y", "%m.%Y"]
    default_error_messages = {"invalid": "Bitte den Monat als MM/JJJJ angeben, z. B. 05/2026."}

    def clean(self, value):
        month = super().clean(value)
        if month and month.replace(day=1) > timezone.localdate().replace(day=1):
            raise forms.ValidationError("Der Monat darf nicht in der Zukunft liegen.")
        return month.replace(day=1) if month else month


def text_field(label, required=False):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_LIMIT}),
        validators=[plain_text],
    )


class RatingForm(forms.Form):
    email = forms.EmailField(label="Ihre E-Mail-Adresse (an die die Einladung ging)")
    month = MonthField(label="Monat des Auftrags")
    comment = text_field("Kommentar (freiwillig; wird nach Prüfung ohne Ihren Namen veröffentlicht)")
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": "Ohne Ihr Einverständnis können wir die Bewertung nicht veröffentlichen."},
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria.criteria.all())
        for criterion in self.criteria:
            message = f"Bitte für „{criterion.label}“ 1 bis 5 Punkte wählen."
            self.fields[f"axis_{criterion.key}"] = forms.TypedChoiceField(
                label=f"{criterion.label}: {criterion.question}",
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": message, "invalid_choice": message},
            )

    def axis_fields(self):
        return [self[f"axis_{c.key}"] for c in self.criteria]

    def other_fields(self):
        return [self[name] for name in ("month", "comment", "email", "consent")]

    @property
    def scores(self):
        return {c.key: self.cleaned_data[f"axis_{c.key}"] for c in self.criteria}


class EngagementForm(forms.Form):
    company = forms.CharField(label="Unternehmen", max_length=200)
    contact_email = forms.EmailField(label="E-Mail der Ansprechperson im Unternehmen")
    month = MonthField(label="Monat des Auftrags")
    confirm = forms.BooleanField(
        label="Ich habe diesen Auftrag durchgeführt, und die Ansprechperson ist einverstanden, dass die Offensive "
        "Mittelstand sie einmal um eine Bewertung bittet.",
        error_messages={"required": "Bitte bestätigen Sie den Auftrag und das Einverständnis der Ansprechperson."},
    )


class ReplyForm(forms.Form):
    reply = text_field("Ihre öffentliche Antwort (nur einmal möglich)", required=True)


class ObjectionForm(forms.Form):
    objection = text_field("Warum beanstanden Sie die Bewertung?", required=True)


class StatementForm(forms.Form):
    statement = text_field("Beschreibung des Auftrags (Zeitraum, Thema, Ablauf)", required=True)
    proof = ProofField(required=False, label="Beleg (freiwillig; PDF, JPEG oder PNG, höchstens 10 MB)")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label="Grund der Meldung", choices=RatingReport.Reason.choices)
    explanation = text_field("Erläuterung", required=True)
    email = forms.EmailField(label="Ihre E-Mail-Adresse für unsere Antwort (freiwillig)", required=False)


class DecisionForm(forms.Form):
    keep = forms.TypedChoiceField(
        label="Entscheidung",
        choices=[("1", "Veröffentlichen bzw. veröffentlicht lassen"), ("0", "Entfernen")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment_ok = forms.TypedChoiceField(
        label="Kommentar",
        choices=[("", "– unverändert –"), ("1", "Kommentar freigeben"), ("0", "Kommentar nicht veröffentlichen")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label="Begründung (geht an alle Beteiligten)", widget=forms.Textarea, max_length=4000, min_length=10
    )

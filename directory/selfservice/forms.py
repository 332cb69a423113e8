"""The advisor's own forms. Fields that only OM may set (status, verification dates, badges,
authorisations) are simply not part of them, so a crafted POST cannot change them."""

from django import forms
from django.db import models

from directory import photos
from directory.models import Advisor, ClientReference, ExternalRegistration, Qualification
from directory.models.consent import REGISTER_CONSENT_TEXT
from directory.uploads import PhotoField, ProofField


def keep_http_for_bare_addresses(db_field, **kwargs):
    """A website typed without scheme ("www.beispiel.de") is stored with http://, as it always was here;
    said explicitly because Django 6.0 changes forms.URLField's default to https (deprecation warning)."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "http"
    return db_field.formfield(**kwargs)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Advisor
        formfield_callback = keep_http_for_bare_addresses
        fields = [
            "name",
            "organisation",
            "short_profile",
            "description",
            "postcode",
            "city",
            "years_experience",
            "fee_model",
            "website",
            "track",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "short_profile": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kept_photo=None, **kwargs):
        """`kept_photo`: the name of a photo chosen before a validation error (directory.photo_stash)."""
        super().__init__(*args, **kwargs)
        upload = self.files.get(self.add_prefix("photo_upload"))
        self.chosen_photo_name = upload.name if upload else ""  # before PhotoField renames it
        self.fields["photo_upload"] = PhotoField()
        if self.instance.photo_id:
            self.fields["remove_photo"] = forms.BooleanField(label="Bisheriges Foto entfernen", required=False)
        self.show_kept_photo(kept_photo)

    def show_kept_photo(self, name):
        """Names the kept photo under the upload field and offers to drop it (or removes both)."""
        help_text = (
            f"Ausgewähltes Foto: {name}. Es wird beim Speichern übernommen, wenn Sie kein anderes wählen."
            if name
            else ""
        )
        self.fields["photo_upload"].help_text = help_text
        self["photo_upload"].help_text = help_text  # the bound field may be cached from validation
        if name:
            self.fields["discard_kept_photo"] = forms.BooleanField(
                label=f"Ausgewähltes Foto „{name}“ nicht verwenden", required=False
            )
        else:
            self.fields.pop("discard_kept_photo", None)

    def save_photo(self, advisor, kept=None):
        """A portrait is presentation, not proof: it goes live at once, also on a published profile.
        A new upload wins over `kept` (the File of a photo chosen before a validation error)."""
        if not self.cleaned_data.get("discard_kept_photo"):
            upload = self.cleaned_data.get("photo_upload") or kept
        else:
            upload = self.cleaned_data.get("photo_upload")
        if upload:
            photos.replace(advisor, upload)
        elif self.cleaned_data.get("remove_photo"):
            photos.replace(advisor, None)


class TopicsForm(forms.ModelForm):
    class Meta:
        model = Advisor
        fields = ["topics", "industries", "states_served", "service_radius_km", "languages"]
        widgets = {
            "states_served": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from directory.models import ConsultingTopic, Industry

        # Controlled vocabularies: choose from OM's lists, no free tags.
        self.fields["topics"] = forms.ModelMultipleChoiceField(
            ConsultingTopic.objects.all(),
            label="Beratungsthemen",
            widget=forms.CheckboxSelectMultiple,
            initial=self.instance.topics.all() if self.instance.pk else None,
        )
        self.fields["industries"] = forms.ModelMultipleChoiceField(
            Industry.objects.all(),
            label="Branchen",
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=self.instance.industries.all() if self.instance.pk else None,
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("states_served") and not cleaned.get("service_radius_km"):
            raise forms.ValidationError("Bitte mindestens ein Bundesland oder einen Umkreis angeben.")
        return cleaned

    def save(self, commit=True):
        advisor = super().save(commit=False)
        advisor.topics.set(self.cleaned_data["topics"])
        advisor.industries.set(self.cleaned_data["industries"])
        advisor.states_served = self.cleaned_data["states_served"]
        advisor.languages = self.cleaned_data["languages"]
        advisor.save()
        return advisor


class QualificationForm(forms.ModelForm):
    proof = ProofField()

    class Meta:
        model = Qualification
        fields = ["title", "issuer", "issued_on", "proof"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"})}


class SubmitForm(forms.Form):
    confirm = forms.BooleanField(
        label="Ich versichere, dass meine Angaben zutreffen, und willige ein, dass die Offensive Mittelstand sie "
        "prüft und nach der Freigabe veröffentlicht. Die Einwilligung kann ich jederzeit widerrufen.",
        error_messages={"required": "Bitte bestätigen Sie die Einwilligung, um das Profil einzureichen."},
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Zur Bestätigung Ihr Passwort", widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Das Passwort stimmt nicht. Es wurde nichts gelöscht.")
        return password


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = ExternalRegistration
        fields = ["register", "identifier", "consent_to_show"]
        labels = {"consent_to_show": REGISTER_CONSENT_TEXT}

    def __init__(self, *args, advisor, **kwargs):
        super().__init__(*args, **kwargs)
        self.advisor = advisor

    def clean_register(self):
        register = self.cleaned_data["register"]
        if self.advisor.registrations.filter(register=register).exists():
            raise forms.ValidationError("Für dieses Register gibt es schon einen Eintrag.")
        return register


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = ClientReference
        fields = ["company", "contact_name", "contact_email", "engagement", "year"]
        widgets = {"engagement": forms.Textarea(attrs={"rows": 3})}

    def clean_year(self):
        from django.utils import timezone

        year = self.cleaned_data["year"]
        if not 1970 <= year <= timezone.localdate().year:
            raise forms.ValidationError("Bitte ein Jahr zwischen 1970 und heute angeben.")
        return year


class MentorForm(forms.Form):
    email = forms.EmailField(label="E-Mail-Adresse Ihrer Mentorin oder Ihres Mentors (geprüft im Verzeichnis)")

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentee = mentee

    def clean_email(self):
        from directory.mentoring import find_mentor

        self.mentor = find_mentor(self.cleaned_data["email"], self.mentee)
        if self.mentor is None:
            raise forms.ValidationError(
                "Unter dieser Adresse ist keine geprüfte Beraterin und kein geprüfter Berater eingetragen."
            )
        return self.cleaned_data["email"]


class ClaimForm(forms.Form):
    confirm = forms.BooleanField(
        label="Ich übernehme diesen Eintrag und willige ein, dass die Offensive Mittelstand die übermittelten Angaben "
        "speichert, damit ich mein Profil vervollständigen und zur Prüfung einreichen kann. Öffentlich wird es erst "
        "nach meiner Einreichung und der Prüfung. Die Einwilligung kann ich jederzeit widerrufen.",
        error_messages={"required": "Bitte bestätigen Sie die Einwilligung, um den Eintrag zu übernehmen."},
    )

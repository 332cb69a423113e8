"""The verifiers' import screens: upload, map columns, read the dry run's report (similar names
side by side), then run it. Everything a person entered stays on the page when something is wrong."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse

from directory.importing import service, tasks
from directory.importing.check import TARGETS, mapping_problems
from directory.importing.reader import MAX_BYTES, UnreadableFile
from directory.models import ExternalRegistration, ImportRun

NOT_MAPPED = ("", "— nicht übernehmen —")
RUNNING = (ImportRun.State.QUEUED, ImportRun.State.RUNNING)


def _verifiers_only(request):
    if not request.user.has_perm("directory.verify_advisor"):
        raise PermissionDenied


class UploadForm(forms.Form):
    source = forms.CharField(label="Quelle (Partnerregister)", max_length=160, help_text="z. B. „IHK Köln“")
    register = forms.ChoiceField(
        label="Register der Nummern in der Datei",
        choices=[("", "— die Datei enthält keine Registernummern —"), *ExternalRegistration.Register.choices],
        required=False,
    )
    file = forms.FileField(label="Datei (CSV oder JSON, höchstens 5 MB)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("Die Datei ist größer als 5 MB.")
        return upload


class MappingForm(forms.Form):
    """One choice of column per target field; the name may join two columns (Vorname + Nachname)."""

    def __init__(self, *args, run, **kwargs):
        super().__init__(*args, **kwargs)
        self.run = run
        choices = [NOT_MAPPED, *((column, column) for column in run.columns)]
        for target in TARGETS:
            chosen = run.mapping.get(target.key) or []
            for part in range(target.parts):
                name = target.key if part == 0 else f"{target.key}_{part + 1}"
                label = target.label + (" (Pflicht)" if target.required and part == 0 else "")
                self.fields[name] = forms.ChoiceField(
                    label=label if part == 0 else f"{target.label}, zweiter Teil (z. B. Nachname)",
                    choices=choices,
                    required=False,
                    initial=chosen[part] if part < len(chosen) else "",
                )

    def mapping(self):
        return {
            target.key: [
                self.cleaned_data[name]
                for name in [target.key] + [f"{target.key}_{p + 1}" for p in range(1, target.parts)]
                if self.cleaned_data.get(name)
            ]
            for target in TARGETS
        }

    def clean(self):
        for problem in mapping_problems(self.mapping(), self.run.columns, self.run.register):
            self.add_error(None, problem)
        return self.cleaned_data


def start(request):
    _verifiers_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = service.prepare(
                upload.name,
                upload.read(),
                source=form.cleaned_data["source"],
                register=form.cleaned_data["register"],
                user=request.user,
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return redirect("directory_import", pk=run.pk)
    return TemplateResponse(request, "directory/admin/import_start.html", {"form": form})


def detail(request, pk):
    _verifiers_only(request)
    run = get_object_or_404(ImportRun, pk=pk)
    if run.state not in (ImportRun.State.PREPARED, ImportRun.State.CHECKED):
        context = {"run": run, "finished": True, "running": run.state in RUNNING}
        return TemplateResponse(request, "directory/admin/import_detail.html", context)
    action = request.POST.get("action") if request.method == "POST" else None
    form = MappingForm(request.POST if action == "pruefen" else None, run=run)
    if action == "pruefen" and form.is_valid():
        run.mapping = form.mapping()
        service.dry_run(run)
        return redirect("directory_import", pk=run.pk)
    if action == "verwerfen":
        run.state, run.content = ImportRun.State.DISCARDED, ""
        run.save()
        messages.info(request, "Der Import wurde verworfen; die Datei ist gelöscht.")
        return redirect("directory_import_start")
    if action == "ausfuehren" and run.state == ImportRun.State.CHECKED:
        similar_rows = {pair["row"] for pair in run.similar}
        chosen = {int(n) for n in request.POST.getlist("trotzdem") if n.isascii() and n.isdigit()} & similar_rows
        if not tasks.start(run, chosen):
            messages.info(request, "Dieser Import wurde bereits gestartet.")
        return redirect("directory_import", pk=run.pk)
    context = {"run": run, "form": form}
    if run.state == ImportRun.State.CHECKED:
        context["importable"] = service.importable_count(run)
    return TemplateResponse(request, "directory/admin/import_detail.html", context)


def progress(request, pk):
    """How far the real run is, for the import page's progress bar (static/js/import-progress.js)."""
    _verifiers_only(request)
    run = get_object_or_404(ImportRun, pk=pk)
    return JsonResponse(
        {
            "running": run.state in RUNNING,
            "created": run.rows_created,
            "total": run.rows_to_create,
            "text": render_to_string("directory/admin/_import_progress.txt", {"run": run}).strip(),
        }
    )

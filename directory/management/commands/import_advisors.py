from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.importing import service
from directory.importing.check import TARGETS, TARGETS_BY_KEY, mapping_problems
from directory.importing.reader import UnreadableFile
from directory.models import ExternalRegistration


class Command(BaseCommand):
    help = (
        "Importiert Berater:innen aus der CSV- oder JSON-Datei eines Partnerregisters. Ohne --ausfuehren nur ein "
        "Probelauf mit Prüfbericht. Importierte Personen werden nie veröffentlicht, sondern zur Übernahme eingeladen."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV- oder JSON-Datei")
        parser.add_argument("--source", required=True, help="Name des Partnerregisters, z. B. 'IHK Köln'")
        parser.add_argument("--register", default="", choices=["", *ExternalRegistration.Register.values])
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FELD=SPALTE[+SPALTE]",
            help=f"Spaltenzuordnung, sonst nach Spaltennamen geraten. Felder: {', '.join(TARGETS_BY_KEY)}",
        )
        parser.add_argument("--execute", action="store_true", help="wirklich importieren (sonst Probelauf)")
        parser.add_argument(
            "--create-similar", default="", help="Zeilen (z. B. 12,40), die trotz ähnlichem Namen neu angelegt werden"
        )
        parser.add_argument("--user", default="", help="Benutzername für das Importprotokoll")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            run = service.prepare(
                path.name, path.read_bytes(), source=options["source"], register=options["register"], user=user
            )
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        for item in options["map"]:
            key, _, columns = item.partition("=")
            if key not in TARGETS_BY_KEY:
                raise CommandError(f"Unbekanntes Feld „{key}“. Erlaubt: {', '.join(TARGETS_BY_KEY)}")
            run.mapping[key] = [column for column in columns.split("+") if column]
        problems = mapping_problems(run.mapping, run.columns, run.register)
        if problems:
            run.delete()
            raise CommandError("\n".join(problems) + f"\nSpalten der Datei: {', '.join(run.columns)}")
        try:
            run.create_despite_similar = [int(n) for n in options["create_similar"].split(",") if n.strip()]
        except ValueError:
            raise CommandError("--create-similar erwartet Zeilennummern, z. B. 12,40") from None
        for target in TARGETS:
            self.stdout.write(f"  {target.label:<16} ← {' + '.join(run.mapping.get(target.key, [])) or '—'}")
        self.stdout.write(f"… Probelauf über {path.name}")
        service.dry_run(run)
        self._report(run)
        if not options["execute"]:
            run.state = run.State.DISCARDED
            run.content = ""
            run.save()
            self.stdout.write(self.style.SUCCESS(f"Probelauf beendet (Import {run.pk}); nichts wurde angelegt."))
            return
        created = service.import_rows(run, progress=self._progress)
        run.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"Import {run.pk} ausgeführt: {created} angelegt und eingeladen, {run.rows_known} schon vorhanden, "
                f"{run.rows_invalid} fehlerhaft, {run.rows_similar} mit ähnlichem Namen."
            )
        )

    def _report(self, run):
        for problem in run.problems:
            self.stdout.write(
                f"  Zeile {problem['row']:>5} · {problem['kind']} · {problem['field']}: {problem['message']}"
            )
        for pair in run.similar:
            incoming, existing = pair["incoming"], pair["existing"]
            self.stdout.write(
                f"  Zeile {pair['row']:>5} · ähnlich: {incoming['name']} ({incoming['postcode']}) ↔ "
                f"{existing['name']} ({existing['postcode']}, {existing['status']})"
            )
        self.stdout.write(
            f"{run.rows_total} Zeilen: {run.rows_invalid} fehlerhaft, {run.rows_known} schon im Verzeichnis, "
            f"{run.rows_similar} mit ähnlichem Namen."
        )

    def _progress(self, done, total):
        if done % 100 == 0 or done == total:
            self.stdout.write(f"… {done}/{total} angelegt")

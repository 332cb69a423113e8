"""Spreadsheet cells that cannot run: every CSV the site writes passes its cells through
`safe_cell`, and every CSV it reads passes them through `restore_cell`.

Excel and LibreOffice treat a cell starting with = + - @ (and TAB/CR, which they skip first) as a
formula — `=HYPERLINK(...)` in an advisor's organisation would become a link in OM's spreadsheet
(OWASP "CSV Injection"). The defence is OWASP's: such a cell gets a leading apostrophe, which the
spreadsheet shows as text. Full-width look-alikes (＝＋－＠) are neutralised too, because some
locales' Excel converts them. `restore_cell` undoes exactly one apostrophe, so an export imported
again means the same: a value that already starts with apostrophes before a formula character gets
one more on the way out and loses it on the way in (the mapping is one-to-one).

XLSX needs no apostrophe: a cell typed as a string never runs (Wagtail's writer already types
formula-looking cells as strings); `install()` adds the CSV side to Wagtail's
SpreadsheetExportMixin so every admin list export — ours, wagtail-modeladmin's and Wagtail's own
reports — is neutralised in one place."""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
QUOTE = "'"


def _is_dangerous(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value as a spreadsheet may see it: text that would start a formula gets an apostrophe."""
    if isinstance(value, str) and _is_dangerous(value):
        return QUOTE + value
    return value


def restore_cell(value: Any) -> Any:
    """Undoes `safe_cell` for a cell read from a CSV file."""
    if isinstance(value, str) and value.startswith(QUOTE) and _is_dangerous(value[1:]):
        return value[1:]
    return value


def install() -> None:
    """Neutralises the CSV cells of every Wagtail list export (called once from CoreConfig.ready)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
        processed = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return safe_cell(processed)
        return processed

    preprocess_field_value.neutralises_formulas = True  # type: ignore[attr-defined]  # a marker on the function
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value

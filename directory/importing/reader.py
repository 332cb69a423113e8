"""Reads a partner's file into (columns, rows) whatever its dialect: CSV with comma, semicolon or
tab, UTF-8 (with or without BOM) or Windows-1252 as German spreadsheets write it, or JSON. CSV
cells neutralised against formulas (core.spreadsheets, our own export) are read back unchanged."""

import csv
import hashlib
import io
import json
from dataclasses import dataclass

from core.spreadsheets import restore_cell

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000


class UnreadableFile(ValueError):
    """The file cannot be read at all; the message is German and meant for the person uploading it."""


@dataclass
class Table:
    columns: list
    rows: list  # (row number as the partner sees it, {column: text})


def decode(data):
    if len(data) > MAX_BYTES:
        raise UnreadableFile(f"Die Datei ist größer als {MAX_BYTES // 1024 // 1024} MB.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("Die Datei ist weder UTF-8 noch Windows-1252 kodiert.")


def sha256(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read(text, file_name):
    """The table in `text`; CSV rows are numbered as in a spreadsheet (header = row 1), JSON entries from 1."""
    if file_name.lower().endswith(".json"):
        return _read_json(text)
    if file_name.lower().endswith((".csv", ".txt", ".tsv")):
        return _read_csv(text)
    raise UnreadableFile("Bitte eine CSV- oder JSON-Datei hochladen (Endung .csv oder .json).")


def _read_csv(text):
    if not text.strip():
        raise UnreadableFile("Die Datei ist leer.")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = [column.strip() for column in next(reader)]
        if len(set(header)) != len(header) or not all(header):
            raise UnreadableFile("Die Kopfzeile enthält leere oder doppelte Spaltennamen.")
        rows = []
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            rows.append(
                (reader.line_num, dict(zip(header, (restore_cell(value).strip() for value in values), strict=False)))
            )
            if len(rows) > MAX_ROWS:
                raise UnreadableFile(f"Die Datei hat mehr als {MAX_ROWS} Zeilen.")
    except csv.Error as error:
        raise UnreadableFile(f"Die CSV-Datei ist fehlerhaft (Zeile {reader.line_num}): {error}") from None
    return Table(header, rows)


def _read_json(text):
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"Die JSON-Datei ist fehlerhaft (Zeile {error.lineno}, Spalte {error.colno}).") from None
    if isinstance(data, dict):  # our own export and many APIs wrap the list: {"items": [...]}
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise UnreadableFile("Die JSON-Datei muss eine Liste von Objekten enthalten.")
    if len(data) > MAX_ROWS:
        raise UnreadableFile(f"Die Datei hat mehr als {MAX_ROWS} Einträge.")
    columns = list(dict.fromkeys(key for item in data for key in item))
    rows = [(number, {key: _text(value) for key, value in item.items()}) for number, item in enumerate(data, 1)]
    return Table(columns, rows)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    return str(value).strip()

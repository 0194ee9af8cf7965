"""Reading the CSV files HR exports from spreadsheets: comma, semicolon or tab separated, with
or without a UTF-8 byte-order mark, blank lines skipped. Every import of HR data (the skills
matrix, time off) reads its file here, so they accept the same files.

The delimiter is the one that makes the header's first cell a name the import expects (a skill
named "A; B" in a wide header fools a sniffer), else the sniffer's guess, else commas.
"""

from __future__ import annotations

import _csv
import csv
import io
from collections.abc import Collection

from teamgraph.errors import DomainError

__all__ = ["Rows", "read_rows"]

# (line number in the file, cells) of each data row.
Rows = list[tuple[int, list[str]]]


DELIMITERS = ",;\t"


def _reader(text: str, first_columns: Collection[str]) -> _csv.Reader:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    for delimiter in DELIMITERS:
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        if cells and cells[0].strip().casefold() in first_columns:
            return csv.reader(io.StringIO(text), csv.excel, delimiter=delimiter)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:8192], delimiters=DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text), dialect)


def read_rows(text: str, *, first_columns: Collection[str] = ()) -> tuple[list[str], Rows]:
    """The header (cells stripped) and the data rows of a CSV text; `file` errors when it is
    empty or has no header. `first_columns`: the header's possible first cells (casefolded)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DomainError("the file is empty", field="file")
    reader = _reader(text, first_columns)
    header: list[str] | None = None
    rows: Rows = []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip() for cell in record]
        else:
            rows.append((reader.line_num, record))
    if header is None:
        raise DomainError("the file has no header row", field="file")
    return header, rows

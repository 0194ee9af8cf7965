"""Reading the CSV files HR exports from spreadsheets: comma, semicolon or tab separated, with
or without a UTF-8 byte-order mark, blank lines skipped, lines ending in CR LF, LF or a lone
CR, bounded in rows and cell length. Every import of HR data (the skills matrix, time off)
reads its file here, so they accept the same files.

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
# Bounds on one file: HR's largest matrices are a few thousand rows; a file beyond these is a
# mistake (or an attack) to refuse before any of it is resolved against the store.
MAX_ROWS = 50_000
MAX_CHARACTERS = 16 * 1024 * 1024
MAX_CELL = 10_000


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
    if len(text) > MAX_CHARACTERS:
        raise DomainError(f"the file is larger than {MAX_CHARACTERS:,} characters", field="file")
    # A lone CR ends a line, as old spreadsheets write it (the csv module refuses it unquoted).
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DomainError("the file is empty", field="file")
    reader = _reader(text, first_columns)
    header: list[str] | None = None
    rows: Rows = []
    try:
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if any(len(cell) > MAX_CELL for cell in record):
                raise DomainError(
                    f"line {reader.line_num}: a cell is longer than {MAX_CELL:,} characters",
                    field="file",
                )
            if header is None:
                header = [cell.strip() for cell in record]
            elif len(rows) == MAX_ROWS:
                raise DomainError(
                    f"the file has more than {MAX_ROWS:,} rows; split it", field="file"
                )
            else:
                rows.append((reader.line_num, record))
    except csv.Error as error:  # a field beyond the csv module's own limit, a stray quote...
        raise DomainError(f"line {reader.line_num}: {error}", field="file") from None
    if header is None:
        raise DomainError("the file has no header row", field="file")
    return header, rows

"""Reading the CSV files HR exports from spreadsheets: comma, semicolon or tab separated (the
dialect is sniffed), with or without a UTF-8 byte-order mark, blank lines skipped. Every import
of HR data (the skills matrix, time off) reads its file here, so they accept the same files."""

from __future__ import annotations

import csv
import io

from teamgraph.errors import DomainError

__all__ = ["Rows", "read_rows"]

# (line number in the file, cells) of each data row.
Rows = list[tuple[int, list[str]]]


def read_rows(text: str) -> tuple[list[str], Rows]:
    """The header (cells stripped) and the data rows of a CSV text; `file` errors when it is
    empty or has no header."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DomainError("the file is empty", field="file")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
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

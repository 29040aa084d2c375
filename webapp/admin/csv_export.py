"""CSV that spreadsheets open safely: streamed row by row, quoted by the csv module, formulas neutralised.

A spreadsheet runs a cell that starts with = + - or @ as a formula (and tab or carriage return
can hide such a start), so a customer named "=HYPERLINK(...)" would run code on the admin's
machine. Every text value starting with one of those characters gets a leading apostrophe, which
spreadsheets read as "this is text" (OWASP's advice). Numbers are written as numbers: a negative
amount is a number, not a formula, and must stay one.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a file as UTF-8 only when it starts with this mark; other programs ignore it.
BYTE_ORDER_MARK = "\ufeff"
ROWS_PER_CHUNK = 200


def safe_cell(value: object) -> object:
    """The value to write: text that a spreadsheet would run as a formula is made plain text."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV text (RFC 4180: comma, double quotes where needed, CRLF) in chunks of rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow([safe_cell(name) for name in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(value) for value in row])
        if count % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text

"""Figures made readable: charts and their text, the presentation deck, the workbook,
spreadsheet-safe cells."""

"""NExTWORK Indsigt, in layers whose imports point only down:

- `web`: the Streamlit app (sessions, the shared page parts, sign-in, uploads, the server);
- `present`: figures made readable (charts, the deck, the workbook);
- `metrics`: the figures (KPIs, small numbers, the fair comparison, principles, economy);
- `ingest`: getting an export in and keeping it (contract, checks, the database file);
- `ops`: the commands and tooling on top (command line, benchmark, load test, serve);
- at the bottom: `config` (settings), `formats` (numbers and dates), `i18n` (the
  translator) and `filters` (the filter model).
"""

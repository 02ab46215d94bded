"""The parts of single pages: what one page shows beyond the shared header, sidebar, cards
and tables (its figures made once per filters, reader and data file, its sections and
forms). A page in `views/` reads the filters, asks its section module and draws."""

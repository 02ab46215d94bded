"""The app's pages by name, each with its URL path ("" = the overview). A page's view is
`views/<name>.py`; the frame (`app.py`) gives each its title, icon and place in the menu."""

PAGES: dict[str, str] = {
    "overblik": "",
    "unge": "unge",
    "virksomheder": "virksomheder",
    "praktik": "praktik",
    "resultater": "resultater",
    "sammenlign": "sammenlign",
    "principper": "principper",
    "okonomi": "okonomi",
    "effekt": "effekt",
    "praesentation": "praesentation",
    "definitioner": "definitioner",
    "data": "data",
    "tilgaengelighed": "tilgaengelighed",
}

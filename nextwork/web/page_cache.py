"""What the pages' cached figures depend on besides their filters: the reader, the pinned
data file and the settings that change a figure. Every `st.cache_resource` of a page's view
module takes these as its last arguments (`reader()`), so that another reader, another data
file or other settings never get a figure made for the first."""

from __future__ import annotations

from nextwork import config
from nextwork.web import ui


def reader() -> tuple:
    """(viewer, database path, pinned version, settings) of this run."""
    settings = (config.min_share_n(), config.settings_path().as_posix(), config.settings())
    return ui.viewer(), str(ui.db_path()), ui.pinned_version(), settings

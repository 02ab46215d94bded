"""Maps: the companies as dots in their municipality's colour and the sites as named rings,
made and written out as JSON once per input."""

from __future__ import annotations

import re

import pandas as pd

from nextwork.present.charts.house_style import rgb
from nextwork.present.charts.memo import MADE_LOCK, MAPS, MAPS_MAX, Unkeyable, fingerprint


def map_view(latitudes: list[float], longitudes: list[float]):
    """A pydeck view state showing all these points on a map about 900 x 580 pixels."""
    import math

    import pydeck as pdk

    if not latitudes:
        return pdk.ViewState(latitude=56.0, longitude=10.6, zoom=5.8)
    lat_span = max(latitudes) - min(latitudes)
    lon_span = max(longitudes) - min(longitudes)
    # At zoom z the world is 512 * 2**z pixels wide; in Denmark a degree of latitude is about
    # 1.8 degrees of longitude on the screen, and the map is about 2/3 as high as it is wide.
    span = max(lon_span, 2.8 * lat_span, 0.02) * 1.3
    return pdk.ViewState(
        latitude=(max(latitudes) + min(latitudes)) / 2,
        longitude=(max(longitudes) + min(longitudes)) / 2,
        zoom=round(min(12.0, max(4.0, math.log2(360 * 900 / 512 / span))), 2),
    )


def points_map(points: pd.DataFrame, places: pd.DataFrame, size: str, tooltip_html: str):
    """The map (`_points_map`), made and written out as JSON once per input: Streamlit
    sends the map as that JSON, which for 20,000 companies took longer than the rest of the
    page. The map is shared between runs and never changed."""
    try:
        key = ("points_map", fingerprint((points, places, size, tooltip_html)))
    except Unkeyable:
        return _points_map(points, places, size, tooltip_html)
    with MADE_LOCK:
        deck = MAPS.get(key)
    if deck is None:
        deck = _points_map(points, places, size, tooltip_html)
        text = deck_json(deck)
        deck.to_json = lambda: text
        with MADE_LOCK:
            MAPS[key] = deck
            while len(MAPS) > MAPS_MAX:
                MAPS.popitem(last=False)
    return deck


def deck_json(deck) -> str:
    """The map as pydeck writes it out (`Deck.to_json`: the same keys and values), through
    orjson and without indentation: for 20,000 companies about 5 ms of CPU and 3 MB, against
    0.2 s and 6 MB."""
    import orjson
    from pydeck.bindings.json_tools import default_serialize

    options = orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY
    return orjson.dumps(deck, default=default_serialize, option=options).decode()


def _points_map(points: pd.DataFrame, places: pd.DataFrame, size: str, tooltip_html: str):
    """A pydeck map of `points` (latitude, longitude, municipality and the `size` column) as
    dots in their municipality's colour, larger for a larger `size` but never too small to
    see, and of `places` (latitude, longitude, municipality) as dark rings with their name.

    The basemap is Carto's light style, which needs no token; the layers are drawn by the
    browser itself, so without internet they still show, on a blank background."""
    import math

    import pydeck as pdk

    # Each dot carries only what the map draws and its tooltip names ({column}): the map is
    # sent to the browser as it is, and for 20,000 companies every column costs.
    shown = list(dict.fromkeys(["longitude", "latitude", *re.findall(r"{(\w+)}", tooltip_html)]))
    colours = {m: rgb(m) + [200] for m in points["municipality"].drop_duplicates()}
    dots = points[shown].assign(
        fill_rgba=[colours.get(m) or rgb(m) + [200] for m in points["municipality"]],
        # a hidden count (None) draws as the smallest dot
        radius_px=[5 if v is None or pd.isna(v) else 5 + 3 * math.sqrt(v) for v in points[size]],
    )
    # pydeck reads a bare string as the name of a data column; quoted, it is a constant.
    layers = [
        pdk.Layer(
            "ScatterplotLayer",
            data=dots,
            id="companies",
            get_position=["longitude", "latitude"],
            get_fill_color="fill_rgba",
            get_radius="radius_px",
            radius_units='"pixels"',
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
            pickable=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            data=places,
            id="sites",
            get_position=["longitude", "latitude"],
            get_fill_color=[255, 255, 255, 60],
            get_radius=20,
            radius_units='"pixels"',
            stroked=True,
            get_line_color=[34, 34, 34],
            get_line_width=3,
            line_width_units='"pixels"',
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            data=places,
            id="site_names",
            get_position=["longitude", "latitude"],
            get_text="municipality",
            get_size=18,
            get_color=[0, 0, 0],
            font_weight=700,
            get_pixel_offset=[0, -34],
            background=True,
            character_set='"auto"',
            font_family='"Source Sans Pro, Helvetica, Arial, sans-serif"',
            get_background_color=[255, 255, 255, 230],
            background_padding=[6, 3],
            pickable=False,
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=map_view(
            list(dots["latitude"]) + list(places["latitude"]),
            list(dots["longitude"]) + list(places["longitude"]),
        ),
        map_provider="carto",
        map_style=pdk.map_styles.LIGHT,
        tooltip={"html": tooltip_html, "style": {"fontSize": "14px"}},
    )

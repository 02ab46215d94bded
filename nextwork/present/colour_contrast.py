"""The contrast arithmetic of WCAG 2.1 (1.4.3 text, 1.4.11 graphics): relative luminance,
the contrast ratio of two colours, a colour drawn with opacity over another, and the text
colour that reads on a background. The tests check the house colours with it."""

from __future__ import annotations


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """The relative luminance of a colour given as #RRGGBB, as WCAG 2.1 defines it."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"not a #RRGGBB colour: {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two colours (from 1 to 21); text needs 4.5, graphics 3."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def blend(colour: str, alpha: float, background: str) -> str:
    """`colour` drawn with opacity `alpha` over `background`, as #RRGGBB."""
    top = [int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    bottom = [int(background.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    mixed = (round(alpha * t + (1 - alpha) * b) for t, b in zip(top, bottom, strict=True))
    return "#" + "".join(f"{v:02X}" for v in mixed)


def text_colour_on(background: str) -> str:
    """Black or white, whichever reads better on `background`."""
    black, white = "#000000", "#FFFFFF"
    return black if contrast(black, background) >= contrast(white, background) else white

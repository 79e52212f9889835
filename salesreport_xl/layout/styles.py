"""The report's look, as Style values: one palette, a few named styles."""
from __future__ import annotations

from functools import partial

from .blocks import Style

FONT = "Calibri"          # Excel's default; LibreOffice substitutes the metric-compatible Carlito
_S = partial(Style, font_name=FONT)

NAVY = "1F3864"
BLUE = "2F5597"
MID_BLUE = "4472C4"
PALE = "F3F6FA"
GREY = "7F7F7F"
LIGHT_GREY = "D9D9D9"
RED = "C00000"
GREEN = "00863D"
AMBER = "C55A11"
FLAG_FILL = "FFF2CC"
WHITE = "FFFFFF"

# Series colours, in order (colour-blind friendly enough, print well in grey).
SERIES = ("2F5597", "ED7D31", "A5A5A5", "70AD47", "FFC000", "5B9BD5", "9E480E", "264478", "636363", "997300")
THIS_YEAR, LAST_YEAR, TARGET = "2F5597", "ED7D31", "A5A5A5"

TITLE = _S(bold=True, size=18, font_colour=NAVY, v_align="center")
SUBTITLE = _S(size=10, font_colour=GREY, v_align="center")
SECTION = _S(bold=True, size=13, font_colour=NAVY, border="medium_bottom", border_colour=MID_BLUE,
                v_align="bottom")
SUBSECTION = _S(bold=True, size=11, font_colour=BLUE, v_align="bottom")
NOTE = _S(italic=True, size=9, font_colour=GREY, wrap=True, v_align="top")
EMPTY = _S(italic=True, font_colour=GREY)
PARAGRAPH = _S(wrap=True, v_align="top", h_align="left")
BULLET = _S(bold=True, h_align="center", v_align="top")

HEADER = _S(bold=True, font_colour=WHITE, fill=MID_BLUE, wrap=True, v_align="center", h_align="center",
               border="thin", border_colour=WHITE)
BODY = _S(border="bottom", border_colour=LIGHT_GREY, v_align="top")
# Text is indented one step: a left-aligned name next to a right-aligned number would touch it.
BODY_TEXT = BODY.merged(Style(h_align="left", indent=1))
BODY_WRAP = BODY.merged(Style(h_align="left", wrap=True, indent=1))
BODY_NUMBER = BODY.merged(Style(h_align="right"))
BODY_CENTER = BODY.merged(Style(h_align="center"))
TOTAL = _S(bold=True, border="top_bottom", border_colour=NAVY)
FLAGGED = _S(fill=FLAG_FILL)
LABEL = BODY.merged(Style(bold=True, h_align="left"))

KPI_LABEL = _S(size=10, bold=True, font_colour=BLUE, fill=PALE, h_align="center", v_align="bottom")
KPI_VALUE = _S(size=20, bold=True, font_colour=NAVY, fill=PALE, h_align="center", v_align="center")
KPI_TREND = _S(fill=PALE)          # the card's row holding its sparkline
KPI_NOTE = _S(size=9, font_colour=GREY, fill=PALE, h_align="center", v_align="top", wrap=True)

GOOD_FONT = _S(font_colour=GREEN)
BAD_FONT = _S(font_colour=RED)
TONE_FONT = {"good": GREEN, "bad": RED, "neutral": BLUE}

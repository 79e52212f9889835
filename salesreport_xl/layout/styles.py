"""The report's look, as Style values: one palette, a few named styles."""
from __future__ import annotations

from .plan import Style

NAVY = "1F3864"
BLUE = "2F5597"
MID_BLUE = "4472C4"
LIGHT_BLUE = "DDEBF7"
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

TITLE = Style(bold=True, size=18, font_colour=NAVY, v_align="center")
SUBTITLE = Style(size=10, font_colour=GREY, v_align="center")
SECTION = Style(bold=True, size=13, font_colour=NAVY, border="medium_bottom", border_colour=MID_BLUE,
                v_align="bottom")
SUBSECTION = Style(bold=True, size=11, font_colour=BLUE, v_align="bottom")
NOTE = Style(italic=True, size=9, font_colour=GREY, wrap=True, v_align="top")
EMPTY = Style(italic=True, font_colour=GREY)
PARAGRAPH = Style(wrap=True, v_align="top", h_align="left")
BULLET = Style(bold=True, h_align="center", v_align="top")

HEADER = Style(bold=True, font_colour=WHITE, fill=MID_BLUE, wrap=True, v_align="center", h_align="center",
               border="thin", border_colour=WHITE)
BODY = Style(border="bottom", border_colour=LIGHT_GREY, v_align="top")
BODY_TEXT = BODY.merged(Style(h_align="left"))
BODY_WRAP = BODY.merged(Style(h_align="left", wrap=True))
BODY_NUMBER = BODY.merged(Style(h_align="right"))
BODY_CENTER = BODY.merged(Style(h_align="center"))
TOTAL = Style(bold=True, border="top_bottom", border_colour=NAVY)
FLAGGED = Style(fill=FLAG_FILL)
LABEL = BODY.merged(Style(bold=True, h_align="left"))

KPI_LABEL = Style(size=10, bold=True, font_colour=BLUE, fill=PALE, h_align="center", v_align="bottom")
KPI_VALUE = Style(size=20, bold=True, font_colour=NAVY, fill=PALE, h_align="center", v_align="center")
KPI_NOTE = Style(size=9, font_colour=GREY, fill=PALE, h_align="center", v_align="top", wrap=True)

GOOD_FONT = Style(font_colour=GREEN)
BAD_FONT = Style(font_colour=RED)
TONE_FONT = {"good": GREEN, "bad": RED, "neutral": BLUE}

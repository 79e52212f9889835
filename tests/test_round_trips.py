"""How Generate keeps Excel's round trips few: equal cell-value rules joined into multi-area rules (order
kept where rules overlap), thin grids written through Excel's Borders collection, multi-area addresses
under Excel's 255-character limit. Hand-made inputs; the demo's counts are in test_excel_remote."""
from __future__ import annotations

from salesreport_xl.layout.blocks import POSITIVE, ConditionalFormat, Style, merged_rules
from salesreport_xl.write import xlwings_writer as X

RED, GREEN = Style(font_colour="C00000"), Style(font_colour="00863D")


def neg(rng):
    return ConditionalFormat(rng, "cell_value", "less_than", (0,), RED)


def pos(rng):
    return ConditionalFormat(rng, "cell_value", "between", POSITIVE, GREEN)


def test_equal_rules_on_a_sheet_become_one_rule_over_their_areas():
    rules = [neg("C10"), pos("C10"), neg("E20:E32"), pos("E20:E32"), neg("F40:G45"), pos("F40:G45")]
    assert [(r.operator, r.range) for r in merged_rules(rules)] == [
        ("less_than", "C10 E20:E32 F40:G45"), ("between", "C10 E20:E32 F40:G45")]


def test_a_rule_does_not_jump_over_an_overlapping_rule_of_another_kind():
    bar = ConditionalFormat("E20:E32", "data_bar")
    # neg(E25) would move ahead of the data bar that covers E25 if it joined neg(C10): it stays apart;
    # neg(H1) overlaps nothing and joins the first; neg(E30) joins neg(E25), behind the bar
    rules = [neg("C10"), bar, neg("E25"), neg("H1"), neg("E30")]
    merged = merged_rules(rules)
    assert [(r.kind, r.range) for r in merged] == [("cell_value", "C10 H1"), ("data_bar", "E20:E32"),
                                                   ("cell_value", "E25 E30")]


def test_rules_differing_in_value_or_style_stay_apart():
    rules = [neg("A1"), ConditionalFormat("A2", "cell_value", "less_than", (1,), RED),
             ConditionalFormat("A3", "cell_value", "less_than", (0,), GREEN)]
    assert [r.range for r in merged_rules(rules)] == ["A1", "A2", "A3"]


def test_rule_values_as_excel_formula_text():
    assert pos("A1").formulas() == ["1E-300", "1E+307"]
    assert neg("A1").formulas() == ["0"]
    assert ConditionalFormat("A1", "cell_value", "equal_to", ('"Error"',)).formulas() == ['"Error"']


def test_multi_area_addresses_stay_under_excels_limit():
    ranges = [f"B{r}:C{r}" for r in range(100, 400, 2)]          # 150 areas of 9-ish characters
    addresses = X._addresses(ranges)
    assert all(len(a) <= 255 for a in addresses)
    assert [x for a in addresses for x in a.split(",")] == ranges   # every area once, in order
    # each address is as full as the next area allows: one call fewer would need a longer address
    assert all(len(a) + 1 + len(b.split(",")[0]) > 255 for a, b in zip(addresses, addresses[1:]))
    assert len(addresses) > 1


class _Recorder:
    """Stands in for an xlwings Range on Windows: records the COM property writes under .api.Borders."""

    def __init__(self):
        self.writes = []
        rec = self

        class Borders:
            def __setattr__(self, name, value):
                rec.writes.append((name, value))

        class Api:
            pass

        self.api = Api()
        self.api.Borders = Borders()


def test_a_thin_grid_is_two_writes_on_windows():
    rng = _Recorder()
    X._set_style(rng, "border", ("thin", "D9D9D9"), com=True)
    # LineStyle 1 = xlContinuous; colour D9D9D9 as BGR is the same number either way round
    assert rng.writes == [("LineStyle", 1), ("Color", 0xD9D9D9)]
    assert X._puts("border", ("thin", "D9D9D9")) == 2
    rng = _Recorder()
    X._set_style(rng, "border", ("thin", "4472C4"), com=True)
    assert rng.writes[1] == ("Color", 0xC47244)          # blue C4 in the high byte, red 44 in the low


def test_other_borders_cost_a_write_per_side_and_attribute():
    assert X._puts("border", ("bottom", "D9D9D9")) == 4          # bottom edge + inside horizontal, colour
    assert X._puts("border", ("medium_bottom", "4472C4")) == 3   # one side: style, weight, colour
    assert X._puts("number_format", "0%") == 1

"""The canonical list values the computation names are declared once, in the schema, one constant per
meaning — each a value of its own list (an activity outcome "Won" and a deal status "Won" are two)."""
from __future__ import annotations

import ast
from pathlib import Path

from salesreport_xl import schema


def test_each_named_value_belongs_to_its_list():
    values = lambda choices: {c.value for c in choices}   # noqa: E731
    assert {schema.SEGMENT_KEY_ACCOUNT, schema.SEGMENT_SMB} <= values(schema.SEGMENTS)
    assert schema.STATUS_CHURNED in values(schema.CUSTOMER_STATUS)
    assert {schema.OUTCOME_WON, schema.OUTCOME_NO_INTEREST} <= values(schema.OUTCOMES)
    assert {schema.DEAL_OPEN, schema.DEAL_WON, schema.DEAL_LOST} <= values(schema.DEAL_STATUS)


def test_compute_spells_no_list_value_itself():
    compute = Path(schema.__file__).parent / "compute"
    values = {"Won", "Lost", "Open", "Churned", "Key Account", "SMB", "No interest"}
    spelled = [f"{p.name}:{node.lineno} {node.value}" for p in sorted(compute.glob("*.py"))
               for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
               if isinstance(node, ast.Constant) and node.value in values]
    assert spelled == []


def test_one_language_pick():
    assert schema.in_lang("zh-CN", "Sales", "销售") == "销售"
    assert schema.in_lang("en", "Sales", "销售") == "Sales"
    assert schema.in_lang("zh", "unknown segment", "") == "unknown segment"   # no Chinese text: English

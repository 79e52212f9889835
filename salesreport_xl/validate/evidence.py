"""Which of a sheet's candidate columns is read, decided by what their cells hold.

The header decides first (read/header.py: the Mapping sheet, then `header_rank`); the cells decide
where the header cannot:

- a column with no value never outranks one with data (the template's own 金额 left over an empty
  column beside the export's 订单金额);
- a name column with one value on every row (Odoo's "Company", the selling company) is no customer,
  product or rep when another candidate names more than one;
- an amount that is an order's total (repeated on every line of an order whose lines name different
  products, or written on its first line only) is no line amount: another candidate is read, or
  unit price × quantity, or the build says why it cannot;
- without an order-number column, a "Name" column of order numbers ("#1001", Shopify) is read as one.

Only samples are looked at where a sample decides (the first EVIDENCE_ROWS rows).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..read.header import HeaderChoice, unit_price_index
from ..schema import Sheet, normalize_name
from . import parse
from .totals import total_rows

EVIDENCE_ROWS = 50_000
# Columns whose one value on every row is a seller or a company, not the thing the column names.
ONE_VALUE_KEYS = ("customer_id", "customer_name", "product", "sales_rep")
ONE_VALUE_WARN_ROWS = 10          # fewer rows than this: one value is no evidence worth a warning
_ORDER_NAME = re.compile(r"^#?[A-Za-z]{0,4}[-#]?\d{2,}$")


@dataclass
class Evidence:
    """What the cells decided: the columns to read, and the findings to say about it."""

    choice: HeaderChoice
    notes: list[tuple[str, str, int, dict]] = field(default_factory=list)  # (severity, key, index, values)
    derived_amount: tuple[int, int] | None = None   # (unit price index, quantity index): amount = their product
    order_level: str = ""                            # "repeated" / "first_line" when the amount is an order's
    swapped: set = field(default_factory=set)       # column keys whose column the cells chose


def _sample(data: pd.DataFrame, j: int) -> pd.Series:
    return data[data.columns[j]].iloc[:EVIDENCE_ROWS]


def _texts(raw: pd.Series) -> pd.Series:
    """Non-blank cells as trimmed text, without the total and footer lines' labels ("Total", 合计):
    a seller's one name above a "Total" is still one value."""
    raw = raw[~total_rows([raw])[0]]
    s = raw.dropna()
    s = s.astype(str).str.strip()
    return s[s != ""]


def _numbers(raw: pd.Series) -> pd.Series:
    return pd.to_numeric(parse.parse_number(raw).values, errors="coerce")


def numeric_share(raw: pd.Series) -> float:
    """Share of the non-blank cells (in a sample) that read as numbers."""
    sample = raw.iloc[:2000]
    texts = _texts(sample)
    if texts.empty:
        return 0.0
    values = _numbers(sample)
    return float(values.notna().sum()) / len(texts)


def one_off_names(raw: pd.Series) -> bool:
    """A column of names each given once (deal names, order ids): no product column."""
    texts = _texts(raw.iloc[:2000])
    return len(texts) >= 5 and texts.nunique() >= 0.9 * len(texts)


def _swap(choice: HeaderChoice, key: str, new: int) -> HeaderChoice:
    """`choice` reading `key` from cell `new`, the one it read before among those left."""
    old = choice.used[key]
    others = tuple(sorted({*choice.left.get(key, ()), old} - {new}))
    return replace(choice, used={**choice.used, key: new}, left={**choice.left, key: others})


def decide(spec: Sheet, header: list, data: pd.DataFrame, choice: HeaderChoice,
           factors: tuple[int, int] | None = None) -> Evidence:
    """`factors`: the two header cells whose product the Mapping sheet makes the amount."""
    ev = Evidence(choice)
    if factors is not None:
        ev.derived_amount = factors
        ev.swapped.add("amount")
    n = len(data)
    for key in list(choice.used):
        if key in choice.mapped or not choice.left.get(key):
            continue
        cands = [choice.used[key], *choice.left[key]]
        filled = {j: int(parse.filled(_sample(data, j)).sum()) for j in cands}
        if filled[cands[0]] == 0 and any(filled[j] for j in cands[1:]):
            best = next(j for j in cands[1:] if filled[j])
            ev.notes.append(("info", "f_column_empty_other", cands[0], {"empty": str(header[cands[0]]).strip(),
                                                                    "used": str(header[best]).strip()}))
            ev.choice = _swap(ev.choice, key, best)
            ev.swapped.add(key)
            cands = [best, *ev.choice.left[key]]
        if key in ONE_VALUE_KEYS and n >= 2:
            counts = {j: _texts(_sample(data, j)).nunique() for j in cands}
            if counts[cands[0]] == 1 and any(counts[j] > 1 for j in cands[1:]):
                best = max(cands[1:], key=lambda j: (counts[j] > 1, -cands.index(j)))
                ev.notes.append(("info", "f_column_one_value_other", cands[0],
                                 {"one": str(header[cands[0]]).strip(), "used": str(header[best]).strip(),
                                  "value": _texts(_sample(data, cands[0])).iat[0]}))
                ev.choice = _swap(ev.choice, key, best)
                ev.swapped.add(key)
    if n:
        _empty_columns(spec, header, data, ev)
    if spec.key == "sales":
        _order_name(header, data, ev)
        _one_value_warnings(header, data, ev)
        _order_level_amount(header, data, ev)
    return ev


def _empty_columns(spec: Sheet, header, data, ev: Evidence) -> None:
    """A header over a column with no value (the template's own header left beside a narrower
    export) is no column: an optional one is absent, a required one gives way to its stand-in."""
    for key, j in list(ev.choice.used.items()):
        col = spec.column(key)
        if key in ev.choice.mapped or (col.required and ev.choice.used.get(col.fallback) is None):
            continue
        if not parse.filled(data[data.columns[j]]).any():
            used = {k: v for k, v in ev.choice.used.items() if k != key}
            ev.choice = replace(ev.choice, used=used)
            ev.notes.append(("info", "f_column_no_values", j, {"header": str(header[j]).strip()}))


def _one_value_warnings(header, data, ev: Evidence) -> None:
    if len(data) < ONE_VALUE_WARN_ROWS:
        return
    for key in ONE_VALUE_KEYS:
        j = ev.choice.used.get(key)
        if j is None or key in ev.choice.mapped:
            continue
        # The first rows decide most columns (two values there: not one); the whole column only then.
        if _texts(data[data.columns[j]].iloc[:1000]).nunique() != 1:
            continue
        texts = _texts(data[data.columns[j]])
        if len(texts) >= ONE_VALUE_WARN_ROWS and texts.nunique() == 1:
            ev.notes.append(("warning", "f_column_one_value", j, {"header": str(header[j]).strip(),
                                                                 "value": texts.iat[0], "field": key}))


def _order_name(header, data, ev: Evidence) -> None:
    """Shopify's order number is headed "Name": read it as the order number when its cells are."""
    if "order_id" in ev.choice.used:
        return
    for j in ev.choice.unknown:
        if normalize_name(header[j]) not in ("name", "ordername", "订单名称"):
            continue
        texts = _texts(_sample(data, j))
        if len(texts) >= 2 and texts.str.match(_ORDER_NAME).mean() >= 0.95:
            unknown = tuple(i for i in ev.choice.unknown if i != j)
            ev.choice = replace(ev.choice, used={**ev.choice.used, "order_id": j}, unknown=unknown)
            ev.notes.append(("info", "f_order_name", j, {"header": str(header[j]).strip()}))
            return


def _order_level(amount: pd.Series, orders: pd.Series, products: pd.Series | None) -> str:
    """"repeated" / "first_line" when the amounts are orders' totals, else ""."""
    codes, _ = pd.factorize(orders.to_numpy(dtype=object))
    keep = codes >= 0
    frame = pd.DataFrame({"order": codes[keep], "amount": amount.to_numpy(dtype="float64")[keep]})
    if products is not None:
        frame["product"] = pd.factorize(products.to_numpy(dtype=object)[keep])[0]
    g = frame.groupby("order", sort=False)
    stats = g["amount"].agg(["size", "count", "min", "max", "first"])
    # Orders of two lines or more whose lines name different products (or, without a product, any).
    multi = stats["size"] >= 2
    if products is not None:
        kinds = frame.drop_duplicates(["order", "product"]).groupby("order", sort=False).size()
        multi &= kinds.reindex(stats.index, fill_value=0) >= 2
    stats = stats[multi]
    if len(stats) < 2:
        return ""
    same = (stats["count"] == stats["size"]) & (stats["min"] == stats["max"])
    # The first line of the order carries the amount, none of the others: g.first skips blanks, so
    # the first line's own cell is looked at.
    first_cell = frame["amount"].groupby(frame["order"], sort=False).nth(0)
    first_cell.index = frame["order"].iloc[first_cell.index] if len(first_cell) else first_cell.index
    first = (stats["count"] == 1) & first_cell.reindex(stats.index).notna()
    # An order's lines may happen to cost the same; most orders repeating their amount may not.
    if same.mean() >= 0.8 and (stats["max"] != 0).any():
        return "repeated"
    if first.mean() >= 0.8:
        return "first_line"
    return ""


def _order_level_amount(header, data, ev: Evidence) -> None:
    if ev.derived_amount is not None:
        return        # the Mapping sheet said: unit price × quantity
    used = ev.choice.used
    price_j, qty_j = unit_price_index(header), used.get("quantity")
    if "amount" not in used:
        if price_j is not None and qty_j is not None:
            ev.derived_amount = (price_j, qty_j)
        return
    if "order_id" not in used or "amount" in ev.choice.mapped:
        return
    order = _sample(data, used["order_id"])
    product = _sample(data, used["product"]) if "product" in used else None
    kind = _order_level(_numbers(_sample(data, used["amount"])), order, product)
    if not kind:
        return
    ev.order_level = kind
    for j in ev.choice.left.get("amount", ()):
        if not _order_level(_numbers(_sample(data, j)), order, product):
            ev.notes.append(("warning", "f_order_total_other", used["amount"], {"header": str(header[used["amount"]]).strip(),
                                                                  "used": str(header[j]).strip()}))
            ev.choice = _swap(ev.choice, "amount", j)
            ev.swapped.add("amount")
            ev.order_level = ""
            return
    if price_j is not None and qty_j is not None:
        ev.notes.append(("warning", "f_order_total_price", used["amount"],
                         {"header": str(header[used["amount"]]).strip(), "price": str(header[price_j]).strip(),
                          "quantity": str(header[qty_j]).strip()}))
        ev.derived_amount = (price_j, qty_j)
        ev.swapped.add("amount")
        ev.order_level = ""

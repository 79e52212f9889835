"""Export shapes of systems the product was not built against, filled from one realistic data set.

Each shape carries the real column names of its system (用友 U8 销售订单列表, Odoo's Sales Analysis,
Shopify's orders export, HubSpot's deal export (won deals only, and every stage), a Salesforce
opportunities report (every stage: only the won deals are sales), a QuickBooks-style sales detail, an Excel table, a Chinese
management report with a two-row header and amounts in 万元) and the lines of November and December
2024 of `realistic_data.superstore_orders`. `expected` is what a careful analyst reads, computed by
pandas from the rows written (never by the product): each line's net amount, its order, customer and
rep, so the tests can compare month totals, orders, customers and per-rep sums.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from realistic_data import superstore_orders

REPS = {"West": "张伟", "East": "李娜", "Central": "王强", "South": "刘洋"}
TAX = 0.13


@dataclass
class Shape:
    name: str
    header: list[list[Any]]            # header row(s), as the system prints them
    body: list[list[Any]]
    expected: pd.DataFrame             # date, amount, order, customer, rep per line
    lang: str = "en"
    merges: list[str] = field(default_factory=list)   # merged header ranges ("B1:C1"), A1-based
    above: list[list[Any]] = field(default_factory=list)   # title rows the system prints above
    counts_orders: bool = True         # the shape has an order number
    table: bool = False                # written as an Excel table (ListObject)


def lines() -> pd.DataFrame:
    """Nov–Dec 2024 order lines, with a rep by region and net/tax/gross amounts."""
    df = superstore_orders(seed=11)
    df = df[df["Order Date"] >= pd.Timestamp("2024-11-01")].reset_index(drop=True)
    df["rep"] = df["Region"].map(REPS)
    df["tax"] = (df["Sales"] * TAX).round(2)
    df["gross"] = (df["Sales"] + df["tax"]).round(2)
    df["unit"] = (df["Sales"] / df["Quantity"]).round(4)
    return df


def _expected(df: pd.DataFrame, amount, order=None, customer: str = "Customer Name") -> pd.DataFrame:
    """Per line: date, net amount, order, customer (the export's code where it has one, else its name:
    two customers of one name are one to an export without codes), rep."""
    return pd.DataFrame({"date": df["Order Date"].dt.normalize(), "amount": np.asarray(amount, dtype=float),
                         "order": (df["Order ID"] if order is None else order).to_numpy(),
                         "customer": df[customer].to_numpy(), "rep": df["rep"].to_numpy()})


def u8(df: pd.DataFrame) -> Shape:
    header = ["单据号", "日期", "客户编码", "客户名称", "业务员", "部门", "存货编码", "存货名称", "规格型号", "数量",
              "无税单价", "含税单价", "无税金额", "税额", "价税合计", "税率(%)"]
    body = [[o.replace("-", ""), d.to_pydatetime(), cid, cname, rep, "销售" + region, pid, pname, "标准", q,
             round(s / q, 4), round(g / q, 4), s, t, g, 13]
            for o, d, cid, cname, rep, region, pid, pname, q, s, t, g in zip(
                df["Order ID"], df["Order Date"], df["Customer ID"], df["Customer Name"], df["rep"], df["Region"],
                df["Product ID"], df["Product Name"], df["Quantity"], df["Sales"], df["tax"], df["gross"])]
    return Shape("用友 U8 销售订单列表", [header], body, _expected(df, df["Sales"], df["Order ID"].str.replace("-", ""), "Customer ID"),
                 lang="zh")


def odoo(df: pd.DataFrame) -> Shape:
    header = ["Order Reference", "Order Date", "Company", "Customer", "Salesperson", "Sales Team", "Product",
              "Product Category", "Qty Ordered", "Untaxed Total", "Total", "Status"]
    ref = "S" + df["Order ID"].str[-6:]
    body = [[r, d.to_pydatetime(), "My Company (San Francisco)", c, rep, "Europe" if rep in ("张伟", "李娜") else "America",
             p, "All / Saleable / " + cat, q, s, g, "Sales Order"]
            for r, d, c, rep, p, cat, q, s, g in zip(ref, df["Order Date"], df["Customer Name"], df["rep"],
                                                     df["Product Name"], df["Category"], df["Quantity"], df["Sales"],
                                                     df["gross"])]
    return Shape("Odoo Sales Analysis", [header], body, _expected(df, df["Sales"], ref))


def shopify(df: pd.DataFrame) -> Shape:
    header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Currency", "Subtotal",
              "Shipping", "Taxes", "Total", "Discount Code", "Created at", "Lineitem quantity", "Lineitem name",
              "Lineitem price", "Lineitem sku", "Billing Name", "Vendor"]
    numbers = {o: f"#{1001 + i}" for i, o in enumerate(dict.fromkeys(df["Order ID"]))}
    price = (df["Sales"] / df["Quantity"]).round(2)
    line = price * df["Quantity"]
    subtotal = line.groupby(df["Order ID"]).transform("sum").round(2)
    first = ~df["Order ID"].duplicated()
    body = []
    for i, r in df.iterrows():
        created = r["Order Date"].strftime("%Y-%m-%d") + " 10:15:32 -0500"
        order = [numbers[r["Order ID"]], r["Customer ID"].lower() + "@example.com"]
        if first[i]:
            order += ["paid", created, "fulfilled", "USD", subtotal[i], 5.0, round(subtotal[i] * 0.08, 2),
                      round(subtotal[i] * 1.08 + 5, 2), None]
        else:
            order += [None] * 9
        body.append(order + [created, r["Quantity"], r["Product Name"], price[i], r["Product ID"],
                             r["Customer Name"], r["Category"]])
    return Shape("Shopify orders export", [header], body,
                 _expected(df, line, df["Order ID"].map(numbers)).assign(rep=None))


def hubspot(df: pd.DataFrame) -> Shape:
    header = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Associated Company",
              "Pipeline", "Create Date", "Deal Type"]
    deals = df.groupby("Order ID", sort=False).agg(date=("Order Date", "first"), amount=("Sales", "sum"),
                                                   customer=("Customer Name", "first"), rep=("rep", "first"),
                                                   product=("Product Name", "first"))
    deals["amount"] = deals["amount"].round(2)
    body = [[str(9_000_000_000 + i), f"{c} - {p[:18]}", "Closed won", d.to_pydatetime(), rep, a, c,
             "Sales Pipeline", (d - pd.Timedelta(days=30)).to_pydatetime(), "newbusiness"]
            for i, (d, a, c, rep, p) in enumerate(zip(deals["date"], deals["amount"], deals["customer"],
                                                      deals["rep"], deals["product"]))]
    expected = pd.DataFrame({"date": deals["date"].to_numpy(), "amount": deals["amount"].to_numpy(),
                             "order": [r[0] for r in body], "customer": deals["customer"].to_numpy(),
                             "rep": deals["rep"].to_numpy()})
    return Shape("HubSpot deals export", [header], body, expected)


def _deals_in_stages(df: pd.DataFrame, won: str, lost: str, open_stages: list[str]) -> pd.DataFrame:
    """One deal per order, in every stage a CRM report lists: of each four deals the second is lost
    and the fourth still open (its stage cycling through `open_stages`), the others won."""
    deals = df.groupby("Order ID", sort=False).agg(date=("Order Date", "first"), amount=("Sales", "sum"),
                                                   customer=("Customer Name", "first"), rep=("rep", "first"),
                                                   product=("Product Name", "first")).reset_index()
    deals["amount"] = deals["amount"].round(2)
    k = np.arange(len(deals))
    deals["stage"] = [lost if i % 4 == 1 else open_stages[(i // 4) % len(open_stages)] if i % 4 == 3 else won
                      for i in k]
    deals["won"] = deals["stage"] == won
    return deals


def _won_only(deals: pd.DataFrame, order) -> pd.DataFrame:
    """What an analyst sums from a deal report: the won deals only."""
    won = deals[deals["won"]]
    return pd.DataFrame({"date": won["date"].to_numpy(), "amount": won["amount"].to_numpy(),
                         "order": [o for o, w in zip(order, deals["won"]) if w],
                         "customer": won["customer"].to_numpy(), "rep": won["rep"].to_numpy()})


def salesforce_opportunities(df: pd.DataFrame) -> Shape:
    """A Salesforce "Opportunities by Close Date" report: every stage, won, lost and open."""
    header = ["Opportunity Owner", "Account Name", "Opportunity Name", "Stage", "Probability (%)", "Amount",
              "Close Date", "Created Date", "Type", "Lead Source"]
    deals = _deals_in_stages(df, "Closed Won", "Closed Lost", ["Prospecting", "Needs Analysis", "Negotiation/Review"])
    names = [f"{c} - {p[:18]} {i}" for i, (c, p) in enumerate(zip(deals["customer"], deals["product"]))]
    prob = {"Closed Won": 100, "Closed Lost": 0, "Prospecting": 10, "Needs Analysis": 20, "Negotiation/Review": 90}
    body = [[rep, c, n, st, prob[st], a, d.strftime("%m/%d/%Y"), (d - pd.Timedelta(days=45)).strftime("%m/%d/%Y"),
             "New Business", "Web"]
            for rep, c, n, st, a, d in zip(deals["rep"], deals["customer"], names, deals["stage"], deals["amount"],
                                           deals["date"])]
    return Shape("Salesforce opportunities report", [header], body, _won_only(deals, names),
                 above=[["Opportunities by Close Date"], ["Filtered By: Close Date equals LAST 2 MONTHS"], []])


def hubspot_all_stages(df: pd.DataFrame) -> Shape:
    """HubSpot's deal export with every deal stage, under HubSpot's internal stage names."""
    header = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Deal owner", "Amount", "Associated Company",
              "Pipeline"]
    deals = _deals_in_stages(df, "closedwon", "closedlost", ["appointmentscheduled", "contractsent"])
    ids = [str(9_100_000_000 + i) for i in range(len(deals))]
    body = [[i, f"{c} - {p[:18]}", st, d.to_pydatetime(), rep, a, c, "default"]
            for i, c, p, st, d, rep, a in zip(ids, deals["customer"], deals["product"], deals["stage"],
                                             deals["date"], deals["rep"], deals["amount"])]
    return Shape("HubSpot deals export, all stages", [header], body, _won_only(deals, ids))


def quickbooks(df: pd.DataFrame) -> Shape:
    header = ["Date", "Transaction Type", "Num", "Customer", "Product/Service", "Memo/Description", "Qty",
              "Sales Price", "Amount", "Balance"]
    num = df["Order ID"].str[-6:]
    balance = df["Sales"].cumsum().round(2)
    body = [[d.strftime("%m/%d/%Y"), "Invoice", n, c, f"{cat}:{p}", p, q, round(s / q, 4), s, b]
            for d, n, c, cat, p, q, s, b in zip(df["Order Date"], num, df["Customer Name"], df["Category"],
                                               df["Product Name"], df["Quantity"], df["Sales"], balance)]
    return Shape("QuickBooks-style sales detail", [header], body, _expected(df, df["Sales"], num).assign(rep=None))


def excel_table(df: pd.DataFrame) -> Shape:
    header = ["Order Date", "Order No", "Customer", "Product", "Category", "Sales Rep", "Quantity", "Net Sales"]
    body = [[d.to_pydatetime(), o, c, p, cat, rep, q, s]
            for d, o, c, p, cat, rep, q, s in zip(df["Order Date"], df["Order ID"], df["Customer Name"],
                                                  df["Product Name"], df["Category"], df["rep"], df["Quantity"],
                                                  df["Sales"])]
    return Shape("Excel table", [header], body, _expected(df, df["Sales"]), table=True)


def zh_management(df: pd.DataFrame) -> Shape:
    top = ["序号", "订单信息", None, "客户信息", None, "业务员", "产品名称", "产品类别", "销售额（万元）"]
    second = [None, "日期", "单号", None, "客户名称", None, None, None, None]
    wan = (df["Sales"] / 10000).round(6)
    body = [[i + 1, d.to_pydatetime(), o, None, c, rep, p, cat, w]
            for i, (d, o, c, rep, p, cat, w) in enumerate(zip(df["Order Date"], df["Order ID"], df["Customer Name"],
                                                             df["rep"], df["Product Name"], df["Category"], wan))]
    # 客户信息 spans 客户编号 (left empty by this report) and 客户名称.
    return Shape("中文管理报表（两行表头，万元）", [top, second], body, _expected(df, wan * 10000), lang="zh",
                 merges=["A1:A2", "B1:C1", "D1:E1", "F1:F2", "G1:G2", "H1:H2", "I1:I2"],
                 above=[["2024年11-12月销售明细表"], ["单位：万元"], []])


SHAPES: dict[str, Callable[[pd.DataFrame], Shape]] = {
    "u8": u8, "odoo": odoo, "shopify": shopify, "hubspot": hubspot, "quickbooks": quickbooks,
    "excel_table": excel_table, "zh_management": zh_management,
    "salesforce_opportunities": salesforce_opportunities, "hubspot_all_stages": hubspot_all_stages,
}


def write_shape(path, shape: Shape, *, at_row: int = 1, extra_rows: list[list] | None = None):
    """The shape pasted into the template's Sales sheet (title rows, header, body, `extra_rows` below)."""
    import openpyxl
    from openpyxl.worksheet.table import Table

    from realistic_data import paste_into_template

    rows = shape.above + shape.header + shape.body + (extra_rows or [])
    paste_into_template(path, rows, at_row=at_row, lang=shape.lang,
                        settings={"language": shape.lang} if shape.lang == "zh" else None)
    if shape.merges or shape.table:
        wb = openpyxl.load_workbook(path)
        ws = wb["销售明细" if shape.lang == "zh" else "Sales"]
        shift = at_row - 1 + len(shape.above)
        for rng in shape.merges:
            a, b = rng.split(":")
            ws.merge_cells(f"{a[0]}{int(a[1:]) + shift}:{b[0]}{int(b[1:]) + shift}")
        if shape.table:
            from openpyxl.utils import get_column_letter

            first = 1 + shift
            last = first + len(shape.body)
            ws.add_table(Table(displayName="SalesLines",
                               ref=f"A{first}:{get_column_letter(len(shape.header[0]))}{last}"))
        wb.save(path)
    return path


def _column_groups(shape: Shape) -> list[list[int]]:
    """Columns that move together: those under one horizontal merge stay side by side, in order."""
    owner = list(range(len(shape.header[0])))
    for rng in shape.merges:
        a, b = rng.split(":")
        first, last = ord(a[0]) - ord("A"), ord(b[0]) - ord("A")
        for c in range(first, last + 1):
            owner[c] = first
    groups: dict[int, list[int]] = {}
    for c, o in enumerate(owner):
        groups.setdefault(o, []).append(c)
    return list(groups.values())


def shuffled(shape: Shape, seed: int) -> Shape:
    """The same export with its columns in another order (a merged header's groups moved whole, their
    merges with them), an unknown extra column, title rows above and a total row below (its amount the
    sum of the lines)."""
    rng = np.random.default_rng(seed)
    depth = len(shape.header)
    note = "内部备注" if shape.lang == "zh" else "Internal Note"
    headers = [list(h) + [note if k == 0 else None] for k, h in enumerate(shape.header)]
    body = [list(r) + [f"note {i % 7}"] for i, r in enumerate(shape.body)]
    extra = len(headers[0]) - 1
    merges = list(shape.merges) + ([f"{chr(65 + extra)}1:{chr(65 + extra)}{depth}"] if depth > 1 else [])
    groups = _column_groups(Shape(shape.name, headers, body, shape.expected, merges=merges))
    order = [c for g in rng.permutation(len(groups)) for c in groups[g]]
    headers = [[h[i] for i in order] for h in headers]
    body = [[r[i] for i in order] for r in body]
    where = {c: k for k, c in enumerate(order)}
    moved = []
    for m in merges:
        a, b = m.split(":")
        first, last = where[ord(a[0]) - 65], where[ord(b[0]) - 65]
        moved.append(f"{chr(65 + first)}{a[1:]}:{chr(65 + last)}{b[1:]}")
    header = headers[-1]
    # The total row sums every column of numbers, as a report's or an Excel table's does.
    total = [sum(r[j] for r in body if r[j] is not None)
             if all(isinstance(r[j], (int, float)) for r in body if r[j] is not None)
             and any(r[j] is not None for r in body) else None for j in range(len(header))]
    total[0] = "合计" if shape.lang == "zh" else "Total"
    return Shape(shape.name + " (shuffled)", headers, body, shape.expected, lang=shape.lang, merges=moved,
                 above=[[f"{shape.name} export"], [f"Printed {dt.date(2025, 1, 5).isoformat()}"], []],
                 counts_orders=shape.counts_orders), total

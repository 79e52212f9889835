"""A realistic retail export of our own: the shape of the raw Superstore order-line export.

The bundled demo is tidy template data; real pastes are not. This generator makes what a retailer's
system hands over — 21 columns under their real headers (Row ID, Order ID, Order Date, Ship Date, Ship
Mode, Customer ID, Customer Name, Segment, Country, City, State, Postal Code, Region, Product ID,
Category, Sub-Category, Product Name, Sales, Quantity, Discount, Profit), no sales rep — with the
statistics of such data:

- about four years of orders, growing (more customers every year) and seasonal (a strong Q4, a quiet
  February);
- hundreds of products on a long tail: most sell only a few times a year, a few sell every week;
- customers who come back every few months (the median gap between two orders of one customer is
  about 100–150 days), in three segments Consumer / Corporate / Home Office.

Deterministic from `seed`. `superstore_orders()` returns the export as a DataFrame (dates as
datetime64, numbers as floats); `export_rows()` turns it into what a CSV export pasted into Excel looks
like (dates as M/D/YYYY text); `paste_into_template()` writes any such rows, unchanged, into the Sales
sheet of the standard template (other sheets and Settings as the template has them).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import openpyxl
import pandas as pd

from salesreport_xl.schema import SALES
from salesreport_xl.template import write_workbook

COLUMNS = ["Row ID", "Order ID", "Order Date", "Ship Date", "Ship Mode", "Customer ID", "Customer Name",
           "Segment", "Country", "City", "State", "Postal Code", "Region", "Product ID", "Category",
           "Sub-Category", "Product Name", "Sales", "Quantity", "Discount", "Profit"]

_SUB_CATEGORIES = {
    "Furniture": ("Bookcases", "Chairs", "Furnishings", "Tables"),
    "Office Supplies": ("Appliances", "Art", "Binders", "Envelopes", "Fasteners", "Labels", "Paper",
                        "Storage", "Supplies"),
    "Technology": ("Accessories", "Copiers", "Machines", "Phones"),
}
_PRICE = {"Furniture": 180.0, "Office Supplies": 25.0, "Technology": 220.0}   # median unit price
_BRANDS = ("Avery", "Bretford", "Canon", "Eldon", "Fellowes", "GBC", "Hon", "Logitech", "Newell",
           "Samsung", "Staples", "Xerox", "Acco", "Belkin", "Global", "Tenex", "Wilson Jones", "Cisco")
_WORDS = ("Classic", "Deluxe", "Executive", "Heavy-Duty", "Premium", "Standard", "Compact", "Ergonomic",
          "Wireless", "Recycled", "Adjustable", "Portable", "Professional", "Economy")
_FIRST = ("Claire", "Darren", "Sean", "Brosina", "Andrew", "Irene", "Harold", "Pete", "Alejandro", "Zuschuss",
          "Ken", "Sandra", "Emily", "Eric", "Tracy", "Matt", "Gene", "Steve", "Linda", "Ruben", "Erin",
          "Odella", "Patrick", "Lena", "Maria", "Tom", "Anna", "Henry", "Julia", "Mark")
_LAST = ("Gute", "Powers", "O'Donnell", "Hoffman", "Allen", "Maddox", "Pawlan", "Kriz", "Grayson",
         "Carroll", "Black", "Schewe", "Phan", "Hoffmann", "Blumstein", "Murdock", "Hale", "Nguyen",
         "Smith", "Ausman", "Smith-Jones", "Lake", "Brown", "Weiss", "Rossi", "Clark", "Young", "Miller")
_PLACES = (  # (City, State, Postal Code, Region)
    ("Henderson", "Kentucky", "42420", "South"), ("Los Angeles", "California", "90036", "West"),
    ("Fort Lauderdale", "Florida", "33311", "South"), ("Concord", "North Carolina", "28027", "South"),
    ("Seattle", "Washington", "98103", "West"), ("Fort Worth", "Texas", "76106", "Central"),
    ("Madison", "Wisconsin", "53711", "Central"), ("West Jordan", "Utah", "84084", "West"),
    ("San Francisco", "California", "94109", "West"), ("Philadelphia", "Pennsylvania", "19140", "East"),
    ("Houston", "Texas", "77095", "Central"), ("Chicago", "Illinois", "60610", "Central"),
    ("New York City", "New York", "10024", "East"), ("Columbus", "Ohio", "43229", "East"),
    ("Detroit", "Michigan", "48205", "Central"), ("Springfield", "Virginia", "22153", "South"),
)
_SHIP_MODES = ("Standard Class", "Second Class", "First Class", "Same Day")
_SEGMENTS = ("Consumer", "Corporate", "Home Office")
# Month weights of ordering (Jan..Dec): a quiet February, a strong autumn and December.
SEASON = np.array([0.75, 0.55, 1.0, 0.85, 0.9, 0.9, 0.85, 0.85, 1.35, 1.0, 1.4, 1.45])


def _products(rng: np.random.Generator, n: int) -> pd.DataFrame:
    cats = rng.choice(list(_SUB_CATEGORIES), size=n, p=[0.21, 0.60, 0.19])
    subs = [rng.choice(_SUB_CATEGORIES[c]) for c in cats]
    names, ids = [], []
    for i, (c, s) in enumerate(zip(cats, subs)):
        name = f"{rng.choice(_BRANDS)} {rng.choice(_WORDS)} {s.rstrip('s')} {100 + i}"
        names.append(name)
        ids.append(f"{c[:3].upper()}-{s[:2].upper()}-{10000000 + i * 37:08d}")
    price = np.array([_PRICE[c] for c in cats]) * rng.lognormal(0.0, 0.8, n)
    # A long tail: popularity ~ 1/rank^1.1, so most products sell a few times a year.
    weight = 1.0 / np.arange(1, n + 1) ** 1.1
    return pd.DataFrame({"Product ID": ids, "Category": cats, "Sub-Category": subs, "Product Name": names,
                         "price": np.round(price, 2), "weight": rng.permutation(weight / weight.sum())})


def _customers(rng: np.random.Generator, n: int, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    first = rng.choice(_FIRST, n)
    last = rng.choice(_LAST, n)
    ids = [f"{f[0]}{l[0].upper()}-{10000 + i * 7}" for i, (f, l) in enumerate(zip(first, last))]
    places = rng.integers(0, len(_PLACES), n)
    # A third are customers already when the data starts; the others arrive at a rate rising over the
    # years (density ~ 1 + 2t on [0, 1]): growth.
    u = rng.random(n)
    t = (-1 + np.sqrt(1 + 8 * u)) / 2       # inverse of the CDF (t + t²) / 2
    t[rng.random(n) < 0.35] = 0.0
    span = (end - start).days
    joined = start + pd.to_timedelta(np.floor(t * span * 0.85 + rng.integers(0, 60, n)), unit="D")
    return pd.DataFrame({
        "Customer ID": ids, "Customer Name": [f"{f} {l}" for f, l in zip(first, last)],
        "Segment": rng.choice(_SEGMENTS, n, p=[0.52, 0.30, 0.18]),
        "City": [_PLACES[p][0] for p in places], "State": [_PLACES[p][1] for p in places],
        "Postal Code": [_PLACES[p][2] for p in places], "Region": [_PLACES[p][3] for p in places],
        "joined": joined,
    })


def superstore_orders(seed: int = 11, customers: int = 800, products: int = 600,
                      start: str = "2021-01-01", end: str = "2024-12-31") -> pd.DataFrame:
    """The export as a DataFrame with COLUMNS (Order Date / Ship Date as datetime64, numbers as floats)."""
    rng = np.random.default_rng(seed)
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    prod = _products(rng, products)
    cust = _customers(rng, customers, first, last)

    # Reorders: gamma gaps (shape 2, mean 110 days) from each customer's first order, thinned by the
    # season (an order in a quiet month is sometimes not placed): median gap between orders ~130 days.
    max_orders = 40
    gaps = rng.gamma(2.0, 55.0, size=(customers, max_orders))
    gaps[:, 0] = 0.0
    offsets = np.cumsum(gaps, axis=1)
    dates = cust["joined"].to_numpy()[:, None] + (offsets * 86400e9).astype("timedelta64[ns]")
    flat = pd.DataFrame({"cust": np.repeat(np.arange(customers), max_orders), "date": dates.ravel()})
    flat = flat[flat["date"] <= last]
    flat["date"] = flat["date"].dt.normalize()
    keep = rng.random(len(flat)) < SEASON[flat["date"].dt.month.to_numpy() - 1] / SEASON.max()
    orders = flat[keep].sort_values(["date", "cust"]).reset_index(drop=True)

    # Each order has 1-5 lines of distinct products, chosen by popularity.
    n_lines = np.minimum(rng.geometric(0.5, len(orders)), 5)
    line_order = np.repeat(np.arange(len(orders)), n_lines)
    pick = rng.choice(len(prod), size=len(line_order), p=prod["weight"].to_numpy())
    lines = pd.DataFrame({"order": line_order, "product": pick}).drop_duplicates().reset_index(drop=True)
    o = orders.loc[lines["order"]].reset_index(drop=True)
    p = prod.loc[lines["product"]].reset_index(drop=True)
    c = cust.loc[o["cust"]].reset_index(drop=True)
    quantity = rng.integers(1, 10, len(lines)).astype(float)
    discount = rng.choice([0.0, 0.0, 0.0, 0.1, 0.2, 0.2, 0.3, 0.45], len(lines))
    sales = np.round(p["price"].to_numpy() * quantity * (1 - discount), 2)
    profit = np.round(sales * (0.28 - discount * 0.9) + rng.normal(0, 3, len(lines)), 2)
    year = o["date"].dt.year.astype(str)
    order_no = (100000 + lines["order"] * 13 % 900000).astype(str)
    prefix = np.where(rng.random(len(orders)) < 0.8, "CA", "US")[lines["order"]]
    ship = o["date"] + pd.to_timedelta(rng.integers(0, 7, len(orders))[lines["order"]], unit="D")
    out = pd.DataFrame({
        "Row ID": np.arange(1, len(lines) + 1, dtype=float),
        "Order ID": [f"{a}-{y}-{n}" for a, y, n in zip(prefix, year, order_no)],
        "Order Date": o["date"], "Ship Date": ship,
        "Ship Mode": rng.choice(_SHIP_MODES, len(orders), p=[0.6, 0.19, 0.16, 0.05])[lines["order"]],
        "Customer ID": c["Customer ID"], "Customer Name": c["Customer Name"], "Segment": c["Segment"],
        "Country": "United States", "City": c["City"], "State": c["State"], "Postal Code": c["Postal Code"],
        "Region": c["Region"], "Product ID": p["Product ID"], "Category": p["Category"],
        "Sub-Category": p["Sub-Category"], "Product Name": p["Product Name"],
        "Sales": sales, "Quantity": quantity, "Discount": discount, "Profit": profit,
    })
    return out[COLUMNS]


def us_date_text(dates: pd.Series) -> list[str]:
    """Dates as a US CSV export writes them: 11/8/2016 (month first, no leading zeros)."""
    d = pd.to_datetime(dates)
    return (d.dt.month.astype(str) + "/" + d.dt.day.astype(str) + "/" + d.dt.year.astype(str)).tolist()


def export_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """The export as a CSV opened in Excel gives it: its header row, dates as M/D/YYYY text, numbers."""
    body = frame.copy()
    for col in ("Order Date", "Ship Date"):
        body[col] = us_date_text(body[col])
    return [list(frame.columns)] + body.astype(object).values.tolist()


def paste_into_template(path: Path, rows: Sequence[Sequence[Any]], *, settings: dict | None = None,
                        at_row: int = 1, sheet: str | None = None, extra_sheets: dict | None = None,
                        lang: str = "en") -> Path:
    """The standard template with `rows` pasted unchanged into `sheet` from cell A`at_row`.

    at_row=1 pastes over the template's header row (the export's own header replaces it; the
    template's extra header cells to the right are cleared, as a paste of a wider block would leave
    them otherwise); at_row=2 pastes under it, as a user who keeps the template's header does.
    `extra_sheets`: sheet name -> rows written into that template sheet from A2 (under its header).
    """
    path = Path(path)
    write_workbook(path, lang, settings=settings)
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet or SALES.name(lang)]
    if at_row == 1:
        for cell in ws[1]:
            cell.value = None
    for i, row in enumerate(rows, start=at_row):
        for j, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(i, j, value)
    for name, extra in (extra_sheets or {}).items():
        for i, row in enumerate(extra, start=2):
            for j, value in enumerate(row, start=1):
                wb[name].cell(i, j, value)
    wb.save(path)
    _separate_comment_shape_ids(path)
    return path


_VML = re.compile(r"xl/drawings/commentsDrawing(\d+)\.vml$")


def _separate_comment_shape_ids(path: Path) -> None:
    """openpyxl gives every sheet's comment drawing the same shape-id block (idmap 1), which Excel
    repairs; a paste in Excel keeps them apart. Block N for drawing N, its shape ids in N * 1024 + k."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            m = _VML.search(info.filename)
            if m:
                n = int(m.group(1))
                text = data.decode("utf-8").replace('data="1"', f'data="{n}"', 1)
                text = re.sub(r'id="_x0000_s(\d+)"', lambda s: f'id="_x0000_s{int(s.group(1)) - 1024 + n * 1024}"',
                              text)
                data = text.encode("utf-8")
            zf.writestr(info, data)

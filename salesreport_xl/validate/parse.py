"""Column parsers: a raw column -> typed values plus what could not be understood.

Each parser takes a pandas Series of raw values (object, or already typed by the fast reader) and returns
a `Parsed`: the clean values, a mask of bad cells with the reason code per bad cell, and the raw text to
quote in a finding. Work is vectorised: typed columns pass straight through; in object columns only the
text cells go through (vectorised) string cleaning.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import readings

EXCEL_ERRORS = frozenset({"#N/A", "#VALUE!", "#DIV/0!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                          "#SPILL!", "#CALC!", "#GETTING_DATA", "#N/A N/A"})
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MIN_DATE = pd.Timestamp("1900-01-01")
MAX_DATE = pd.Timestamp("2100-12-31")

# Reason codes for bad cells.
NOT_NUMBER, NOT_DATE, NOT_MONTH, OUT_OF_RANGE, EXCEL_ERROR, BOOLEAN = (
    "not_a_number", "not_a_date", "not_a_month", "date_out_of_range", "excel_error", "boolean")
TOO_LARGE = "number_too_large"
NO_SUCH_DAY = "excel_1900_02_29"    # Excel's serial 60: a 29 February 1900 that never was
BAD_TIME = "bad_time_of_day"        # 2025-09-15 25:61
# Locale readings (see `readings`): a value two readings allow and nothing decides; a value the
# column's reading (decided or set in Settings) does not allow.
AMBIGUOUS_NUMBER, DECIMAL_CONFLICT = "ambiguous_number", "decimal_conflict"
AMBIGUOUS_DATE, DATE_ORDER_CONFLICT = "ambiguous_date", "date_order_conflict"
# … a value read the other way from most of its column; one either way that too few values decide.
DECIMAL_MINORITY, UNDECIDED_NUMBER = "decimal_minority", "undecided_number"
DATE_ORDER_MINORITY = "date_order_minority"
# Number text that only looks like a number: a percentage or another currency in an amount column.
PERCENT, FOREIGN_CURRENCY = "percent_not_amount", "foreign_currency"
# From 15 digits on, Excel cannot hold an amount exactly, and two such amounts overflow every total
# (1e308 + 1e308 = inf): no sales line is that large, so it is a typing or paste error.
MAX_ABS_NUMBER = 1e15


@dataclass
class Parsed:
    values: pd.Series           # clean values (NaN / NaT / None where blank or bad)
    # Reason code per cell ("" where fine); None when the parser knows no cell is bad — the usual
    # case, where a million "" and a comparison with each would be the most of a column's cost.
    bad_codes: pd.Series | None
    blank: pd.Series            # True where the cell is empty
    # The locale reading decided from the values ("," decimal comma, "DMY", …; "" when nothing needed
    # deciding or Settings set it) and the position of a value that decided it.
    reading: str = ""
    decided_by: int | None = None

    @property
    def bad(self) -> pd.Series:
        """The reason code per cell ("" where fine)."""
        if self.bad_codes is None:
            self.bad_codes = pd.Series(np.full(len(self.values), "", dtype=object), index=self.values.index,
                                       dtype=object, copy=False)
        return self.bad_codes

    def bad_mask(self) -> np.ndarray:
        """True where the cell is bad."""
        if self.bad_codes is None:
            return np.zeros(len(self.values), dtype=bool)
        return self.bad_codes.to_numpy() != ""


def _kinds(raw: pd.Series):
    """Masks of value kinds in an object column: text, number, bool, datetime, blank."""
    types = raw.map(type)
    is_str = types.eq(str)
    is_bool = types.isin((bool, np.bool_))
    is_dt = types.isin((_dt.datetime, _dt.date, pd.Timestamp, np.datetime64))
    blank = raw.isna() & ~is_str & ~is_dt
    is_num = types.isin((int, float, np.int64, np.float64, np.int32, np.float32)) & ~is_bool & ~blank
    return is_str, is_num, is_bool, is_dt, blank


def clean_text(s: pd.Series) -> pd.Series:
    """NFKC (full-width to half-width), trimmed text. The fast reader's strings stay Arrow strings
    (normalised and trimmed by Arrow kernels), so the parsers' string steps run in Arrow too."""
    if _arrow_text(s):
        texts, _ = _arrow_clean(arrow_strings(s))
        return pd.Series(pd.arrays.ArrowStringArray(texts), index=s.index, copy=False)
    return s.map(lambda v: unicodedata.normalize("NFKC", v).strip(), na_action="ignore")


def _arrow_clean(arr):
    """`clean_text` of Arrow strings, and whether they are all ASCII. NFKC leaves ASCII text as it is,
    so it runs only where a value is not: checking is cheaper than normalising."""
    import pyarrow.compute as pc

    ascii_only = pc.all(pc.string_is_ascii(arr)).as_py() is not False
    if not ascii_only:
        arr = pc.utf8_normalize(arr, "NFKC")
    return pc.utf8_trim_whitespace(arr), ascii_only


def _blank_text(texts: pd.Series) -> pd.Series:
    return texts.eq("")


def _error_mask(texts: pd.Series) -> pd.Series:
    return texts.str.upper().isin(EXCEL_ERRORS)


# ------------------------------------------------------------------------------------------ numbers
# Grouping and currency marks; commas and points are resolved by the column's reading.
# A pattern text, with Python's whitespace spelt out instead of \s: pandas then hands it to Arrow's
# RE2 for Arrow strings (a compiled pattern, or \s, which RE2 reads more narrowly, would send every
# value through Python's re) and both engines strip the same characters.
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_GROUPING = "[" + _SPACES + "']"
# Currency marks by currency: a mark of another currency than the workbook's is no amount of it.
CURRENCY_MARKS = {"¥": "[¥￥元]|RMB|CNY", "$": "US\\$|USD|\\$", "€": "€|EUR", "£": "£|GBP", "円": "円|JPY",
                  "₩": "₩|KRW", "₹": "₹|INR"}
_CURRENCY = "(?i)" + "|".join(CURRENCY_MARKS.values())
# Digits Unicode folds into plain ones ("5²" would read 52, "①" 1): never part of a number.
_ODD_DIGITS = "[\u00b2\u00b3\u00b9\u2070-\u209f\u2460-\u24ff\u2776-\u2793]"
_LOCALE_BAD = {readings.AMBIGUOUS: AMBIGUOUS_NUMBER, readings.CONFLICT: DECIMAL_CONFLICT,
               readings.MINORITY: DECIMAL_MINORITY, readings.OUTNUMBERED: UNDECIDED_NUMBER}


def currency_key(sign: str) -> str | None:
    """The currency a Settings `currency` sign (¥, 元, RMB, $, USD, €, …) names, as a CURRENCY_MARKS key."""
    text = unicodedata.normalize("NFKC", sign or "").strip()
    for key, marks in CURRENCY_MARKS.items():
        if text and re.fullmatch(f"(?i)(?:{marks})", text):
            return key
    return None


def _number_shape(reading: str) -> str:
    """The whole-text pattern of a plain number under `reading` (sign, currency, parentheses and % gone):
    digits, or groups of three after one to three digits (no leading 0: "0,000.5" is no number), then
    the decimal part. Spaces group only as thousands: "5 5" is no number."""
    group, point = (r"\.", ",") if reading == readings.COMMA else (",", r"\.")
    sep = "[" + group + _SPACES + "']"
    whole = rf"(?:\d+|[1-9]\d{{0,2}}(?:{sep}\d{{3}})+)"
    return rf"^[+-]?(?:{whole}(?:{point}\d*)?|{point}\d+)(?:[eE][+-]?\d+)?$"


def _parse_number(raw: pd.Series, decimal: str | None = None, percent: bool = True, currency: str | None = None,
                  weights: np.ndarray | None = None) -> Parsed:
    """Numbers, and number text: "1,234.50", "¥1,200", "12.5%" (=0.125, where `percent`), "(300)"
    (=-300), full width. `currency`: the workbook's (a CURRENCY_MARKS key); a value marked with
    another is FOREIGN_CURRENCY (None: any mark is taken). `weights`: cells per value (see readings)."""
    if pd.api.types.is_bool_dtype(raw.dtype):
        bad = pd.Series(np.where(raw.notna(), BOOLEAN, ""), index=raw.index, dtype=object)
        return Parsed(pd.Series(np.nan, index=raw.index), bad, raw.isna())
    if pd.api.types.is_numeric_dtype(raw.dtype):
        vals = raw.astype("float64")
        return _refuse_huge(Parsed(vals, None, vals.isna()))
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        bad = pd.Series(np.where(raw.notna(), NOT_NUMBER, ""), index=raw.index, dtype=object)
        return Parsed(pd.Series(np.nan, index=raw.index), bad, raw.isna())

    if _arrow_text(raw):   # the fast reader's text column: strings and blanks only
        no = pd.Series(False, index=raw.index)
        is_str, is_num, is_bool, is_dt, blank = raw.notna(), no, no, no, raw.isna()
    else:
        raw = raw.astype(object)
        is_str, is_num, is_bool, is_dt, blank = _kinds(raw)
    vals = pd.Series(np.nan, index=raw.index)
    bad = pd.Series("", index=raw.index, dtype=object)
    if is_num.any():
        vals[is_num] = raw[is_num].astype("float64")
    bad[is_bool] = BOOLEAN
    bad[is_dt] = NOT_NUMBER
    if is_str.any():
        odd = raw[is_str].str.contains(_ODD_DIGITS, regex=True).fillna(False).astype(bool)   # before NFKC
        texts = clean_text(raw[is_str])
        empty = _blank_text(texts)
        errs = _error_mask(texts)
        body = texts[~empty & ~errs]
        # (the distinct values come with a RangeIndex: an index is a position in `weights`)
        w = None if weights is None else weights[body.index.to_numpy()]
        decision = readings.decide_numbers(body, decimal, w)
        # Currency marks, then the accounting parentheses and the percent sign: what is left must have
        # the shape of a number under the column's reading.
        marks = body.str.replace(_CURRENCY, "", regex=True).str.strip()
        neg_paren = marks.str.match(r"^\(.*\)$")
        core = marks.str.replace(r"^\((.*)\)$", r"\1", regex=True).str.strip()
        pct = core.str.endswith("%")                      # "(12.5%)" is -12.5 %
        core = core.str.rstrip("%").str.strip()
        shaped = core.str.match(_number_shape(decision.reading)).fillna(False).astype(bool)
        cleaned = readings.plain_number_text(core.str.replace(_GROUPING, "", regex=True), decision.reading)
        nums = pd.to_numeric(cleaned, errors="coerce").astype("float64")
        nums = nums.where(~neg_paren, -nums)
        nums = nums.where(~pct, nums / 100.0)
        # Why a value is refused; a later reason wins: a value of the other reading is shaped for that
        # one, and an amount in euros is that before it is ambiguous.
        refused = pd.Series("", index=body.index, dtype=object)
        refused[~shaped | odd[body.index]] = NOT_NUMBER
        locale_bad = decision.bad != ""
        refused[locale_bad] = [_LOCALE_BAD[c] for c in decision.bad[locale_bad]]
        refused[odd[body.index]] = NOT_NUMBER
        if not percent:
            refused[pct] = PERCENT
        if currency is not None:
            other = "(?i)" + "|".join(m for k, m in CURRENCY_MARKS.items() if k != currency)
            refused[body.str.contains(other, regex=True)] = FOREIGN_CURRENCY
        nums[(refused != "").to_numpy()] = np.nan
        vals[body.index] = nums
        bad[body.index] = refused.where(refused != "", np.where(nums.isna(), NOT_NUMBER, ""))
        reading = decision.reading if decision.decided_by is not None else ""
        decided_by = body.index[decision.decided_by] if decision.decided_by is not None else None
        bad[texts.index[errs]] = EXCEL_ERROR
        blank[texts.index[empty]] = True
    inf = np.isinf(vals.to_numpy())
    bad[inf] = NOT_NUMBER
    vals[inf] = np.nan
    parsed = _refuse_huge(Parsed(vals, bad, blank & (bad == "")))
    if is_str.any():
        parsed.reading, parsed.decided_by = reading, decided_by
    return parsed


def _refuse_huge(p: Parsed) -> Parsed:
    """Numbers of MAX_ABS_NUMBER and more (or infinite) become bad cells (TOO_LARGE), left blank."""
    v = p.values.to_numpy(dtype="float64")
    huge = ~np.isnan(v) & ~(np.abs(v) < MAX_ABS_NUMBER)
    if huge.any():
        p.bad[huge] = TOO_LARGE
        p.values[huge] = np.nan
    return p


# ------------------------------------------------------------------------------------------ dates
_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$")
# Month text, tried before any serial-number reading in a month column: "2025.09" is September 2025,
# never the serial day 2025.09 (1905-07-17). Year first (2025-03, 2025/3, 2025.09, 2025年3月, 202503),
# month first (03/2025), or a month's English name (Sep 2025, September-2025, 2025 Sep).
_MONTH_FORMS = (
    re.compile(r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])$"),
    re.compile(r"^(?P<m>\d{1,2})\s*[-/.]\s*(?P<y>\d{4})$"),
    re.compile(r"^(?P<n>[A-Za-z]{3,9})\.?[\s,/-]*(?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})[\s,/-]*(?P<n>[A-Za-z]{3,9})\.?$"),
)
_MONTH_NAMES = {name: k for k, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for name in names}
# A serial number in a month column is a month only when it is a plausible one: from 1990 on. Below,
# it is almost always month text Excel took for a number (2025.09 typed into a number cell).
MIN_MONTH_SERIAL = 32874          # 1990-01-01
MONTH_SERIAL = "implausible_month_serial"
_MAX_SERIAL = (MAX_DATE - _EXCEL_EPOCH).days + 1
# Stand-ins for years outside 1900-2100 (leap years, so 29 February stays valid): the range check
# then reports them as out of range, and no year outside what a nanosecond timestamp holds is built.
_EARLY_YEAR, _LATE_YEAR = 1804, 2204
_SERIAL_RE = re.compile(r"^\d{1,6}(?:\.\d+)?$")


def _month_text(body: pd.Series) -> pd.Series:
    """Month text -> the month's first day; NaT where the text is no month form (vectorised)."""
    out = pd.Series(pd.NaT, index=body.index, dtype="datetime64[ns]")
    todo = body
    for form in _MONTH_FORMS:
        if todo.empty:
            break
        m = todo.str.extract(form)
        hit = m["y"].notna()
        if not hit.any():
            continue
        m = m[hit]
        month = (m["n"].str.lower().map(_MONTH_NAMES) if "n" in m else m["m"])
        parts = pd.DataFrame({"y": m["y"], "m": month, "d": "1"}, index=m.index)
        out[m.index] = _assemble(parts).to_numpy()
        todo = todo[~hit]
    return out


_CLOCK = r"(?:^|[ T])(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?:\.\d+)?(?:\s*(?P<ap>[AaPp][Mm]))?"


def _bad_clock(body: pd.Series) -> pd.Series:
    """Date text whose time of day is no time: hours past 23 (12 with AM/PM), minutes or seconds past 59."""
    if not body.str.contains(":", regex=False).any():
        return pd.Series(False, index=body.index)
    t = body.str.extract(_CLOCK)
    h, m, sec = (pd.to_numeric(t[k], errors="coerce") for k in ("H", "M", "S"))
    limit = np.where(t["ap"].notna(), 12, 23)
    return ((h > limit) | (m > 59) | (sec > 59)).fillna(False).astype(bool)


def _from_serial(values: np.ndarray, month: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Excel serial day numbers (1900 date system) to timestamps, and a reason code per value ("" where
    read; NaT where not). Excel counts a 29 February 1900 that never was (serial 60, kept from Lotus
    1-2-3): serials before it are a day later than the usual epoch gives, serial 60 is no day at all.
    In a month column a serial before 1990 is no plausible month (MONTH_SERIAL)."""
    vals = pd.Series(values, dtype="float64")
    whole = np.floor(vals)
    # Serials of the years 1900-2100 only: a date beyond 2262 does not fit a nanosecond timestamp.
    ok = (vals >= 1) & (vals < _MAX_SERIAL) & (whole != 60)
    if month:
        ok &= vals >= MIN_MONTH_SERIAL
    days = whole.where(ok) + (whole < 60)
    codes = np.full(len(vals), "", dtype=object)
    codes[~ok.to_numpy() & vals.notna().to_numpy()] = NOT_MONTH if month else NOT_DATE
    codes[(whole == 60).to_numpy()] = NO_SUCH_DAY
    if month:
        codes[((vals >= 1) & (vals < MIN_MONTH_SERIAL) & (whole != 60)).to_numpy()] = MONTH_SERIAL
    return _EXCEL_EPOCH + pd.to_timedelta(days, unit="D"), codes


def _assemble(parts: pd.DataFrame) -> pd.Series:
    """year/month/day columns (text) -> timestamps; impossible dates (2025-02-30) -> NaT."""
    nums = parts.apply(pd.to_numeric, errors="coerce")
    year = nums["y"]
    nums["y"] = year.mask(year < MIN_DATE.year, _EARLY_YEAR).mask(year > MAX_DATE.year, _LATE_YEAR)
    return pd.to_datetime(
        pd.DataFrame({"year": nums["y"], "month": nums["m"], "day": nums["d"]}), errors="coerce")


def _to_timestamp(v) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(v).normalize()
        ts = ts.tz_localize(None) if ts.tzinfo is not None else ts
        # Outside the range the caller reports as out of range anyway (and maybe beyond nanoseconds).
        return ts if MIN_DATE <= ts <= MAX_DATE else pd.NaT
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.NaT


def _typed_dates(raw: pd.Series, month: bool) -> Parsed:
    """A column the reader typed as dates: the day (or month) of each, and the years outside
    1900–2100 refused — in numpy, in the column's own unit until the range is checked (a year beyond
    2262, 2999 typed for 2025, overflows nanoseconds)."""
    v = (raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw).to_numpy()
    nat = np.isnat(v)
    lo, hi = (np.datetime64(d.date()).astype(v.dtype) for d in (MIN_DATE, MAX_DATE))
    far = ~nat & ((v < lo) | (v > hi))
    bad = None
    if far.any():
        v = v.copy()
        v[far] = np.datetime64("NaT")
        bad = pd.Series(np.where(far, OUT_OF_RANGE, ""), index=raw.index, dtype=object)
    days = v.astype("datetime64[M]" if month else "datetime64[D]").astype("datetime64[ns]")
    return Parsed(pd.Series(days, index=raw.index, copy=False), bad, pd.Series(nat, index=raw.index, copy=False))


def _parse_date(raw: pd.Series, month: bool = False, order: str | None = None,
                weights: np.ndarray | None = None) -> Parsed:
    """Dates: Excel dates, serial numbers, text 2025-03-05 / 2025/3/5 / 2025年3月5日 (month: 2025-03)."""
    bad_code = NOT_MONTH if month else NOT_DATE
    reading, decided_by = "", None
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        return _typed_dates(raw, month)
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        conv, codes = _from_serial(raw.to_numpy(dtype="float64"), month)
        vals = pd.Series(conv.to_numpy(), index=raw.index)
        bad = pd.Series(codes, index=raw.index, dtype=object)
    else:
        raw = raw.astype(object)
        is_str, is_num, is_bool, is_dt, blank = _kinds(raw)
        out = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        bad = pd.Series("", index=raw.index, dtype=object)
        if is_dt.any():
            out[is_dt] = raw[is_dt].map(_to_timestamp).astype("datetime64[ns]")
            bad[is_dt & out.isna()] = OUT_OF_RANGE
        if is_num.any():
            conv, codes = _from_serial(raw[is_num].astype("float64").to_numpy(), month)
            out[is_num] = conv.to_numpy()
            bad[is_num] = codes
        bad[is_bool] = BOOLEAN
        if is_str.any():
            texts = clean_text(raw[is_str])
            empty = _blank_text(texts)
            errs = _error_mask(texts)
            body = texts[~empty & ~errs]
            parsed = pd.Series(pd.NaT, index=body.index, dtype="datetime64[ns]")
            reason = pd.Series("", index=body.index, dtype=object)
            if len(body):
                m = body.str.extract(_DATE_RE)
                hit = m["y"].notna()
                if hit.any():
                    parsed[hit] = _assemble(m[hit]).to_numpy()
                dm = body[~hit].str.extract(readings.DAY_MONTH_RE)
                dm = dm[dm["y"].notna()]
                if len(dm):
                    hit = hit.copy()
                    hit[dm.index] = True
                    # (the distinct values come with a RangeIndex: an index is a position in `weights`)
                    w = None if weights is None else weights[dm.index.to_numpy()]
                    decision = readings.decide_dates(pd.to_numeric(dm["a"]), pd.to_numeric(dm["b"]), order, w)
                    day_first = decision.reading == readings.DMY
                    parts = pd.DataFrame({"y": dm["y"], "m": dm["b"] if day_first else dm["a"],
                                          "d": dm["a"] if day_first else dm["b"]}, index=dm.index)
                    parsed[dm.index] = _assemble(parts).to_numpy()
                    for code, mapped in ((readings.AMBIGUOUS, AMBIGUOUS_DATE),
                                         (readings.CONFLICT, DATE_ORDER_CONFLICT),
                                         (readings.MINORITY, DATE_ORDER_MINORITY)):
                        reason[dm.index[decision.bad == code]] = mapped
                    if decision.decided_by is not None:
                        reading, decided_by = decision.reading, dm.index[decision.decided_by]
                if month:      # month text before any serial reading
                    months = _month_text(body[~hit])
                    found = months.notna()
                    parsed[found.index[found]] = months[found].to_numpy()
                    hit = hit.copy()
                    hit[found.index[found]] = True
                serial = ~hit & body.str.match(_SERIAL_RE)
                if serial.any():
                    conv, codes = _from_serial(body[serial].astype(float).to_numpy(), month)
                    parsed[serial] = conv.to_numpy()
                    reason[serial.index[serial]] = codes
                clock = _bad_clock(body)
                if clock.any():
                    parsed[clock] = pd.NaT
                    reason[clock] = BAD_TIME
            out[body.index] = parsed
            bad[body.index[parsed.isna()]] = bad_code
            ambiguous = reason != ""
            bad[reason.index[ambiguous]] = reason[ambiguous]
            out[reason.index[ambiguous]] = pd.NaT
            bad[texts.index[errs]] = EXCEL_ERROR
            blank = blank.copy()
            blank[texts.index[empty]] = True
        vals = out
    # Years outside 1900–2100 are almost always typing errors (0025 for 2025, 2205 for 2025).
    out_of_range = vals.notna() & ((vals < MIN_DATE) | (vals > MAX_DATE))
    if out_of_range.any():
        bad = bad.mask(out_of_range & (bad == ""), OUT_OF_RANGE)
        vals = vals.mask(out_of_range)
    if month:
        vals = vals.dt.to_period("M").dt.start_time.astype("datetime64[ns]")
    blank_mask = blank if pd.api.types.is_object_dtype(raw.dtype) else raw.isna()
    return Parsed(vals.astype("datetime64[ns]"), bad.where(bad.notna(), ""), blank_mask & (bad == ""),
                  reading, decided_by)


# ------------------------------------------------------------------------------------------ text
def _text_value(v):
    if isinstance(v, str):
        return unicodedata.normalize("NFKC", v).strip()
    if isinstance(v, (bool, np.bool_)):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (float, np.floating)):
        if v != v:  # NaN
            return ""
        # a whole number in all its digits, as the fast reader writes it (1e20 -> "100000000000000000000")
        return str(int(v)) if float(v).is_integer() else repr(float(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (pd.Timestamp, _dt.datetime)):
        return v.strftime("%Y-%m-%d") if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    if v is None:
        return ""
    return str(v).strip()


def _arrow_text(raw: pd.Series) -> bool:
    """True for a pyarrow-backed string column (what the fast reader gives for text columns)."""
    return isinstance(raw.dtype, pd.StringDtype) and raw.dtype.storage == "pyarrow"


def arrow_strings(raw: pd.Series):
    """The Arrow data of a pyarrow-backed string column, as one ChunkedArray (a column filtered or
    taken by pandas may hold several chunks)."""
    import pyarrow as pa

    data = raw.array.__arrow_array__()
    return data if isinstance(data, pa.ChunkedArray) else pa.chunked_array([data])


def filled(raw: pd.Series) -> np.ndarray:
    """Cells that hold something: not blank, not only spaces."""
    if _arrow_text(raw):
        import pyarrow.compute as pc

        arr = arrow_strings(raw)
        blank = pc.fill_null(pc.or_(pc.equal(pc.binary_length(arr), 0), pc.utf8_is_space(arr)), True)
        return ~blank.to_numpy(zero_copy_only=False)
    if pd.api.types.is_object_dtype(raw.dtype) or pd.api.types.is_string_dtype(raw.dtype):
        return (raw.notna() & raw.astype(str).str.strip().ne("")).to_numpy()
    return raw.notna().to_numpy()


def _parse_arrow_text(raw: pd.Series) -> Parsed:
    """`_parse_text` for pyarrow strings, in Arrow compute kernels: no Python call per value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    texts, ascii_only = _arrow_clean(arrow_strings(raw))
    empty = pc.fill_null(pc.equal(texts, ""), True)
    errs = pc.fill_null(pc.is_in(pc.utf8_upper(texts), value_set=pa.array(sorted(EXCEL_ERRORS))), False)
    empty_np = empty.to_numpy(zero_copy_only=False)
    errs_np = errs.to_numpy(zero_copy_only=False)
    vals = texts.to_numpy(zero_copy_only=False).astype(object, copy=False)
    vals[empty_np | errs_np] = None
    if not ascii_only:       # an ASCII column has no Chinese punctuation to restore
        vals = _chinese_punctuation(vals)
    bad = pd.Series(np.where(errs_np, EXCEL_ERROR, ""), index=raw.index, dtype=object) if errs_np.any() else None
    return Parsed(pd.Series(vals, index=raw.index, dtype=object, copy=False), bad,
                  pd.Series(empty_np, index=raw.index, copy=False))


def _parse_text(raw: pd.Series) -> Parsed:
    """Any value as text: trimmed, NFKC; whole numbers as "1001" (not "1001.0"); Excel errors flagged."""
    if _arrow_text(raw):
        return _parse_arrow_text(raw)
    texts = raw.astype(object).map(_text_value)
    errs = texts.str.upper().isin(EXCEL_ERRORS)
    empty = texts.eq("")
    bad = pd.Series(np.where(errs, EXCEL_ERROR, ""), index=raw.index, dtype=object)
    vals = texts.where(~empty & ~errs, None).astype(object)
    return Parsed(pd.Series(_chinese_punctuation(vals.to_numpy()), index=raw.index, dtype=object), bad, empty)


def _chinese_punctuation(vals: np.ndarray) -> np.ndarray:
    """NFKC made a Chinese comment's ，：；（） half-width: written back full-width (i18n/punctuation.py).
    Once per distinct value (a Sales column holds few: names, products, categories), not per row."""
    from ..i18n.punctuation import chinese_punctuation

    codes, uniques = pd.factorize(pd.Series(vals, dtype=object), use_na_sentinel=True)
    fixed = [chinese_punctuation(u) if isinstance(u, str) and not u.isascii() else u for u in uniques]
    if all(a is b for a, b in zip(fixed, uniques)):
        return np.asarray(vals, dtype=object)
    table = np.array(list(fixed) + [None], dtype=object)
    return table[np.where(codes >= 0, codes, len(fixed))]


# ------------------------------------------------------------------------------------------ public
def _typed(raw: pd.Series) -> bool:
    """True when the column already has a machine type (float64, datetime64, bool): no per-value work."""
    return not (pd.api.types.is_object_dtype(raw.dtype) or pd.api.types.is_string_dtype(raw.dtype))


def _arrow_factorize(raw: pd.Series):
    """(codes with -1 for blank, distinct values as an ArrowStringArray) of a pyarrow string column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = arrow_strings(raw).combine_chunks()
    encoded = pc.dictionary_encode(arr)
    codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.intp, copy=False)
    return codes, pd.arrays.ArrowStringArray(encoded.dictionary.cast(pa.large_string()))


@dataclass(frozen=True)
class Distinct:
    """A text column's distinct values and, per row, the code of its value (-1 where blank): made once
    per column for the total-row check and the text parser, which both work on the distinct values."""
    codes: np.ndarray
    uniques: pd.api.extensions.ExtensionArray

    def rows(self, keep: np.ndarray) -> "Distinct":
        """The same for the rows `keep` marks (the distinct values may then hold some no row has)."""
        return Distinct(self.codes[keep], self.uniques)


def distinct(raw: pd.Series) -> Distinct | None:
    """The fast reader's text column as a `Distinct`; None for any other column, and for one whose
    values mostly differ (an order number: hashing it costs more than working on the rows)."""
    if not _arrow_text(raw) or _mostly_distinct(raw):
        return None
    return Distinct(*_arrow_factorize(raw))


def _by_unique(raw: pd.Series, parse_one_each, known: Distinct | None = None) -> Parsed:
    """Parse each distinct value once and spread the result back over the column; `parse_one_each`
    takes the distinct values and how many cells hold each.

    Input columns repeat themselves (a few hundred customers, products and days in a million rows),
    so the per-value work is over the distinct values only; factorize and take are vectorised.
    """
    if known is None and _arrow_text(raw):
        # Arrow's own dictionary encoding (several times faster than pd.factorize on the same array);
        # the distinct values stay Arrow strings for the vectorised parsers.
        known = Distinct(*_arrow_factorize(raw))
    if known is not None:
        codes, uniques = known.codes, known.uniques
        series = pd.Series(uniques)
    else:
        codes, uniques = pd.factorize(raw.astype(object), use_na_sentinel=True)
        series = pd.Series(uniques, dtype=object)
    # How many cells hold each value: a locale reading is decided by cells, not by distinct values.
    p = parse_one_each(series, np.bincount(codes[codes >= 0], minlength=len(uniques)))
    missing = codes < 0
    safe = np.where(missing, 0, codes)
    if len(uniques) == 0:
        empty = pd.Series([None] * len(raw), index=raw.index, dtype=object)
        vals = empty if p.values.dtype == object else pd.Series(np.nan, index=raw.index).astype(p.values.dtype)
        return Parsed(vals, pd.Series("", index=raw.index, dtype=object), pd.Series(True, index=raw.index))
    taken = p.values.to_numpy().take(safe)
    if missing.any():
        if taken.dtype == object:
            taken[missing] = None
        elif taken.dtype.kind == "M":
            taken[missing] = np.datetime64("NaT")
        else:
            taken = taken.astype("float64")
            taken[missing] = np.nan
    # dtype given: pandas 3 would otherwise infer (and convert to) its string dtype, row by row; and
    # no copy of arrays made here for the Series (pandas 3 copies by default).
    vals = pd.Series(taken, index=raw.index, dtype=taken.dtype, copy=False)
    bad = None                # the usual case: nothing bad, no per-row codes at all
    if p.bad_codes is not None:
        bad_u = p.bad_codes.to_numpy(dtype=object)
        if not (bad_u == "").all():
            bad = pd.Series(np.where(missing, "", bad_u.take(safe)), index=raw.index, dtype=object)
    blank = pd.Series(missing | p.blank.to_numpy(dtype=bool).take(safe), index=raw.index, copy=False)
    # The deciding value's first row in the column (for the finding that says how it was read).
    decided_by = int(np.flatnonzero(codes == p.decided_by)[0]) if p.decided_by is not None else None
    return Parsed(vals.astype(p.values.dtype) if p.values.dtype != object else vals, bad, blank,
                  p.reading, decided_by)


def parse_number(raw: pd.Series, decimal: str | None = None, percent: bool = True,
                 currency: str | None = None) -> Parsed:
    """Numbers, and number text: "1,234.50", "¥1,200", "12.5%" (=0.125; refused unless `percent`),
    "(300)" (=-300), full width; "1.234,56" / "261,96" with a decimal comma when the column (or
    `decimal`) says so; a currency mark other than `currency`'s refused (see `_parse_number`)."""
    if _typed(raw):
        return _parse_number(raw)
    return _by_unique(raw, lambda u, w: _parse_number(u, decimal, percent, currency, w))


def parse_date(raw: pd.Series, month: bool = False, order: str | None = None) -> Parsed:
    """Dates: Excel dates, serial numbers, text 2025-03-05 / 2025/3/5 / 2025年3月5日 (month: 2025-03);
    11/5/2017 month or day first as the column (or `order`, "MDY" / "DMY") says."""
    if _typed(raw):
        return _parse_date(raw, month)
    return _by_unique(raw, lambda u, w: _parse_date(u, month, order, w))


def parse_text(raw: pd.Series, known: Distinct | None = None) -> Parsed:
    """Any value as text: trimmed, NFKC; whole numbers as "1001" (not "1001.0"); Excel errors flagged.
    `known`: the column's `distinct()`, when already made."""
    if known is None and _arrow_text(raw) and _mostly_distinct(raw):
        # An order-number column: hashing a million distinct values to parse each "once" costs more
        # than the vectorised kernels over the column itself.
        return _parse_arrow_text(raw)
    return _by_unique(raw, lambda u, _w: _parse_text(u), known)


_SAMPLE = 10_000


def _mostly_distinct(raw: pd.Series) -> bool:
    """Whether most of a long column's values differ (judged on its first _SAMPLE rows)."""
    import pyarrow.compute as pc

    if len(raw) <= _SAMPLE:
        return False
    head = arrow_strings(raw).slice(0, _SAMPLE)
    return pc.count_distinct(head).as_py() > _SAMPLE // 2

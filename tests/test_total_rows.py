"""Total, subtotal and footer lines of an export are recognised by a whole cell that says so."""
from __future__ import annotations

import pandas as pd
import pytest

from salesreport_xl.validate.totals import total_rows


@pytest.mark.parametrize("text", ["Grand Totals (9994 records)", "Total", "TOTAL:", "Subtotal", "Sub-total (3)",
                                  "合计", "合计:", "总计", "小计", "本页合计",
                                  "Confidential Information - Do Not Distribute",
                                  "Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."])
def test_total_and_footer_texts(text):
    rows, found = total_rows([pd.Series(["Acme", text, None], dtype=object)])
    assert rows.tolist() == [False, True, False] and found == [text]


@pytest.mark.parametrize("text", ["Total Care Kit", "Totally Office", "合计器", "Subtotals Inc. Ltd", "Copyright paper"])
def test_data_that_merely_starts_like_a_total_is_data(text):
    rows, _ = total_rows([pd.Series([text], dtype=object)])
    assert rows.tolist() == [False]


def test_any_checked_column_marks_the_row_also_arrow_strings():
    first = pd.Series(["a", None, "b"], dtype="string[pyarrow]")
    other = pd.Series([1.0, 2.0, 3.0])
    third = pd.Series([None, None, "小计"], dtype=object)
    rows, found = total_rows([first, other, third])
    assert rows.tolist() == [False, False, True] and found == ["小计"]

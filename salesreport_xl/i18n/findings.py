"""Validation messages (en / zh). Placeholders: {col} column key, {value} the value as given, etc."""

EN = {
    "f_not_a_number": '{col} "{value}" is not a number',
    "f_not_a_date": '{col} "{value}" is not a date (use YYYY-MM-DD)',
    "f_not_a_month": '{col} "{value}" is not a month (use YYYY-MM)',
    "f_date_out_of_range": "{col} {value} is outside the years 1900–2100",
    "f_month_serial": '{col} {value} is a number, not a month (as an Excel date it is a day before 1990); '
                      'write the month as text, e.g. 2025-09',
    "f_excel_1900_02_29": "{col} {value} is Excel's 1900-02-29, a day that never was; enter the date again",
    "f_bad_time_of_day": '{col} "{value}" has no such time of day (hours 0–23, minutes and seconds 0–59)',
    "f_excel_error": "{col} holds the Excel error {value}",
    "f_excel_error_text": "{col} holds the Excel error {value}; treated as blank",
    "f_boolean": "{col} is {value}, not a {kind}",
    "f_number_too_large": "{col} {value} is too large (15 digits or more); check the cell",
    "f_required_empty": "{col} is empty (required)",
    "f_unknown_choice": '{col} "{value}" is not one of {choices}; kept as given ({count} rows)',
    "f_unknown_choice#one": '{col} "{value}" is not one of {choices}; kept as given (1 row)',
    "f_score_range": "score {value} is outside 1–5; this response is left out",
    "f_not_whole": "{col} {value} is not a whole number; rounded",
    "f_negative": "{col} {value} is negative; treated as blank",
    "f_more": "… and {count} more like this in column {col}",
    "f_required_sheet": "required sheet {name} ({zh}) is missing",
    "f_optional_sheet": "optional sheet {name} ({zh}) is missing: its part of the report says there is no data",
    "f_no_header": "no header row found in the first {rows} rows (expected headers such as {expected})",
    "f_optional_column": "optional column {name} ({zh}) is missing",
    "f_extra_column": 'column "{value}" is not part of the template; ignored',
    "f_duplicate_column": 'column "{value}" appears again; the first one is used',
    "f_duplicate_sheet": 'sheet "{value}" is a second copy of the input sheet "{first}"; only "{first}" is read',
    "f_no_rows": "the sheet has no data rows",
    "f_unknown_sheet": "sheet is not an input sheet of the template; ignored",
    "f_unknown_setting": 'setting "{value}" is not known; ignored',
    "f_bad_setting": 'setting {key} "{value}" is not valid ({expected}); {default} is used',
    "f_setting_control_chars": 'setting {key} holds control characters ({codes}) that no workbook can show; '
                               'they are left out: "{value}"',
    "f_bad_report_month": 'report month "{value}" is not a month: write it as YYYY-MM (e.g. 2025-03), or leave it '
                          'blank for the latest month with sales',
    "f_month_outside_data": "report month {month} is outside the data: the Sales data covers {first} … {last}",
    "f_month_number_ambiguous": "report month {value} is a number, and Excel keeps {year}.10 as {value} too: it "
                                "could be {year}-01 or {year}-10; type the month as text, e.g. {year}-10",
    "f_churn_days_below_gap": ("churn_days {days} is shorter than this team's usual gap between two orders of "
                               "one customer (median {median} days of {n} gaps): most customers it calls churned "
                               "are only between orders; set it above the median, or auto"),
    "f_stalled_days_below_stage": ("stalled_days {days} is shorter than the usual time a deal spends in a stage "
                                   "(median {median} days of {n} finished stages): most deals it calls stalled "
                                   "are on time; set it above the median, or auto"),
    "f_setting_percent": "setting {key} {value} read as {pct}",
    "f_duplicate_target": "row {row} repeats row {first} (same month, rep, segment, category, region and amount); "
                          "the target counts once",
    "f_conflicting_target": "rows {first} and {row} give two targets for the same month, rep, segment, category "
                            "and region; keep one of them",
    "f_ratio_one": 'setting {key} "{value}" could mean 1% or 100%: write it with a percent sign (1% or 100%)',
    "f_settings_unread": "the Settings sheet has rows but none names a known setting (such as {keys}): write "
                         "a header row Setting | Value and one setting a row",
    "f_left_before_entered": "left_on {left} is before entered_on {entered}; the row is left out",
    "f_rows_left_out": "{count} rows with errors are left out of the report",
    "f_rows_left_out#one": "1 row with errors is left out of the report",
    "f_duplicate_setting": 'setting {key} appears again; the first value is used',
    "f_required_column": "required column {name} ({zh}) is missing: add it, or write on the Mapping sheet "
                         "the header your export uses for it ({sheet} | {field} | your header)",
    "f_required_column_close": 'required column {name} ({zh}) is missing; did you mean {guesses}? If so, '
                               'write on the Mapping sheet: {sheet} | {field} | {header}',
    "f_fallback_column": "{name} ({zh}) is not in the sheet: {other} ({other_zh}) is used in its place",
    "f_column_left": 'column "{value}" also names {field}; "{used}" is read (the preferred name), this one '
                     'is left',
    "f_second_header": "row {row} is the export's own header row (pasted under the template's header in row "
                       "{template}); its headers are used",
    "f_deal_stages": 'column "{header}" holds CRM deal stages: only won deals are counted as sales ({kept} '
                     'lines); {count} lines of lost or open deals, {amount}, are left out: {stages}',
    "f_deal_stages#one": 'column "{header}" holds CRM deal stages: only won deals are counted as sales ({kept} '
                         'lines); 1 line of a lost or open deal, {amount}, is left out: {stages}',
    "f_sheet_left_out": "the {sheet} sheet is left out of the report: its required columns {columns} are "
                        "missing; the rest of the report is built, and its part says the sheet was left out",
    "f_sheet_left_out#one": "the {sheet} sheet is left out of the report: its required column {columns} is "
                            "missing; the rest of the report is built, and its part says the sheet was left out",
    "f_total_rows": 'rows {rows} are total or footer lines ("{value}"); left out, not summed',
    "f_total_rows#one": 'row {rows} is a total or footer line ("{value}"); left out, not summed',
    "f_table_totals": "rows {rows} are the totals row of an Excel table; left out, not summed",
    "f_table_totals#one": "row {rows} is the totals row of an Excel table; left out, not summed",
    "f_sum_rows": "rows {rows} hold the sums of the rows above them (total lines); left out, not summed",
    "f_sum_rows#one": "row {rows} holds the sums of the rows above it (a total line); left out, not summed",
    "f_footer_rows": 'rows {rows} below the data are footer lines ("{value}"); left out',
    "f_footer_rows#one": 'row {rows} below the data is a footer line ("{value}"); left out',
    "f_mapping_missing": 'mapped header "{header}" for {field} is not in the header row of sheet {sheet}',
    "f_mapping_sheet": 'sheet "{value}" is not an input sheet; this mapping row is ignored',
    "f_mapping_field": 'field "{value}" is not a column of {sheet} ({fields}); this mapping row is ignored',
    "f_mapping_blank": "no header given for {field}; this mapping row is ignored",
    "f_mapping_formula": '"{value}" is not a product of two headers (write e.g. Sales | amount | = Unit Price × '
                         'Quantity; only the Sales amount can be one); this mapping row is ignored',
    "f_mapping_again": "{field} of {sheet} is mapped again; the first row is used",
    "f_ambiguous_number": '{col} "{value}" can be read with a decimal comma or a thousands separator and '
                          'nothing in the column decides; set decimal_separator ("." or ",") in Settings',
    "f_decimal_conflict": '{col} "{value}": this column holds numbers written with a decimal comma and with '
                          'a decimal point (or not the decimal_separator set in Settings); make them one kind',
    "f_ambiguous_date": '{col} "{value}" can be read month-first or day-first and nothing in the column '
                        'decides; set date_order (MDY or DMY) in Settings',
    "f_date_order_conflict": '{col} "{value}": this column holds dates written month-first and day-first '
                             '(or not the date_order set in Settings); make them one kind',
    "f_decimal_minority": '{col} "{value}" is written the other way from most of this column (such as {other} '
                          '"{other_value}"): one has a decimal comma, the other a decimal point; make them one '
                          'kind, or set decimal_separator ("." or ",") in Settings',
    "f_undecided_number": '{col} "{value}" can be read with a decimal comma or a thousands separator; fewer cells '
                          'decide the column (such as {other} "{other_value}") than this reading would change; '
                          'set decimal_separator ("." or ",") in Settings',
    "f_date_order_minority": '{col} "{value}" is written the other way from most of this column (such as {other} '
                             '"{other_value}"): one is month-first, the other day-first; make them one kind, or '
                             'set date_order (MDY or DMY) in Settings',
    "f_percent_not_amount": '{col} "{value}" is a percentage, not a {col}; write the value itself',
    "f_foreign_currency": '{col} "{value}" is in another currency than the workbook\'s ({currency}); convert it, '
                          'or set currency in Settings',
    "f_read_decimal_comma": '{col} is read with a decimal comma ("{value}" allows no other reading)',
    "f_read_date_order": '{col} is read as {order} ("{value}" allows no other reading)',
    "f_column_empty_other": 'column "{empty}" has no values; "{used}" is read in its place',
    "f_formula_no_result": '{col} "{header}" holds formulas without saved results (first at {cell}), which '
                           'read as empty: open the workbook in Excel and save it, or paste the column as values',
    "f_formula_zero": '{col} "{header}" holds formulas whose saved results are all 0 (first at {cell}), as a '
                      'script leaves them: open the workbook in Excel and save it, or paste the column as values',
    "f_column_no_values": 'column "{header}" has no values; read as absent',
    "f_column_one_value_other": 'column "{one}" holds one value ("{value}") on every row; "{used}" is read '
                                'in its place',
    "f_column_one_value": 'column "{header}" holds one value ("{value}") on every row: the report shows one '
                          '{field}; if that is not right, write the right header on the Mapping sheet',
    "f_order_name": 'column "{header}" holds order numbers; read as the Order ID',
    "f_order_total_other": 'column "{header}" holds each order\'s total, not line amounts; "{used}" is read '
                           'as the amount',
    "f_order_total_price": 'column "{header}" holds each order\'s total, not line amounts; the amount is '
                           '"{price}" × "{quantity}"',
    "f_order_total_repeated": 'amount column "{header}" repeats each order\'s total on every line of the order, '
                              'which would count an order once per line: map a line amount on the Mapping '
                              'sheet (Sales | amount | your header), or give unit price and quantity columns',
    "f_order_total_first_line": 'amount column "{header}" holds each order\'s total on its first line only, not '
                                'line amounts: map a line amount on the Mapping sheet (Sales | amount | your '
                                'header), or give unit price and quantity columns',
    "f_amount_gross": 'the amount is read from "{header}", which includes tax (no net amount column found): '
                      'sales figures include tax',
    "f_product_column": "no Product (产品) column: the report is built without product and category "
                        "analysis; to add it, write on the Mapping sheet: {sheet} | {field} | your header",
    "f_product_column_close": 'no Product (产品) column: the report is built without product and category '
                              'analysis; if {guesses} is the product, write on the Mapping sheet: '
                              '{sheet} | {field} | {header}',
    # How a column was read (Checks sheet, `salesreport validate`): "Amount ← "Total Price" (Sales!I)".
    "u_column_read": '{field} ← "{header}" ({sheet}!{column})',
    "u_how_recognised": "recognised",
    "u_how_mapped": "from the Mapping sheet",
    "u_how_fallback": "stands in: no {field} column",
    "u_how_left": "also names {field}; not read",
    "u_columns_read": "Columns read:",
    "u_read_scaled": " × {factor} ({unit})",
    "u_read_gross": ", with tax",
    "u_read_price_x_quantity": " = unit price × quantity",
}

ZH = {
    "f_not_a_number": '{col} "{value}" 不是数字',
    "f_not_a_date": '{col} "{value}" 不是日期（请使用 YYYY-MM-DD）',
    "f_not_a_month": '{col} "{value}" 不是月份（请使用 YYYY-MM）',
    "f_date_out_of_range": "{col} {value} 超出 1900–2100 年范围",
    "f_month_serial": '{col} {value} 是数字而不是月份（按 Excel 日期是 1990 年以前的某一天）；请以文本填写月份，如 2025-09',
    "f_excel_1900_02_29": "{col} {value} 是 Excel 中并不存在的 1900-02-29；请重新输入日期",
    "f_bad_time_of_day": '{col} "{value}" 的时刻不存在（小时 0–23，分、秒 0–59）',
    "f_excel_error": "{col} 为 Excel 错误值 {value}",
    "f_excel_error_text": "{col} 为 Excel 错误值 {value}，按空值处理",
    "f_number_too_large": "{col} {value} 数值过大（15 位及以上）；请检查该单元格",
    "f_boolean": "{col} 为 {value}，不是{kind}",
    "f_required_empty": "{col} 为空（必填）",
    "f_unknown_choice": '{col} "{value}" 不在可选值 {choices} 中；按原值保留（{count} 行）',
    "f_unknown_choice#one": '{col} "{value}" 不在可选值 {choices} 中；按原值保留（1 行）',
    "f_score_range": "评分 {value} 不在 1–5 之间；该条反馈不计入",
    "f_not_whole": "{col} {value} 不是整数；已四舍五入",
    "f_negative": "{col} {value} 为负数；按空值处理",
    "f_more": "……列 {col} 中还有 {count} 处类似问题",
    "f_required_sheet": "缺少必需的工作表 {zh}（{name}）",
    "f_optional_sheet": "缺少可选工作表 {zh}（{name}）：报告中相应部分将注明无数据",
    "f_no_header": "前 {rows} 行中未找到表头（应包含如 {expected} 等列名）",
    "f_optional_column": "缺少可选列 {zh}（{name}）",
    "f_extra_column": '列 "{value}" 不属于模板；已忽略',
    "f_duplicate_column": '列 "{value}" 重复出现；使用第一列',
    "f_duplicate_sheet": '工作表“{value}”与输入表“{first}”重复，只读取“{first}”',
    "f_no_rows": "该工作表没有数据行",
    "f_unknown_sheet": "该工作表不是模板的输入表；已忽略",
    "f_unknown_setting": '设置项 "{value}" 无法识别；已忽略',
    "f_bad_setting": '设置项 {key} "{value}" 无效（{expected}）；使用 {default}',
    "f_setting_control_chars": '设置项 {key} 含有工作簿无法显示的控制字符（{codes}），已去掉："{value}"',
    "f_bad_report_month": '报告月份 "{value}" 不是有效月份：请按 YYYY-MM 填写（如 2025-03），或留空以取有销售的最近月份',
    "f_month_outside_data": "报告月份 {month} 不在数据范围内：销售明细覆盖 {first} … {last}",
    "f_month_number_ambiguous": "报告月份 {value} 是数字，Excel 会把 {year}.10 也存成 {value}：可能是 {year}-01，"
                                "也可能是 {year}-10；请以文本填写月份，例如 {year}-10",
    "f_churn_days_below_gap": ("流失天数 {days} 短于本团队客户两次下单的通常间隔（{n}个间隔的中位数为{median}天）："
                               "被判为流失的客户多数只是尚未到下次下单；请设为高于中位数的天数，或 auto"),
    "f_stalled_days_below_stage": ("停滞天数 {days} 短于商机在一个阶段的通常停留时间（{n}个已完成阶段的中位数为"
                                   "{median}天）：被判为停滞的商机多数进度正常；请设为高于中位数的天数，或 auto"),
    "f_setting_percent": "设置项 {key} {value} 按 {pct} 理解",
    "f_duplicate_target": "第 {row} 行与第 {first} 行重复（月份、销售人员、客户类型、产品类别、区域和金额都相同）；目标只计一次",
    "f_conflicting_target": "第 {first} 行和第 {row} 行为同一月份、销售人员、客户类型、产品类别和区域给出了两个目标；请只保留一行",
    "f_ratio_one": '设置项 {key} "{value}" 既可理解为 1% 也可理解为 100%：请带百分号填写（1% 或 100%）',
    "f_settings_unread": "设置表有内容，但没有一行是可识别的设置项（如 {keys}）：请写表头行 项目 | 值，每行一个设置项",
    "f_left_before_entered": "离开日期 {left} 早于进入日期 {entered}；该行不计入",
    "f_rows_left_out": "{count} 行有错误，未计入报告",
    "f_rows_left_out#one": "1 行有错误，未计入报告",
    "f_duplicate_setting": '设置项 {key} 重复；使用第一个值',
    "f_required_column": "缺少必填列 {zh}（{name}）：请添加该列，或在“字段映射”表中写明导出数据中该列的表头"
                         "（{sheet} | {field} | 您的表头）",
    "f_required_column_close": '缺少必填列 {zh}（{name}）；是否指 {guesses}?如是，请在“字段映射”表中写：'
                               '{sheet} | {field} | {header}',
    "f_fallback_column": "表中没有 {zh}（{name}）：以 {other_zh}（{other}）代替",
    "f_column_left": '列 "{value}" 也对应 {field}；读取的是 "{used}"（优先的名称），此列未读取',
    "f_second_header": "第 {row} 行是导出数据自带的表头（粘贴在第 {template} 行模板表头之下）；按此行表头读取",
    "f_deal_stages": '列 "{header}" 是 CRM 商机阶段：只有赢单计入销售额（{kept} 行）；输单或未结商机 {count} 行、'
                     '{amount} 未计入：{stages}',
    "f_deal_stages#one": '列 "{header}" 是 CRM 商机阶段：只有赢单计入销售额（{kept} 行）；输单或未结商机 1 行、'
                         '{amount} 未计入：{stages}',
    "f_sheet_left_out": "工作表 {sheet} 未纳入报告：缺少必填列 {columns}；报告其余部分照常生成，相应部分注明该表未纳入",
    "f_sheet_left_out#one": "工作表 {sheet} 未纳入报告：缺少必填列 {columns}；报告其余部分照常生成，相应部分注明该表未纳入",
    "f_total_rows": '第 {rows} 行是合计或页脚行（"{value}"）；未计入，不参与汇总',
    "f_total_rows#one": '第 {rows} 行是合计或页脚行（"{value}"）；未计入，不参与汇总',
    "f_table_totals": "第 {rows} 行是 Excel 表格的汇总行；未计入，不参与汇总",
    "f_table_totals#one": "第 {rows} 行是 Excel 表格的汇总行；未计入，不参与汇总",
    "f_sum_rows": "第 {rows} 行是其上各行之和（合计行）；未计入，不参与汇总",
    "f_sum_rows#one": "第 {rows} 行是其上各行之和（合计行）；未计入，不参与汇总",
    "f_footer_rows": '第 {rows} 行位于数据之后，是页脚行（"{value}"）；未计入',
    "f_footer_rows#one": '第 {rows} 行位于数据之后，是页脚行（"{value}"）；未计入',
    "f_mapping_missing": '映射的表头 "{header}"（{field}）不在工作表 {sheet} 的表头行中',
    "f_mapping_sheet": '工作表 "{value}" 不是输入表；此映射行已忽略',
    "f_mapping_field": '字段 "{value}" 不是 {sheet} 的列（{fields}）；此映射行已忽略',
    "f_mapping_blank": "{field} 未填写表头；此映射行已忽略",
    "f_mapping_formula": '"{value}" 不是两个表头的乘积（可写如 销售明细 | amount | = 单价 × 数量；仅销售明细的金额可以这样写）；'
                         '此映射行已忽略',
    "f_mapping_again": "{sheet} 的 {field} 重复映射；使用第一行",
    "f_ambiguous_number": '{col} "{value}" 既可按小数逗号也可按千位分隔符理解，且该列没有可判断的值；'
                          '请在设置中填写 decimal_separator("." 或 ",")',
    "f_decimal_conflict": '{col} "{value}"：该列同时有小数逗号和小数点写法的数字（或与设置中的 '
                          'decimal_separator 不符）；请统一写法',
    "f_ambiguous_date": '{col} "{value}" 既可按月/日也可按日/月理解，且该列没有可判断的值；'
                        '请在设置中填写 date_order(MDY 或 DMY)',
    "f_date_order_conflict": '{col} "{value}"：该列同时有月在前和日在前的日期（或与设置中的 date_order 不符）；'
                             '请统一写法',
    "f_decimal_minority": '{col} "{value}" 的写法与该列多数值（如 {other} "{other_value}"）相反：一个用小数逗号，'
                          '一个用小数点；请统一写法，或在设置中填写 decimal_separator("." 或 ",")',
    "f_undecided_number": '{col} "{value}" 既可按小数逗号也可按千位分隔符理解；该列能判断写法的单元格（如 {other} '
                          '"{other_value}"）少于按此读取会改变的单元格；请在设置中填写 decimal_separator("." 或 ",")',
    "f_date_order_minority": '{col} "{value}" 的写法与该列多数日期（如 {other} "{other_value}"）相反：一个月在前，'
                             '一个日在前；请统一写法，或在设置中填写 date_order(MDY 或 DMY)',
    "f_percent_not_amount": '{col} "{value}" 是百分比，不是 {col}；请填写数值本身',
    "f_foreign_currency": '{col} "{value}" 的货币与本工作簿（{currency}）不同；请换算，或在设置中修改 currency',
    "f_read_decimal_comma": '{col} 按小数逗号读取（"{value}" 只能这样理解）',
    "f_read_date_order": '{col} 按 {order} 顺序读取（"{value}" 只能这样理解）',
    "f_column_empty_other": '列 "{empty}" 没有数据；改为读取 "{used}"',
    "f_formula_no_result": '{col} "{header}" 是没有保存计算结果的公式（首个在 {cell}），读取为空：请在 Excel 中打开并'
                           '保存该工作簿，或将该列粘贴为数值',
    "f_formula_zero": '{col} "{header}" 的公式保存的结果全部为 0（首个在 {cell}），这是脚本生成文件的情况：请在 Excel '
                      '中打开并保存该工作簿，或将该列粘贴为数值',
    "f_column_no_values": '列 "{header}" 没有数据；按缺少此列处理',
    "f_column_one_value_other": '列 "{one}" 每行都是同一个值（"{value}"）；改为读取 "{used}"',
    "f_column_one_value": '列 "{header}" 每行都是同一个值（"{value}"）：报告中只有一个 {field}；如不对，'
                          '请在“字段映射”表中写明正确的表头',
    "f_order_name": '列 "{header}" 是订单号；按订单编号读取',
    "f_order_total_other": '列 "{header}" 是每张订单的合计，不是明细金额；金额改为读取 "{used}"',
    "f_order_total_price": '列 "{header}" 是每张订单的合计，不是明细金额；金额按 "{price}" × "{quantity}" 计算',
    "f_order_total_repeated": '金额列 "{header}" 在订单的每一行都重复整张订单的合计，会按行数重复计算：请在'
                              '“字段映射”表中指定明细金额列（销售明细 | amount | 您的表头），或提供单价和数量列',
    "f_order_total_first_line": '金额列 "{header}" 只在订单第一行填写整张订单的合计，不是明细金额：请在'
                                '“字段映射”表中指定明细金额列（销售明细 | amount | 您的表头），或提供单价和数量列',
    "f_amount_gross": '金额读取自 "{header}"，该列含税（未找到不含税金额列）：销售额为含税金额',
    "f_product_column": "没有产品列：报告不含产品和产品类别分析；如需添加，请在“字段映射”表中写："
                        "{sheet} | {field} | 您的表头",
    "f_product_column_close": '没有产品列：报告不含产品和产品类别分析；如 {guesses} 是产品，请在“字段映射”表中写：'
                              '{sheet} | {field} | {header}',
    "u_column_read": '{field} ← "{header}"（{sheet}!{column}）',
    "u_how_recognised": "自动识别",
    "u_how_mapped": "按字段映射表",
    "u_how_fallback": "代替：没有 {field} 列",
    "u_how_left": "也对应 {field}；未读取",
    "u_columns_read": "读取的列：",
    "u_read_scaled": " × {factor}（{unit}）",
    "u_read_gross": "，含税",
    "u_read_price_x_quantity": " = 单价 × 数量",
}

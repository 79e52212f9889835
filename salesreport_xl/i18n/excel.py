"""Words of the Excel workbook's own user interface: status bar, message boxes, buttons (en / zh)."""

EN = {
    "xl_reading": "Sales report: reading the input sheets…",
    "xl_computing": "Sales report: computing…",
    "xl_writing": "Sales report: writing {step}…",
    "xl_errors_title": "Sales report: input errors",
    "xl_failed_title": "Sales report: not generated",
    "xl_errors": "{n} input errors — the report was not rebuilt. Fix these cells and run Generate again "
                 "(every finding is on the Checks sheet):",
    "xl_errors_one": "1 input error — the report was not rebuilt. Fix this cell and run Generate again "
                     "(every finding is on the Checks sheet):",
    "xl_more": "…and {n} more.",
    "xl_valid_title": "Sales report: inputs checked",
    "xl_valid": "No errors. Warnings: {w}; notes: {i} — all on the Checks sheet.",
    "xl_cleared": "Sales report: report sheets removed: {n}.",
    "xl_stopped": "Generate stopped at an error ({error}). Nothing was changed: the previous report is as it was. "
                  "Close any dialog or cell being edited in Excel and run Generate again; if it happens "
                  "again, send this message to whoever maintains the workbook.",
    "xl_leftover": "The new report is in, but these sheets of the previous one could not be removed: {sheets}. "
                   "Delete them by hand, or run Generate again.",
    "xl_skipped": "Not applied by this Excel engine (set by hand if needed):",
    "xl_button_generate": "Generate report",
    "xl_button_validate": "Validate inputs",
    "xl_button_clear": "Clear report",
}

ZH = {
    "xl_reading": "销售月报：正在读取输入表…",
    "xl_computing": "销售月报：正在计算…",
    "xl_writing": "销售月报：正在写入 {step}…",
    "xl_errors_title": "销售月报：输入有错误",
    "xl_failed_title": "销售月报：未生成",
    "xl_errors": "共 {n} 个输入错误，报告未重新生成。请修改以下单元格后再次点击“生成报告”（所有问题见“数据检查”表）：",
    "xl_errors_one": "共 1 个输入错误，报告未重新生成。请修改以下单元格后再次点击“生成报告”（所有问题见“数据检查”表）：",
    "xl_more": "……另有 {n} 个。",
    "xl_valid_title": "销售月报：输入检查",
    "xl_valid": "没有错误。警告 {w} 个，提示 {i} 条，均见“数据检查”表。",
    "xl_cleared": "销售月报：已删除 {n} 张报告表。",
    "xl_stopped": "生成报告因错误而中止（{error}）。工作簿没有任何改动：上一份报告保持原样。"
                  "请关闭 Excel 中的对话框或正在编辑的单元格，然后再次点击“生成报告”；如再次出现，请把本消息发给工作簿的维护人。",
    "xl_leftover": "新报告已生成，但上一份报告的这些表未能删除：{sheets}。请手动删除，或再次点击“生成报告”。",
    "xl_skipped": "当前 Excel 引擎未能应用（如需要请手动设置）：",
    "xl_button_generate": "生成报告",
    "xl_button_validate": "检查输入",
    "xl_button_clear": "清除报告",
}

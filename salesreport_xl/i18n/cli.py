"""Words of the command line's own notes and usage errors (the report's words are in labels.py)."""

EN = {
    "cli.skipped_lock": "skipped {name}: Excel's lock file (the workbook is open in Excel)",
    "cli.skipped_hidden": "skipped {name}: a hidden file",
    "cli.nothing_left": "no workbooks left to build once Excel lock files and hidden files are skipped",
    "cli.bad_output_suffix": "-o {path}: the output is the workbook, so it ends in .xlsx (or .xlsm for a "
                             "workbook with macros), not '{suffix}'; for a PDF add --pdf (written beside "
                             "the workbook)",
    "cli.json_summary_written": "batch summary written: {path}",
}

ZH = {
    "cli.skipped_lock": "已跳过 {name}：Excel 的锁文件（该工作簿正在 Excel 中打开）",
    "cli.skipped_hidden": "已跳过 {name}：隐藏文件",
    "cli.nothing_left": "跳过 Excel 锁文件和隐藏文件后，没有可生成的工作簿",
    "cli.bad_output_suffix": "-o {path}：输出是工作簿，扩展名应为 .xlsx（含宏的工作簿为 .xlsm），而不是"
                             "“{suffix}”；需要 PDF 请加 --pdf（写在工作簿旁边）",
    "cli.json_summary_written": "批量汇总已写入：{path}",
}

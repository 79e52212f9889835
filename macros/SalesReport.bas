Attribute VB_Name = "SalesReport"
' salesreport-xl: the buttons of the About sheet run these macros.
' Each one hands the workbook to Python through xlwings' RunPython; the Python side
' (salesreport_xl.excel) reads the input sheets, builds the report and writes it back.
' Needs either the xlwings VBA module in this workbook (salesreport template --xlsm puts
' it there) or the xlwings add-in with a reference to it. See macros/README.md.
Option Explicit

' Build (or rebuild) the report sheets from the input sheets.
Public Sub Generate()
    RunPython "import salesreport_xl.excel as sr; sr.generate()"
End Sub

' Check the input sheets only: findings go to the Checks sheet, errors to a message box.
Public Sub ValidateInputs()
    RunPython "import salesreport_xl.excel as sr; sr.validate_inputs()"
End Sub

' Remove the report sheets and names a previous Generate made; input sheets stay as they are.
Public Sub ClearReport()
    RunPython "import salesreport_xl.excel as sr; sr.clear_report()"
End Sub

"""Layout: the report model -> sheet plans (salesreport_xl.layout.plan), no library objects."""

"""salesreport-xl: a monthly sales-management report from a standard Excel template."""
__version__ = "0.1.0"

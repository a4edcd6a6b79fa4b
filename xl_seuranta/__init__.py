"""xl-seuranta: validate and enrich the budget follow-up workbooks of Finnish municipalities."""

__version__ = "0.1.0"

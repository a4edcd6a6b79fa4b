"""Readers turn a workbook file or an open Excel book into a list of neutral ``Grid``s."""

"""The domain: neutral grids, parsed numbers and periods, the budget model, settings and sheet plans.

Knows nothing of Excel, files or the rules; every other layer builds on it.
"""

"""Lists of devices for fleet operations: the ceHes head-end's workbook and our own list.
"""

"""The UTMC-700 data concentrator: frames, device records, models, parameters and values.
"""

"""Files the users keep: settings files, firmware images (Intel HEX), phone and device tables.
"""

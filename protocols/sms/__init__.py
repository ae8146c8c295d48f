"""SMS: the modules' text commands and replies, PDU encoding, the GSM alphabet and status reports.
"""

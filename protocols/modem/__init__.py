"""The GSM modem on the PC side: AT commands and network registration.
"""

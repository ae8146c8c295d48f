"""The module's own frames, status and error codes (GSM / LTE / NB-IoT communication module).
"""

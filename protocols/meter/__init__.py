"""Talking to the meter behind the module: IEC 62056-21, СПОДЭС/HDLC framing and the direct
channel's forwarding.
"""

"""Configuration error codes of the modules (GSM manual and NB-IoT manual, Appendix A).

The same codes travel in our binary frames and in our text-SMS error reply
(``<TYPE>\\r\\n<SERIAL>\\r\\nERROR: 0x02``, docs/protocols/sms-commands.md).
"""

from __future__ import annotations

from protocols.errors import DeviceError
from protocols.text import Text

SMS_STRUCTURE = 0x01
WRONG_PASSWORD = 0x02
UNKNOWN_PARAMETER = 0x03
LENGTH_MISMATCH = 0x04
INVALID_VALUE = 0x05
INVALID_COMMAND = 0x06

ERROR_CODES: dict[int, Text] = {
    SMS_STRUCTURE: Text("Ошибка в структуре смс (не обнаружен конец смс)",
                        "SMS structure error (end of SMS not found)"),
    WRONG_PASSWORD: Text("Неверный пароль", "Wrong password"),
    UNKNOWN_PARAMETER: Text("Неизвестный код параметра", "Unknown parameter code"),
    LENGTH_MISMATCH: Text("Количество байт не соответствует текущему параметру",
                          "Byte count does not match the parameter"),
    INVALID_VALUE: Text("Неверное значение параметра", "Invalid parameter value"),
    INVALID_COMMAND: Text("Неверная команда", "Invalid command"),
}


def error_text(code: int) -> Text:
    known = ERROR_CODES.get(code)
    if known is not None:
        return Text(f"Модуль сообщил об ошибке 0x{code:02X}: {known.ru}",
                    f"The module reported error 0x{code:02X}: {known.en}")
    return Text(f"Модуль сообщил о неизвестной ошибке 0x{code:02X}",
                f"The module reported an unknown error 0x{code:02X}")


def device_error(code: int) -> DeviceError:
    """The DeviceError for an Appendix A code (unknown codes are reported as such)."""
    return DeviceError(code, error_text(code))

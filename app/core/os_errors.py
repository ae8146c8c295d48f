"""Operating-system errors in words, Russian and English, without errno numbers or Python names.

    error_number(error)     -> int | None   errno of an OSError, or found in pyserial's message text
    os_error_reason(error)  -> Text          «файл или папка не найдены», «нет места на диске» …

Python's ``str(OSError)`` is the C library's English ("[Errno 2] No such file or directory"), and
pyserial hides the errno inside its own message text ("could not open port COM5:
FileNotFoundError(2, 'The system cannot find the file specified.', None, 2)"); neither may reach
a user. The original text goes to the log file (``logging``) for support, the user gets words.
"""

from __future__ import annotations

import errno
import logging
import re
import socket

from protocols.text import Text

log = logging.getLogger(__name__)

# "[Errno 2]", "(25, 'Inappropriate ioctl…')", "FileNotFoundError(2, …" — errno inside a message text
_ERRNO_IN_TEXT = re.compile(r"\[Errno (-?\d+)\]|Error\((\d+),|^\(?(\d+), '|: \((\d+), '")

# Windows error codes (winerror) that mean the same as an errno
_WINERROR = {
    2: errno.ENOENT, 3: errno.ENOENT, 5: errno.EACCES, 32: errno.EBUSY, 31: errno.EIO, 1167: errno.ENODEV,
    121: errno.ETIMEDOUT, 87: errno.EINVAL, 112: errno.ENOSPC, 10060: errno.ETIMEDOUT, 10061: errno.ECONNREFUSED,
    10051: errno.ENETUNREACH, 10065: errno.EHOSTUNREACH, 10054: errno.ECONNRESET, 10053: errno.ECONNABORTED,
}


def error_number(error: BaseException) -> int | None:
    """The errno an error stands for: its own, its Windows code's, or the one named in its text."""
    winerror = getattr(error, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINERROR:
        return _WINERROR[winerror]
    number = getattr(error, "errno", None)
    if isinstance(number, int) and not isinstance(error, socket.gaierror):
        return number
    for part in (error, *error.args):
        if isinstance(part, BaseException) and part is not error:
            found = error_number(part)
            if found is not None:
                return found
        match = _ERRNO_IN_TEXT.search(str(part))
        if match:
            return int(next(g for g in match.groups() if g is not None))
    return None


_REASONS: dict[int, Text] = {
    errno.ENOENT: Text("файл, папка или устройство не найдены", "file, folder or device not found"),
    errno.EACCES: Text("нет доступа — недостаточно прав или файл занят другой программой",
                       "access denied — no permission, or another program holds it"),
    errno.EPERM: Text("операция не разрешена системой", "the system does not permit the operation"),
    errno.EISDIR: Text("это папка, а не файл", "it is a folder, not a file"),
    errno.ENOTDIR: Text("часть пути — не папка", "a part of the path is not a folder"),
    errno.EEXIST: Text("файл уже существует", "the file already exists"),
    errno.ENOSPC: Text("на диске нет места", "the disk is full"),
    errno.EROFS: Text("диск только для чтения", "the disk is read-only"),
    errno.ENAMETOOLONG: Text("слишком длинное имя файла", "the file name is too long"),
    errno.EBUSY: Text("устройство занято другой программой", "the device is in use by another program"),
    errno.ENOTTY: Text("устройство не является последовательным (COM) портом", "the device is not a serial (COM) port"),
    errno.ENODEV: Text("устройство отключено", "the device is not connected"),
    errno.ENXIO: Text("устройство отключено", "the device is not connected"),
    errno.EIO: Text("ошибка ввода-вывода устройства (отключено или неисправно)",
                    "device input/output error (disconnected or faulty)"),
    errno.EINVAL: Text("устройство не принимает заданные параметры", "the device does not accept the settings"),
    errno.ECONNREFUSED: Text("подключение отклонено — на этом порту никто не принимает соединения",
                             "the connection was refused — nothing accepts connections on this port"),
    errno.ECONNRESET: Text("другая сторона разорвала соединение", "the other side dropped the connection"),
    errno.ECONNABORTED: Text("соединение прервано", "the connection was aborted"),
    errno.EPIPE: Text("другая сторона закрыла соединение", "the other side closed the connection"),
    errno.ETIMEDOUT: Text("нет ответа вовремя", "no answer in time"),
    errno.ENETUNREACH: Text("сеть недоступна", "the network is unreachable"),
    errno.EHOSTUNREACH: Text("узел недоступен", "the host is unreachable"),
    errno.ENETDOWN: Text("сеть отключена", "the network is down"),
    errno.EADDRINUSE: Text("адрес или порт уже занят другой программой", "the address or port is already in use"),
    errno.EADDRNOTAVAIL: Text("такого адреса нет у этого компьютера", "this computer has no such address"),
}
_HOST_NOT_FOUND = Text("адрес не найден — такого имени нет в DNS или нет связи с DNS-сервером",
                       "the address was not found — no such name in DNS, or no connection to the DNS server")
_BAD_NAME = Text("адрес записан неверно — это не IP-адрес и не DNS-имя (часть имени между точками — от 1 до 63 "
                 "символов)", "the address is malformed — neither an IP address nor a DNS name (each part between "
                 "dots has 1 to 63 characters)")
_TIMEOUT = Text("нет ответа вовремя", "no answer in time")
_OTHER = Text("ошибка операционной системы (подробности — в журнале программы)",
              "operating system error (details in the program's log file)")


def is_bad_host_name(error: BaseException) -> bool:
    """The host text cannot be a name at all (the idna codec refused it, an embedded NUL …)."""
    return isinstance(error, (UnicodeError, ValueError)) and not isinstance(error, OSError)


def os_error_reason(error: BaseException) -> Text:
    """Why an operation failed, in words: for files, sockets and ports alike."""
    log.info("system error: %r", error)
    if isinstance(error, socket.gaierror):
        return _HOST_NOT_FOUND
    if is_bad_host_name(error):
        return _BAD_NAME
    number = error_number(error)
    if number is not None and number in _REASONS:
        return _REASONS[number]
    if isinstance(error, TimeoutError):
        return _TIMEOUT
    if isinstance(error, FileNotFoundError):
        return _REASONS[errno.ENOENT]
    if isinstance(error, PermissionError):
        return _REASONS[errno.EACCES]
    if isinstance(error, ConnectionRefusedError):
        return _REASONS[errno.ECONNREFUSED]
    if isinstance(error, ConnectionError):
        return _REASONS[errno.ECONNRESET]
    return _OTHER


__all__ = ["error_number", "is_bad_host_name", "os_error_reason"]

"""Why a link could not be opened, or was lost, as a sentence for the user (Russian and English).

    connect_failure(host, port, error, timeout, peer) -> ConnectFailed    a TCP connection
    port_failure(port, error)                         -> ConnectFailed    a serial (COM) port
    lost_reason(error)                                -> Text             a link that died in use

Every sentence names the address (``host:port``) or the COM port, says what happened in words and
what to check; errno numbers, the C library's English and Python's exception names stay in the log
file (app.core.os_errors). GUI and command line get the same sentences, because every link is
opened here.
"""

from __future__ import annotations

import errno
import socket

from app.core.os_errors import error_number, is_bad_host_name, os_error_reason
from protocols.errors import LinkClosed
from protocols.text import Text

T = Text


class ConnectFailed(LinkClosed):
    """A link that never opened. ``cause``: "refused", "no_host", "bad_host", "bad_port", "timeout", "unreachable",
    "reset", "absent", "busy", "not_serial", "settings" or "other" — whether the device itself may be
    at fault (refused, timeout, reset) or the PC's side (address, port, permissions)."""

    def __init__(self, text: Text, cause: str) -> None:
        self.cause = cause
        super().__init__(text)


_CHECKS: dict[str, Text] = {
    "refused": T("Проверьте адрес и порт; устройство должно быть включено и ждать подключения на этом порту.",
                 "Check the address and the port, and that the device is on and accepts connections on that port."),
    "no_host": T("Проверьте, правильно ли написан адрес, и подключение компьютера к сети.",
                 "Check the address's spelling and the computer's network connection."),
    "bad_port": T("Исправьте номер порта.", "Correct the port number."),
    "bad_host": T("Исправьте адрес: IP-адрес вида 10.1.2.3 или DNS-имя вида server.example.ru.",
                  "Correct the address: an IP address such as 10.1.2.3 or a DNS name such as server.example.com."),
    "timeout": T("Проверьте адрес, что устройство включено и доступно из этой сети (не закрывает ли путь "
                 "сетевой экран).", "Check the address, and that the device is on and reachable from this network "
                 "(no firewall in the way)."),
    "unreachable": T("Проверьте подключение компьютера к сети и адрес.",
                     "Check the computer's network connection and the address."),
    "reset": T("Повторите; если не помогает — проверьте, не занято ли устройство другим клиентом.",
               "Try again; if it persists, check whether another client holds the device."),
    "denied": T("Разрешите программе сетевые подключения (сетевой экран) или обратитесь к администратору.",
                "Allow the program to make network connections (firewall) or ask the administrator."),
    "other": T("Проверьте адрес, порт и подключение к сети.", "Check the address, the port and the network."),
}


def _cause(error: BaseException) -> str:
    if isinstance(error, OverflowError):
        return "bad_port"
    if isinstance(error, socket.gaierror):
        return "no_host"
    if is_bad_host_name(error):
        return "bad_host"
    number = error_number(error)
    if isinstance(error, TimeoutError) or number == errno.ETIMEDOUT:
        return "timeout"
    return {
        errno.ECONNREFUSED: "refused", errno.ENETUNREACH: "unreachable", errno.EHOSTUNREACH: "unreachable",
        errno.ENETDOWN: "unreachable", errno.ECONNRESET: "reset", errno.ECONNABORTED: "reset", errno.EPIPE: "reset",
        errno.EACCES: "denied", errno.EPERM: "denied",
    }.get(number or 0, "other")


_NOBODY = T("", "")


def connect_failure(host: str, port: int, error: BaseException, timeout: float,
                    peer: Text = _NOBODY) -> ConnectFailed:
    """Why ``host:port`` (``peer``: "серверу CENC ", "модулю связи " …) could not be reached."""
    cause = _cause(error)
    where = T(f"{peer.ru}{host}:{port}", f"{peer.en}{host}:{port}")
    if cause == "timeout":
        reason = T(f"нет ответа за {timeout:g} с", f"no answer within {timeout:g} s")
    elif cause == "bad_port":
        reason = T("номер порта должен быть от 1 до 65535", "the port number must be 1 to 65535")
    elif cause == "denied":
        reason = T("подключение запрещено системой", "the system forbids the connection")
    else:
        reason = os_error_reason(error)
    check = _CHECKS[cause]
    return ConnectFailed(T(f"Не удалось подключиться к {where.ru}: {reason.ru}. {check.ru}",
                           f"Cannot connect to {where.en}: {reason.en}. {check.en}"), cause)


def port_failure(port: str, error: BaseException) -> ConnectFailed:
    """Why the serial port ``port`` (COM5, /dev/ttyUSB0, socket://…) could not be opened."""
    number = error_number(error)
    if isinstance(error, FileNotFoundError) or number in (errno.ENOENT, errno.ENODEV, errno.ENXIO):
        cause, text = "absent", T(
            f"Порт {port} не найден. Проверьте, что кабель или адаптер подключён, и выберите порт из списка "
            "(в Windows: «Диспетчер устройств» → «Порты (COM и LPT)»).",
            f"Port {port} not found. Check that the cable or adapter is plugged in and choose the port from the "
            "list (on Windows: Device Manager → Ports (COM & LPT)).")
    elif number == errno.EBUSY:
        cause, text = "busy", T(
            f"Порт {port} занят другой программой. Закройте её (другой конфигуратор, терминал) или выберите "
            "другой порт.",
            f"Port {port} is in use by another program. Close it (another configurator, a terminal) or choose "
            "another port.")
    elif isinstance(error, PermissionError) or number in (errno.EACCES, errno.EPERM):
        cause, text = "busy", T(
            f"Нет доступа к порту {port}: он занят другой программой или у пользователя нет прав на него. "
            "Закройте программу, которая использует порт; в Linux добавьте пользователя в группу dialout.",
            f"No access to port {port}: another program holds it, or the user has no permission for it. Close the "
            "program using the port; on Linux add the user to the dialout group.")
    elif number == errno.ENOTTY:
        cause, text = "not_serial", T(
            f"{port} — не последовательный (COM) порт: устройство не принимает скорость и формат обмена. "
            "Выберите COM-порт модема, счётчика или УТМЦ из списка.",
            f"{port} is not a serial (COM) port: the device takes no speed or framing settings. Choose the COM "
            "port of the modem, the meter or the UTMC from the list.")
    elif isinstance(error, ValueError) or number == errno.EINVAL:
        cause, text = "settings", T(
            f"Порт {port} не принимает заданные параметры (скорость, формат). Проверьте скорость обмена.",
            f"Port {port} does not accept the settings (speed, framing). Check the baud rate.")
    elif isinstance(error, (ConnectionError, socket.gaierror, TimeoutError)) or number in (
            errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EHOSTUNREACH, errno.ENETUNREACH):
        cause, text = _cause(error), T(
            f"Порт {port} не открылся: {os_error_reason(error).ru}. Проверьте адрес порта.",
            f"Port {port} did not open: {os_error_reason(error).en}. Check the port's address.")
    else:
        cause, text = "other", T(
            f"Порт {port} не открылся: {os_error_reason(error).ru}. Проверьте подключение устройства и выберите "
            "порт заново.",
            f"Port {port} did not open: {os_error_reason(error).en}. Check the device's connection and choose "
            "the port again.")
    return ConnectFailed(text, cause)


def lost_reason(error: BaseException | None) -> Text:
    """Why an open link died, in words ("" when nothing more is known than that it closed)."""
    if error is None:
        return T("", "")
    if isinstance(error, OSError) or error_number(error) is not None:
        return os_error_reason(error)
    return T("устройство отключено или порт закрыт", "the device was disconnected or the port closed")


__all__ = ["ConnectFailed", "connect_failure", "lost_reason", "port_failure"]

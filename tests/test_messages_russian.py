"""Error messages read as a Russian-speaking user reads them: a sentence naming the address or port and
what to check — never the C library's English, an errno number or a Python exception name.

The link failures are produced for real where the machine allows it deterministically (a refused
loopback port, a host name the idna codec refuses, an absent serial port, /dev/null as a "serial
port", a broken settings file); the OS errors no test machine produces on demand (a busy port,
Windows' "Access is denied", a DNS failure, a connect timeout) are the exceptions Python and
pyserial raise, handed to the same wording functions the links use.

The last test runs after every other test of the run (``after_all``) and checks every error message
the run produced (collected by tests/conftest.py) the same way.
"""

from __future__ import annotations

import errno
import os
import re
import socket
import sys
from pathlib import Path

import pytest
import serial

from app.core.links.failures import ConnectFailed, connect_failure, lost_reason, port_failure
from app.core.links.serial_port import SerialLink
from app.core.links.tcp import TcpLink
from app.core.os_errors import os_error_reason
from app.core.phone_list import load_phones
from app.core.settings_store import load_settings
from app.core.utmc_local_files import load_device_file
from app.core.utmc_local_files import load_settings as load_utmc_settings
from protocols.errors import ConfiguratorError
from protocols.files.json_errors import json_error_text
from tests import message_log
from tests.message_log import FORBIDDEN, foreign


def assert_russian(text: str) -> None:
    assert not foreign(text), (foreign(text), text)
    assert re.search("[а-яё]", text), text


# --- link failures, produced for real -----------------------------------------------------------
async def test_refused_connection_names_the_address_and_what_to_check() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    listener.close()  # nothing listens there now
    with pytest.raises(ConnectFailed) as caught:
        await TcpLink("127.0.0.1", port, connect_timeout=5).open()
    text = caught.value.message("ru")
    assert f"127.0.0.1:{port}" in text and "отклонено" in text and "Проверьте" in text
    assert caught.value.cause == "refused"
    assert_russian(text)
    assert "refused" in caught.value.message("en") and "Errno" not in caught.value.message("en")


@pytest.mark.parametrize("host", ["a" * 64 + ".example.ru", "bad..name", "x\x00y"])
async def test_a_host_name_that_cannot_be_a_name_is_said_to_be_malformed(host: str) -> None:
    with pytest.raises(ConnectFailed) as caught:
        await TcpLink(host, 8000, connect_timeout=5).open()
    text = caught.value.message("ru")
    assert caught.value.cause == "bad_host", text
    assert ":8000" in text and "адрес записан неверно" in text
    assert_russian(text)


async def test_a_serial_port_that_is_not_there() -> None:
    name = "COM99" if sys.platform == "win32" else "/dev/ttyNoSuchPort99"
    with pytest.raises(ConnectFailed) as caught:
        await SerialLink(name, 9600).open()
    text = caught.value.message("ru")
    assert caught.value.cause == "absent" and f"Порт {name} не найден" in text
    assert_russian(text)


@pytest.mark.skipif(not os.path.exists("/dev/null") or sys.platform == "win32", reason="POSIX device files")
async def test_a_device_that_is_not_a_serial_port() -> None:
    with pytest.raises(ConnectFailed) as caught:
        await SerialLink("/dev/null", 9600).open()
    text = caught.value.message("ru")
    assert caught.value.cause == "not_serial" and "не последовательный" in text  # was "Inappropriate ioctl"
    assert_russian(text)


# --- the OS errors no machine produces on demand, as Python and pyserial raise them ----------------
@pytest.mark.parametrize(("error", "cause", "words"), [
    (socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "no_host", "адрес не найден"),
    (socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"), "no_host", "адрес не найден"),
    (TimeoutError(), "timeout", "нет ответа за 10 с"),
    (OSError("Multiple exceptions: [Errno 111] Connect call failed ('::1', 8000), "
             "[Errno 111] Connect call failed ('127.0.0.1', 8000)"), "refused", "отклонено"),
    (OSError(errno.ENETUNREACH, "Network is unreachable"), "unreachable", "сеть недоступна"),
    (OSError(errno.EHOSTUNREACH, "No route to host"), "unreachable", "узел недоступен"),
    (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "reset", "разорвала"),
    (PermissionError(errno.EACCES, "Permission denied"), "denied", "запрещено"),
    (OverflowError("getsockaddrarg: port must be 0-65535."), "bad_port", "от 1 до 65535"),
])
def test_every_connect_failure_in_words(error: BaseException, cause: str, words: str) -> None:
    failure = connect_failure("meter.example.ru", 8000, error, 10.0)
    text = failure.message("ru")
    assert failure.cause == cause and words in text and "meter.example.ru:8000" in text, text
    assert_russian(text)


@pytest.mark.parametrize(("error", "cause", "words"), [
    (serial.SerialException(errno.EBUSY, "could not open port /dev/ttyUSB0: [Errno 16] Device or resource busy: "
                                          "'/dev/ttyUSB0'"), "busy", "занят другой программой"),
    (serial.SerialException(errno.EACCES, "could not open port /dev/ttyUSB0: [Errno 13] Permission denied: "
                                          "'/dev/ttyUSB0'"), "busy", "dialout"),
    # pyserial on Windows: the errno only in the text
    (serial.SerialException("could not open port 'COM5': PermissionError(13, 'Access is denied.', None, 5)"),
     "busy", "занят другой программой"),
    (serial.SerialException("could not open port 'COM5': FileNotFoundError(2, 'The system cannot find the file "
                            "specified.', None, 2)"), "absent", "не найден"),
    (serial.SerialException("Could not configure port: (25, 'Inappropriate ioctl for device')"), "not_serial",
     "не последовательный"),
    (ValueError("Not a valid baudrate: -1"), "settings", "скорость"),
    (serial.SerialException("Could not open port socket://127.0.0.1:9: [Errno 111] Connection refused"),
     "refused", "отклонено"),
    (serial.SerialException("something new from a driver"), "other", "не открылся"),
])
def test_every_port_failure_in_words(error: BaseException, cause: str, words: str) -> None:
    port = "COM5" if "COM5" in str(error) else "/dev/ttyUSB0"
    failure = port_failure(port, error)
    text = failure.message("ru")
    assert failure.cause == cause and words in text and port in text, text
    assert_russian(text)
    assert not FORBIDDEN.search(failure.message("en")), failure.message("en")  # English, but no errno


@pytest.mark.parametrize("error", [
    OSError(errno.EIO, "Input/output error"), ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"),
    serial.SerialException("device reports readiness to read but returned no data"), TypeError("'NoneType' …"),
])
def test_a_link_lost_in_use_in_words(error: BaseException) -> None:
    assert_russian(lost_reason(error).ru)


@pytest.mark.parametrize("error", [
    FileNotFoundError(errno.ENOENT, "No such file or directory"), PermissionError(errno.EACCES, "Permission denied"),
    IsADirectoryError(errno.EISDIR, "Is a directory"), OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EROFS, "Read-only file system"), OSError(12345, "Something unheard of"),
])
def test_file_errors_in_words(error: OSError) -> None:
    assert_russian(os_error_reason(error).ru)


# --- broken files: line and column in words --------------------------------------------------------
@pytest.mark.parametrize(("text", "where", "what"), [
    ('{\n  "format": "energomera-module-settings"\n  "module": "gsm-2g4g"\n}', "строка 3, столбец 3",
     "пропущена запятая"),
    ('{\n  "format": "x",\n}\n', "строка 3, столбец 1", "имя поля"),
    ('{"values": {"apn": "int\nernet"}}', "строка 1, столбец 24", "управляющий символ"),
    ('{"a": 1} tail', "строка 1, столбец 10", "лишний текст"),
    ("", "строка 1, столбец 1", "ожидается значение"),
])
def test_a_broken_settings_file_names_line_and_column(tmp_path: Path, text: str, where: str, what: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfiguratorError) as caught:
        load_settings(path)
    message = caught.value.message("ru")
    assert where in message and what in message, message
    assert_russian(message)
    with pytest.raises(ConfiguratorError) as utmc:
        load_utmc_settings(path)
    assert where in utmc.value.message("ru"), utmc.value.message("ru")


def test_json_error_words_cover_every_message_of_the_json_module() -> None:
    import json

    samples = ['{"a" 1}', '{"a": 1 "b": 2}', "[1,]", '{"a": "\\x"}', '{"a": "\\u12"}', '"abc', "{1: 2}", "[1] x"]
    for sample in samples:
        with pytest.raises(json.JSONDecodeError) as caught:
            json.loads(sample)
        text = json_error_text(caught.value)
        assert "нарушен формат" not in text.ru, (sample, caught.value.msg)  # a known message, not the fallback
        assert_russian(text.ru)


def test_broken_and_missing_list_files(tmp_path: Path) -> None:
    broken = tmp_path / "devices.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ConfiguratorError) as caught:
        load_device_file(broken)
    assert "не книга Excel" in caught.value.message("ru")
    assert_russian(caught.value.message("ru"))
    for load in (load_phones, load_device_file, load_settings):
        with pytest.raises(ConfiguratorError) as missing:
            load(tmp_path / "no-such-list.txt")  # type: ignore[operator]
        assert "не найден" in missing.value.message("ru"), missing.value.message("ru")
        assert_russian(missing.value.message("ru"))


def test_the_gui_wording_of_unexpected_errors_names_no_exception(qapp) -> None:
    from app.ui.i18n import install_language
    from app.ui.runner import error_text

    install_language("ru")
    for error in (FileNotFoundError(errno.ENOENT, "No such file or directory", "x.txt"),
                  KeyError("apn"), RuntimeError("internal state lost"), ZeroDivisionError("division by zero")):
        assert_russian(error_text(error))


# --- everything the run produced ------------------------------------------------------------------
@pytest.mark.after_all
def test_every_error_message_of_the_run_reads_as_russian() -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        pytest.skip("spread over processes: the controlling process checks every worker's messages at the end")
    report = message_log.problems(message_log.ERROR_MESSAGES)
    assert not report, report

"""The one CLI progress printer: every operation's Progress as whole lines on stderr."""

from __future__ import annotations

import pytest

from app.cli.console import progress_printer
from app.core.progress import Progress
from protocols.text import Text


def test_steps_are_lines_and_counting_is_thinned_to_tenths(capsys: pytest.CaptureFixture[str]) -> None:
    show = progress_printer("ru")
    show(Progress(0, 3, Text("Подключение", "Connecting")))
    download = Text("Выгрузка файла", "Downloading the file")
    for done in range(0, 1024 * 1024 + 1, 4096):  # a 1 MiB download in 256 chunks
        show(Progress(done, 1024 * 1024, download))
    show(Progress(1, 3, Text("Нет ответа, повтор (1)", "No reply, repeating (1)")))
    show(Progress(0, 0, Text("Ожидание: ещё 5 с", "Waiting: 5 s left")))
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "[0/3] Подключение"
    counted = [line for line in lines if "Выгрузка файла" in line]
    assert counted[0] == "[0/1048576] Выгрузка файла" and counted[-1] == "[1048576/1048576] Выгрузка файла"
    assert len(counted) == 11  # 0 %, every tenth after it, the last being 100 %
    assert lines[-2:] == ["[1/3] Нет ответа, повтор (1)", "[0/0] Ожидание: ещё 5 с"]


def test_the_printer_speaks_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    progress_printer("en")(Progress(2, 5, Text("Запись параметров", "Writing parameters")))
    assert capsys.readouterr().err == "[2/5] Writing parameters\n"

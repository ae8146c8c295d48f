"""The window program refusing a command it could not report on.

On Windows ``energomera-configurator.exe`` is a GUI program: started from cmd without redirection
it has no console, and Python gives it no stdout or stderr. A command would then run unseen — an
SMS batch sent with no word of its results — so it does not run; a message box says where commands
run. With its output redirected (``… > out.txt``) the window program runs commands as well.
"""

from __future__ import annotations

import sys

from protocols.text import Text

NO_CONSOLE = Text(
    "Это окно конфигуратора: оно не выполняет команды. Команды выполняет energomera-configurator-cli.exe "
    "в командной строке, например: energomera-configurator-cli.exe --help",
    "This is the configurator's window program: it does not run commands. Commands run with "
    "energomera-configurator-cli.exe in a console, e.g.: energomera-configurator-cli.exe --help")
MB_ICONWARNING = 0x30


def refuse_without_console(lang: str) -> int | None:
    """Exit code 2 when there is nowhere to print; None when the command can go on."""
    if sys.stdout is not None or sys.stderr is not None:
        return None
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, NO_CONSOLE.get(lang), "Energomera configurator", MB_ICONWARNING)
    return 2

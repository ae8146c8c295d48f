"""Where the files the application ships besides code are: ``resources/`` (icons, templates).

    resource_path("icons", "configurator.png")  -> .../resources/icons/configurator.png

From the source tree that is the ``resources`` folder beside ``app/``; in the one-file executable
PyInstaller unpacks the bundle into ``sys._MEIPASS`` and the build puts the folder there as
``resources``. No Qt here: the command line uses the templates too.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from protocols.text import Text

SOURCE_ROOT = Path(__file__).resolve().parents[1]


def resources_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return (Path(bundle) if bundle else SOURCE_ROOT) / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("templates", "phones.txt")``."""
    return resources_root().joinpath(*parts)


@dataclass(frozen=True)
class Template:
    """A file users exchange, shipped in ``resources/templates`` and offered by «Шаблоны…»."""

    name: str  # file name in resources/templates, also the name offered for the copy
    title: Text
    description: Text

    @property
    def path(self) -> Path:
        return resource_path("templates", self.name)


TEMPLATES = (
    Template("phones.txt", Text("Список номеров для SMS", "Phone list for SMS"), Text(
        "Текстовый файл, по номеру в строке (+7…, 8…, 9…); строки с «#» — комментарии. Открывается кнопкой "
        "«Загрузить список» в группе «Номера абонентов» и командами sms-send, sms-query (--phones).",
        "A text file with one number a line (+7…, 8…, 9…); lines starting with “#” are comments. Opened by "
        "«Загрузить список» in «Номера абонентов» and by the sms-send and sms-query commands (--phones).")),
    Template("phones.csv", Text("Список номеров из Excel (с именами)", "Phone list from Excel (with names)"), Text(
        "Таблица, как её сохраняет Excel («CSV (разделители — точки с запятой)», Windows-1251): первая строка — "
        "заголовки; номера берутся из столбца «Телефон», имена из «ФИО» показываются рядом с номерами, "
        "остальные столбцы не используются. Открывается так же, как текстовый список.",
        "A table as Excel saves it (“CSV (semicolon delimited)”, Windows-1251): the first row holds the headers; "
        "the numbers come from the «Телефон» column, the names in «ФИО» are shown beside them, other columns "
        "are not used. Opened like the text list.")),
    Template("utmc-devices.txt", Text("Список приборов УТМЦ-700 (текст через «;»)",
                                      "UTMC-700 device list (text with “;”)"), Text(
        "Формат руководства УТМЦ-700: номер устройства; модель; серийный номер; версия; производитель; сетевой "
        "адрес; скорость обмена; примечание — по прибору в строке, кодировка Windows-1251. Открывается кнопкой "
        "«Прочитать список приборов из файла» и командой utmc-devices import.",
        "The UTMC-700 guide's format: device number; model; serial number; version; manufacturer; network "
        "address; baud rate; note — one device a line, Windows-1251 encoding. Opened by «Прочитать список "
        "приборов из файла» and by the utmc-devices import command.")),
    Template("utmc-devices.xlsx", Text("Список приборов УТМЦ-700 (книга Excel)", "UTMC-700 device list (Excel)"), Text(
        "Первый лист, первая строка — заголовки «Номер устройства», «Модель», «Серийный номер»… (серийный номер "
        "— текст, чтобы сохранились нули впереди). Открывается так же, как текстовый список.",
        "The first sheet, the first row holding the headers «Номер устройства», «Модель», «Серийный номер»… "
        "(the serial number as text, so leading zeros stay). Opened like the text list.")),
    Template("fleet-devices.csv", Text("Список приборов для работы с парком", "Device list for fleet operations"), Text(
        "Таблица, как её сохраняет Excel («CSV (разделители — точки с запятой)», Windows-1251): по прибору в строке — "
        "серийный номер, группа, доставка (tcp, cenc, sms), адрес и порт, сервер CENC, серийный номер в CENC или "
        "системный адрес, телефон, пароль и тип модуля, тип счётчика; пустые ячейки берутся из настроек запуска. "
        "Открывается командой fleet (--devices); можно сохранить и как книгу Excel с той же первой строкой.",
        "A table as Excel saves it (“CSV (semicolon delimited)”, Windows-1251): a device a row — serial number, "
        "group, delivery (tcp, cenc, sms), address and port, CENC server, CENC serial or system address, phone, "
        "module password and type, meter type; empty cells come from the run's settings. Opened by the fleet "
        "command (--devices); it may be saved as an Excel workbook with the same first row too.")),
    Template("cehes-devices.xlsx", Text("Список приборов ceHes (импорт/экспорт)", "ceHes device list (import/export)"),
             Text("Книга импорта устройств системы ceHes (таблица 6 её руководства) с примером из руководства: "
                  "канал связи, протокол, группа, тип и серийный номер устройства. Такую книгу выгружает ceHes и "
                  "принимает команда fleet (--devices); --cehes пишет её для приборов, настроенных успешно.",
                  "The ceHes head-end's device import workbook (Table 6 of its guide) with the guide's example: "
                  "channel, protocol, group, device type and serial. ceHes exports such a workbook and the fleet "
                  "command takes it (--devices); --cehes writes one for the devices that succeeded.")),
)


__all__ = ["TEMPLATES", "Template", "resource_path", "resources_root"]

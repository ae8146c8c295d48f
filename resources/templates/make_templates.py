"""Write the templates users exchange, through the program's own writers (so the program reads them).

    .venv/bin/python resources/templates/make_templates.py

``phones.txt`` (one number a line, ``#`` comments), ``phones.csv`` (the same as a table saved from
Excel: «CSV (разделители — точки с запятой)», Windows-1251, a header row, a name column and others),
``utmc-devices.txt`` (the UTMC-700 guide's ``;`` format, Windows-1251) and ``utmc-devices.xlsx``
(first sheet, header row). The device rows are
the guide's own example with an Energomera CE308 added; the numbers are examples, not real devices.
``fleet-devices.csv`` is our fleet list (a row per delivery: TCP/IP, CENC, SMS, one left to the run)
and ``cehes-devices.xlsx`` the ceHes head-end's import workbook with the rows of its guide's Figure 86
(seed 002 §2.2.34), in Table 6's column order.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from app.core.cehes_export import write_cehes_rows  # noqa: E402
from app.core.utmc_local_files import save_device_file  # noqa: E402
from protocols.fleet.cehes_devices import CehesRow  # noqa: E402
from protocols.fleet.fleet_devices import COLUMNS as FLEET_COLUMNS  # noqa: E402
from protocols.utmc.utmc_devices import parse_device_lines  # noqa: E402

PHONES = """\
# Список номеров для рассылки SMS: по номеру в строке.
# Номер можно писать как +79001234567, 8 900 123-45-67 или 9001234567.
# Строки, начинающиеся с «#», и пустые строки пропускаются.
# A phone list for SMS batches: one number a line; lines starting with "#" are comments.
+79001234501
+79001234502
"""

# As Excel saves a sheet as «CSV (разделители — точки с запятой)» under Russian regional settings.
PHONE_TABLE = """\
ФИО;Телефон;Адрес;Заводской номер счётчика
Иванов Иван Иванович;+79001234501;ул. Мира, д. 1, кв. 5;009218054000101
"ТСЖ ""Северное"", щит 2";8 900 123-45-02;ул. Северная, д. 2;009218054000102
"""

# UTMC-700 guide, item 17: "1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem"
DEVICES = """\
1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem
2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem
3;ЕМ Энергомера СЕ308;00123456;0;ENM;23456;9600
"""

# Our fleet list, as Excel saves it; empty cells are filled in by the run (its --via, --cenc-host, …).
# Columns: serial, group, delivery, host, port, CENC server, CENC serial, system address, phone, password,
# module type, meter type (protocols/fleet/fleet_devices.py).
FLEET_ROWS = """\
009218054000101;Север;tcp;10.1.2.3;8000;;;;;;GSM 2G+4G;CE308
009218054000102;Север;cenc;;;;;;;;;CE308
009218054000103;Юг;cenc;;;cenc.example:7501;;0.0.0.94;;;nb-iot;CE208
009218054000104;Юг;sms;;;;;;+79001234504;;gsm-2g4g;CE208
009218054000105;Юг;;;;;;;;;;
"""

# The ceHes guide's Figure 86 (its "correctly filled" example), in Table 6's order.
CEHES = [
    CehesRow("Ипорт канала связи TCP", "TCP", "95.153.224.218", 5279, "01-598", "DLMS", 16, "1234567812345678", 35,
             "Группа однофазные", "CE208", "0000000000001"),
    CehesRow("Импорт канала CENC", "TCP", "10.5.114.138", 50, "01-458", "DLMS", 15378, "1234567812345678", 35,
             "Группа трехфазные", "CE308", "0000000000002"),
    CehesRow("Ипорт канала связи TCP", "TCP", "95.153.224.218", 5279, "01-598", "DLMS", 16, "1234567812345678", 35,
             "Группа однофазные", "CE207", "0000000000003"),
    CehesRow("Импорт канала CENC", "TCP", "10.5.114.138", 50, "01-458", "DLMS", 15378, "1234567812345678", 35,
             "Группа трехфазные", "CE307", "0000000000004"),
]


def main() -> int:
    (HERE / "phones.txt").write_text(PHONES, encoding="utf-8")
    (HERE / "phones.csv").write_bytes(PHONE_TABLE.replace("\n", "\r\n").encode("cp1251"))
    records = parse_device_lines(DEVICES)
    save_device_file(HERE / "utmc-devices.txt", records)
    save_device_file(HERE / "utmc-devices.xlsx", records)
    fleet = ";".join(c.name.ru for c in FLEET_COLUMNS) + "\n" + FLEET_ROWS
    (HERE / "fleet-devices.csv").write_bytes(fleet.replace("\n", "\r\n").encode("cp1251"))
    write_cehes_rows(HERE / "cehes-devices.xlsx", CEHES)
    print("phones.txt, phones.csv, utmc-devices.txt, utmc-devices.xlsx, fleet-devices.csv, cehes-devices.xlsx written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

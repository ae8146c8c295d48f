"""The devices table sizes its columns from each column's longest text, not by measuring every row."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from app.ui.utmc.devices_page import DevicesPage
from protocols.utmc.utmc_devices import DeviceRecord, first_number
from protocols.utmc.utmc_models import MODELS


def _records(channel: int, count: int, note: str = "") -> list[DeviceRecord]:
    first = first_number(channel)
    return [DeviceRecord(first + n, MODELS[n % len(MODELS)], f"{n:08d}", n % 256, address=n, note=note,
                         poll_result=bool(n % 2)) for n in range(count)]


def test_each_column_is_as_wide_as_its_longest_text(qtbot):
    page = DevicesPage()
    qtbot.addWidget(page)
    page.model.set_records(_records(1, 256))
    header = page.table.horizontalHeader()
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Interactive  # the user may drag them
    metrics = page.table.fontMetrics()
    longest_model = max((r.model.list_label for r in page.model.channel_records()), key=len)
    assert page.table.columnWidth(1) > metrics.horizontalAdvance(longest_model)
    for column in range(page.model.columnCount()):
        assert page.table.columnWidth(column) >= header.sectionSizeFromContents(column).width()


def test_the_columns_follow_the_channel_shown(qtbot):
    page = DevicesPage()
    qtbot.addWidget(page)
    long_note = "CM" * 20
    page.model.set_records([*_records(1, 3), *_records(2, 3, note=long_note)])
    narrow = page.table.columnWidth(7)
    page.set_channel(2)
    assert page.table.columnWidth(7) > max(narrow, page.table.fontMetrics().horizontalAdvance(long_note))
    page.set_channel(1)
    assert page.table.columnWidth(7) == narrow


def test_longest_texts_are_the_shown_rows_only(qtbot):
    page = DevicesPage()
    qtbot.addWidget(page)
    page.model.set_records([*_records(1, 2), *_records(2, 2, note="CMT")])
    assert page.model.longest_texts()[7] == ""
    page.set_channel(2)
    assert page.model.longest_texts()[7] == "CMT"
    assert page.model.longest_texts()[0] == str(first_number(2))  # the first of the longest

"""Signal level widgets: a quality bar against the recommended level and a live plot.

The plot draws the dBm range of each sample (GSM manual Table 4) over time with the recommended
minimum (≥ −85 dBm GSM/NB-IoT, ≥ −91 dBm LTE, from protocols.module.status_tables) as a dashed line,
so an engineer moving the antenna sees at once whether the spot is good enough.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

from app.ui.i18n import pick, tr
from protocols.module.status_tables import (
    RECOMMENDED_MIN_DBM,
    SIGNAL_LEVELS,
    RadioTechnology,
    meets_recommendation,
)

DBM_FLOOR, DBM_CEILING = -115, -55
GOOD, POOR = QColor("#2e7d32"), QColor("#c62828")


@dataclass(frozen=True)
class SignalSample:
    at: float  # time.monotonic()
    level: int  # 0–9, GSM manual Table 4
    technology: RadioTechnology

    @property
    def low_dbm(self) -> int:
        return SIGNAL_LEVELS[self.level].low_dbm

    @property
    def high_dbm(self) -> int:
        high = SIGNAL_LEVELS[self.level].high_dbm
        return high if high is not None else DBM_CEILING

    @property
    def good(self) -> bool:
        return meets_recommendation(self.level, self.technology)


def recommendation_text(technology: RadioTechnology) -> str:
    return tr("рекомендуется не ниже {dbm} дБм").format(dbm=RECOMMENDED_MIN_DBM[technology])


class SignalQualityBar(QProgressBar):
    """Signal level 0–9 as a bar, green at or above the recommended level, red below it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("signal_quality")
        self.setRange(0, 9)
        self.setValue(0)
        self.setTextVisible(True)
        self.setFormat(tr("нет данных"))

    def show_level(self, level: int | None, technology: RadioTechnology = RadioTechnology.UNKNOWN) -> None:
        if level is None or level not in SIGNAL_LEVELS:
            self.setValue(0)
            self.setFormat(tr("нет данных"))
            self.setStyleSheet("")
            return
        good = meets_recommendation(level, technology)
        self.setValue(level)
        verdict = tr("достаточный") if good else tr("ниже рекомендуемого")
        self.setFormat(f"{pick(SIGNAL_LEVELS[level].text)} — {verdict} ({recommendation_text(technology)})")
        color = GOOD if good else POOR
        # a style sheet on the chunk alone drops the native frame and puts the text at the top edge;
        # a lighter chunk keeps the black text legible over it
        self.setStyleSheet(f"QProgressBar {{ border: 1px solid #8a8a8a; border-radius: 2px; text-align: center; }}"
                           f"QProgressBar::chunk {{ background-color: {color.lighter(170).name()}; }}")


class SignalPlot(QWidget):
    """Signal dBm ranges over the last ``window`` seconds."""

    def __init__(self, window: float = 300.0) -> None:
        super().__init__()
        self.setObjectName("signal_plot")
        self.window_seconds = window
        self.samples: list[SignalSample] = []
        self.setMinimumSize(280, 160)  # fits beside the settings on a laptop screen
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def add(self, level: int, technology: RadioTechnology, at: float | None = None) -> SignalSample:
        sample = SignalSample(time.monotonic() if at is None else at, level, technology)
        self.samples.append(sample)
        cutoff = sample.at - self.window_seconds
        self.samples = [s for s in self.samples if s.at >= cutoff]
        self.update()
        return sample

    def clear(self) -> None:
        self.samples.clear()
        self.update()

    def _y(self, area: QRectF, dbm: float) -> float:
        share = (dbm - DBM_FLOOR) / (DBM_CEILING - DBM_FLOOR)
        return area.bottom() - share * area.height()

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = painter.fontMetrics()
        left = metrics.horizontalAdvance("-115 dBm") + 10
        area = QRectF(left, 10, max(10, self.width() - left - 10), max(10, self.height() - 30 - metrics.height()))
        painter.setPen(QPen(self.palette().mid().color()))
        painter.drawRect(area)
        for dbm in range(DBM_FLOOR + 5, DBM_CEILING, 10):
            y = self._y(area, dbm)
            painter.setPen(QPen(self.palette().mid().color(), 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(self.palette().text().color())
            label = tr("{dbm} дБм").format(dbm=dbm)
            painter.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, label)
        technology = self.samples[-1].technology if self.samples else RadioTechnology.UNKNOWN
        threshold = self._y(area, RECOMMENDED_MIN_DBM[technology])
        painter.setPen(QPen(GOOD, 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), threshold), QPointF(area.right(), threshold))
        painter.drawText(QPointF(area.left() + 6, threshold - 4), recommendation_text(technology))
        caption = tr("последние {minutes} мин").format(minutes=int(self.window_seconds // 60))
        painter.setPen(self.palette().text().color())
        painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), metrics.height() + 4),
                         Qt.AlignmentFlag.AlignRight, caption)
        if not self.samples:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("Нет измерений: нажмите «Начать»"))
            return
        end = self.samples[-1].at
        span = self.window_seconds

        def x(at: float) -> float:
            return area.right() - (end - at) / span * area.width()

        previous: QPointF | None = None
        for sample in self.samples:
            color = GOOD if sample.good else POOR
            top, bottom = self._y(area, sample.high_dbm), self._y(area, sample.low_dbm)
            px = x(sample.at)
            painter.fillRect(QRectF(px - 3, top, 6, max(2.0, bottom - top)), color)
            middle = QPointF(px, (top + bottom) / 2)
            if previous is not None:
                painter.setPen(QPen(self.palette().text().color(), 1))
                painter.drawLine(previous, middle)
            previous = middle

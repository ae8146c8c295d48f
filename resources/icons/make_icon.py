"""Draw the application icon: ``configurator.png`` (256 px) and ``configurator.ico`` (16–256 px).

    .venv/bin/python resources/icons/make_icon.py

A blue rounded square with a meter's display on it: four signal bars rising (three below 24 pixels),
and the radio waves of the communication module above. Each size is drawn on its own (not scaled
down), so the 16-pixel icon in the task bar keeps clean edges; below 32 pixels the waves are left out. The ``.ico``
holds every size as a PNG image (what Windows reads since Vista); the PyInstaller build uses it.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QLinearGradient, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
TOP, BOTTOM = QColor("#1e88e5"), QColor("#0d47a1")
PANEL, BARS, WAVES = QColor("#ffffff"), QColor("#1565c0"), QColor("#ffffff")


def draw(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    gradient = QLinearGradient(0, 0, 0, s)
    gradient.setColorAt(0, TOP)
    gradient.setColorAt(1, BOTTOM)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(gradient)
    margin = s * 0.03
    p.drawRoundedRect(QRectF(margin, margin, s - 2 * margin, s - 2 * margin), s * 0.2, s * 0.2)
    small = size < 32
    # the meter's display: a white panel in the lower part (the whole middle when small)
    panel = QRectF(s * 0.16, s * (0.30 if small else 0.46), s * 0.68, s * (0.54 if small else 0.38))
    p.setBrush(PANEL)
    p.drawRoundedRect(panel, s * 0.06, s * 0.06)
    # four signal bars rising from the panel's bottom edge
    p.setBrush(BARS)
    count = 3 if size < 24 else 4  # three bars stay apart at 16–20 pixels
    gap = panel.width() * (0.1 if small else 0.07)
    inner = panel.adjusted(panel.width() * 0.12, panel.height() * 0.16, -panel.width() * 0.12, -panel.height() * 0.16)
    width = (inner.width() - gap * (count - 1)) / count
    for index in range(count):
        height = inner.height() * (index + 1) / count
        left = inner.left() + index * (width + gap)
        p.drawRect(QRectF(left, inner.bottom() - height, width, height))
    if not small:
        # the module's radio waves above the display
        centre = QPointF(s * 0.5, s * 0.40)
        pen = QPen(WAVES, s * 0.045, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for radius in (s * 0.11, s * 0.20):
            path = QPainterPath()
            rect = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
            path.arcMoveTo(rect, 40)
            path.arcTo(rect, 40, 100)
            p.drawPath(path)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(WAVES)
        dot = s * 0.035
        p.drawEllipse(centre, dot, dot)
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An .ico file whose entries are PNG images (ICONDIR, ICONDIRENTRY…, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, blob in images:
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    (HERE / "configurator.png").write_bytes(png_bytes(draw(256)))
    (HERE / "configurator.ico").write_bytes(ico_bytes([(size, png_bytes(draw(size))) for size in ICO_SIZES]))
    del app
    print("configurator.png, configurator.ico written")
    return 0


if __name__ == "__main__":
    sys.exit(main())

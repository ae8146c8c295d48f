"""Pieces that keep the window small enough for a field laptop (1366×768 at 125 %: 1092×582 logical
pixels) without hiding a control: pages that scroll vertically, and disabled controls that say why.

    VerticalScroll(content)          a page that scrolls up and down, never sideways: as wide as its
                                     content needs, as high as the window allows
    ScrollingTabs()                  tabs whose pages scroll; ``setCurrentWidget``/``indexOf``/
                                     ``currentWidget`` take and give the pages themselves, also a
                                     page inside a page's own tabs (it opens both)
    DeferredPage(make)               a scrolling page built the first time it is shown or asked for
                                     (``content()``): ScrollingTabs.add_deferred
    explain_disabled(widget, why)    enabled/disabled with the reason in the tooltip
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTabWidget, QWidget

MIN_PAGE_HEIGHT = 120  # a scrolled page never asks the window for more than this


def transparent_viewport() -> QWidget:
    """A QScrollArea's viewport that leaves the background to what is under it: Qt's own (no background role
    of its own) with ``setAutoFillBackground(False)``. Made here rather than asked of the scroll area: wrapping
    the one Qt made makes Qt for Python create every widget class to find its type (~15 ms, once)."""
    viewport = QWidget()
    viewport.setObjectName("qt_scrollarea_viewport")
    viewport.setAutoFillBackground(False)
    return viewport


class VerticalScroll(QScrollArea):
    """``content`` in a frameless scroll area: its width is the content's minimum width (so nothing is
    cut at the side), its minimum height small (long messages or lists scroll instead of growing the
    window past the screen)."""

    def __init__(self, content: QWidget | None = None, name: str = "", min_height: int = MIN_PAGE_HEIGHT,
                 *, framed: bool = False) -> None:
        super().__init__()
        if name:
            self.setObjectName(name)
        self.min_height = min_height
        self.setWidgetResizable(True)
        if not framed:
            self.setFrameShape(QFrame.Shape.NoFrame)
            self.setViewport(transparent_viewport())  # the page's own background, as without scrolling
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if content is not None:
            self.setWidget(content)

    def setWidget(self, content: QWidget) -> None:  # noqa: N802 (Qt name)
        super().setWidget(content)
        if self.frameShape() is QFrame.Shape.NoFrame:
            content.setAutoFillBackground(False)
        content.installEventFilter(self)
        self.updateGeometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the content's minimum width may have changed
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        content = self.widget()
        if content is None:
            return super().minimumSizeHint()
        width = content.minimumSizeHint().expandedTo(content.minimumSize()).width()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar + 2 * self.frameWidth(), self.min_height)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), hint.height())


Page = TypeVar("Page", bound=QWidget)


class DeferredPage(VerticalScroll, Generic[Page]):
    """A page that scrolls, made by ``make()`` the first time it is shown or :meth:`content` is asked for:
    a tab the user may never open costs nothing at start-up (neither its widgets nor its modules)."""

    def __init__(self, make: Callable[[], Page], name: str = "") -> None:
        super().__init__(None, name)
        self._make: Callable[[], Page] | None = make
        self._content: Page | None = None

    def built(self) -> Page | None:
        """The page if it is made, else None (asking does not make it)."""
        return self._content

    def content(self) -> Page:
        """The page, made now if it is not yet."""
        if self._content is None:
            assert self._make is not None
            make, self._make = self._make, None
            self._content = make()
            self.setWidget(self._content)
        return self._content

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt name)
        self.content()
        super().showEvent(event)


class ScrollingTabs(QTabWidget):
    """A QTabWidget whose pages are each wrapped in a :class:`VerticalScroll`; tab names that do not fit
    are shortened with "…" (the full name in the tab's tooltip), never hidden behind scroll arrows."""

    def __init__(self, name: str = "") -> None:
        super().__init__()
        if name:
            self.setObjectName(name)
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideRight)

    def add_page(self, page: QWidget, title: str, name: str = "", *, scrolls: bool = True) -> int:
        """Add ``page`` in a VerticalScroll (``scrolls=False``: a page that scrolls by itself)."""
        index = self.addTab(VerticalScroll(page, name) if scrolls else page, title)
        self.setTabToolTip(index, title)
        return index

    def add_deferred(self, make: Callable[[], Page], title: str, name: str = "") -> DeferredPage[Page]:
        """A page made by ``make()`` when its tab is first shown (or its content asked for)."""
        holder = DeferredPage(make, name)
        self.setTabToolTip(self.addTab(holder, title), title)
        return holder

    def page(self, index: int) -> QWidget | None:
        """The page of tab ``index`` (a deferred page is made now)."""
        holder = self.widget(index)
        if isinstance(holder, DeferredPage):
            return holder.content()
        return holder.widget() if isinstance(holder, VerticalScroll) else holder

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 (Qt name)
        for index in range(self.count()):
            holder = self.widget(index)
            content = holder.widget() if isinstance(holder, VerticalScroll) else holder  # not made by looking
            if content is page or (content is not None and content.isAncestorOf(page)):
                return index
        return super().indexOf(page)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 (Qt name)
        index = self.indexOf(page)
        self.setCurrentIndex(index)
        holder = self.page(index)
        child: QWidget | None = page
        while child is not None and child is not holder:  # open the inner tabs that hold the page too
            parent = child.parentWidget()
            inner = parent.parentWidget() if parent is not None else None
            if isinstance(inner, QTabWidget) and inner.indexOf(child) >= 0:
                inner.setCurrentWidget(child)
            child = parent

    def currentWidget(self) -> QWidget:  # noqa: N802 (Qt name)
        found = self.page(self.currentIndex())
        return found if found is not None else super().currentWidget()


class WrappedNote(QLabel):
    """A word-wrapped note that keeps the height its lines need at the width it is given.

    A form row sizes a field's box by its size hint, which a wrapped label computes for a wide line:
    in a narrow column (150 % scaling, a laptop) the note's last lines were drawn under the next row.
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt name)
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed >= 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def explain_disabled(widget: QWidget, enabled: bool, why: str = "", tip: str | None = None) -> None:
    """Enable or disable ``widget``; disabled, its tooltip says ``why`` (enabled: ``tip``, or the
    tooltip it had before it was first disabled)."""
    normal = widget.property("normal_tooltip")
    if normal is None:
        normal = widget.toolTip()
        widget.setProperty("normal_tooltip", normal)
    if tip is not None:
        normal = tip
        widget.setProperty("normal_tooltip", tip)
    widget.setEnabled(enabled)
    widget.setToolTip(str(normal) if enabled else why)

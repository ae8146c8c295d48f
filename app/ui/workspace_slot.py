"""Workspaces built when first shown: each of the window's tabs holds a slot for its workspace.

The window lists its workspaces as :class:`WorkspaceEntry` rows (name, title, where the class is). Each
tab holds a :class:`WorkspaceSlot`, which imports and builds its workspace the first time the tab is
shown or the window asks for it (``slot.workspace()``). The program thus starts with the one workspace
on screen; the others, their modules and the libraries only they use are loaded when they are opened.

Building does not freeze the window: the app/core and protocols modules the entry names in ``background``
are imported by a thread (they make no widgets; Python's import lock keeps it safe, and the GIL passes
back to the window every few milliseconds), the UI modules in ``preload`` one per event-loop turn, then
its own module; a workspace class that says ``STAGED = True`` is constructed as
``Workspace(context, staged=True)`` and leaves the rest of its construction in ``stages`` (an iterator);
the slot runs one stage per event-loop turn, so the window repaints and takes clicks in between. Asked for
its workspace meanwhile, the slot finishes the stages at once. A workspace that is not staged is built in
one turn. On a language switch the slot rebuilds its workspace in the same way, the old one (retired,
greyed out) shown until the new one is ready, then deleted.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.workspace_context import WorkspaceContext


@dataclass(frozen=True)
class WorkspaceEntry:
    name: str  # the window's name for it: window.workspace(name)
    title: Callable[[], str]  # the tab's title in the current language
    module: str  # where its class is, imported when it is first built
    cls: str
    # modules it imports, each imported in an event-loop turn of its own before ``module``: together they
    # take longer than a turn may (50 ms), one by one they do not
    preload: tuple[str, ...] = ()
    background: tuple[str, ...] = ()  # imported by a thread before them: no Qt objects made on import


BACKGROUND_POLL_MS = 10  # how often a slot looks whether its background imports are done


def _import_quietly(names: tuple[str, ...]) -> None:
    """A module that fails to import here fails again, with its error, when the window imports it."""
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (reported by the import in the window's thread)
            return


class WorkspaceSlot(QWidget):
    built = Signal(QWidget)  # the workspace, once built and shown in the slot

    def __init__(self, entry: WorkspaceEntry, context: WorkspaceContext) -> None:
        super().__init__()
        self.setObjectName(f"{entry.name}_slot")
        self.entry, self.context = entry, context
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._workspace: Any = None
        self._old: Any = None  # the previous language's workspace, shown greyed out until the new one is ready
        self._stages: Iterator[int | None] | None = None  # each yields the milliseconds until the next one
        self._hurry = False  # asked for the workspace: the stages left run at once
        self._carried: object = None  # what the previous language's workspace handed over (carry_over)
        self._timer = QTimer(self)  # a child: no stage runs after the slot is gone
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._next_stage)

    # -- the workspace ---------------------------------------------------------------------------
    def built_workspace(self) -> Any:
        """The workspace if it is built, else None (nothing is built by asking)."""
        return self._workspace

    def workspace(self) -> Any:
        """The workspace, built now if it is not yet (the stages left run at once)."""
        if self._workspace is None:
            if self._stages is None:
                self._stages = self._build()
            self._hurry = True
            for _ in self._stages:
                pass
            self._hurry = False
        return self._workspace

    def building(self) -> bool:
        return self._stages is not None

    def build_soon(self) -> None:
        """Start building in stages, one per event-loop turn (nothing if built or under way)."""
        if self._workspace is None and self._stages is None:
            self._stages = self._build()
            self._timer.start(0)

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt name)
        self.build_soon()
        super().showEvent(event)

    def _next_stage(self) -> None:
        if self._stages is None:
            return
        try:
            wait = next(self._stages)
        except StopIteration:
            return
        self._timer.start(wait or 0)

    def _build(self) -> Iterator[int | None]:
        # what exists now lives as long as the window: out of the collector's full passes, which would
        # otherwise walk every module and widget of the program while the imports below run (~60 ms)
        gc.freeze()
        if self.entry.background:
            importer = threading.Thread(target=_import_quietly, args=(self.entry.background,),
                                        name=f"import {self.entry.name}", daemon=True)
            importer.start()
            while importer.is_alive():
                if self._hurry:
                    importer.join()
                else:
                    yield BACKGROUND_POLL_MS
        for name in self.entry.preload:
            importlib.import_module(name)
            yield 0
        module = importlib.import_module(self.entry.module)
        yield 0
        cls = getattr(module, self.entry.cls)
        if getattr(cls, "STAGED", False):
            workspace = cls(self.context, staged=True)
            for _ in workspace.stages:
                yield 0
        else:
            workspace = cls(self.context)
        yield 0
        if self._carried is not None:
            workspace.take_over(self._carried)
            self._carried = None
            yield 0
        if self.context.demo_endpoints:
            workspace.demo_prefill(self.context.demo_endpoints)
        if self._old is not None:
            self._layout.removeWidget(self._old)
            self._old.hide()
            self._old.deleteLater()
            self._old = None
        self._layout.addWidget(workspace)
        self._workspace, self._stages = workspace, None
        gc.freeze()  # the new workspace's modules and widgets too
        self.built.emit(workspace)

    # -- language switch -------------------------------------------------------------------------
    def rebuild(self, context: WorkspaceContext) -> None:
        """The workspace again, in the language now installed: the old one retired (its work stopped, its
        links closed), what it carries over handed to the new one. The slot on screen builds the new one
        in stages with the old one greyed out meanwhile; a hidden slot builds it when next shown."""
        old = self.workspace() if self._stages is not None else self._workspace  # a build under way ends first
        self.context = context
        if old is None:
            return
        # the old workspace was frozen with the rest (see _build): collectable again, or its reference cycles
        # would outlive it; what the freeze after this build holds back is freed by the next switch
        gc.unfreeze()
        self._workspace = None
        self._carried = old.carry_over() if hasattr(old, "carry_over") else None
        old.retire()
        if self.isVisible():
            old.setEnabled(False)
            self._old = old
            self.build_soon()
        else:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()


class WorkspaceTabs(QTabWidget):
    """The window's workspace tabs: ``indexOf`` and ``setCurrentWidget`` take a workspace as well as its slot."""

    def slot(self, index: int) -> WorkspaceSlot:
        found = self.widget(index)
        assert isinstance(found, WorkspaceSlot)
        return found

    def slots(self) -> list[WorkspaceSlot]:
        return [self.slot(index) for index in range(self.count())]

    def indexOf(self, page: QWidget) -> int:  # noqa: N802 (Qt name)
        for index, slot in enumerate(self.slots()):
            if page is slot or (page is not None and page is slot.built_workspace()):
                return index
        return super().indexOf(page)

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 (Qt name)
        self.setCurrentIndex(self.indexOf(page))

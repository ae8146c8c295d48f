"""Modules loaded at their first use rather than with the module that names them.

    if TYPE_CHECKING:
        from app.ui import module_delivery as delivery
    else:
        delivery = lazy_module("app.ui.module_delivery")

``delivery`` is then the module, executed the first time one of its attributes is read — by the first
operation, not at start-up, where the window would wait for it and everything it imports (the
standard library's ``importlib.util.LazyLoader``). Type checkers and the layer contracts see the import
as an ordinary one. For modules used from the GUI thread only: Python 3.11's lazy loader is not
thread-safe.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module ``name``: the one already imported, or one that executes at its first attribute access."""
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)  # as the import statement does: package.child
    return module

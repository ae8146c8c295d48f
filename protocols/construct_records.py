"""construct adapters that turn parsed payloads into typed records (frozen dataclasses).

One ``construct`` struct per message describes the bytes; these adapters give the parsed values
the dataclass (and tuple) types the codecs hand out, so nothing above a codec sees a Container.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from construct import Adapter, Construct


class TupleOf(Adapter):
    """A construct array ↔ a tuple (frozen records hold tuples, not lists)."""

    def _decode(self, obj: list[Any], context: Any, path: str) -> tuple[Any, ...]:
        return tuple(obj)

    def _encode(self, obj: tuple[Any, ...], context: Any, path: str) -> list[Any]:
        return list(obj)


class Record(Adapter):
    """A construct Struct ↔ a frozen dataclass with the same field names."""

    def __init__(self, struct: Construct, record: type) -> None:
        super().__init__(struct)
        self.record = record

    def _decode(self, obj: Any, context: Any, path: str) -> Any:
        return self.record(**{f.name: obj[f.name] for f in dataclasses.fields(self.record)})

    def _encode(self, obj: Any, context: Any, path: str) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(self.record)}

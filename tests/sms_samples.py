"""Sample settings for the SMS tests: every parameter of a module type away from its default."""

from __future__ import annotations

from protocols.params.catalogue import Kind, Parameter, defaults, parameters_for, validate
from protocols.params.module_types import ModuleType

_TEXTS = {Kind.HOST: "srv1.example.ru", Kind.PHONE: "+71234567890", Kind.PASSWORD: "Pw1234", Kind.TEXT: "t1"}


def _other(param: Parameter, module: ModuleType) -> object:
    default = param.default_for(module)
    if param.kind is Kind.BOOL:
        return not default
    if param.kind is Kind.INT:
        assert isinstance(default, int)
        return default + 1 if param.max is None or default < param.max else default - 1
    if param.kind is Kind.CHOICE:
        return next(c.value for c in param.choices_for(module) if c.value != default)
    if param.kind is Kind.FLAGS:
        first = param.choices_for(module)[0].value
        assert isinstance(default, frozenset)
        return default ^ {first} or frozenset({first, param.choices_for(module)[1].value})
    return _TEXTS[param.kind]


def changed_values(module: ModuleType) -> dict[str, object]:
    """Valid values for `module`: every parameter away from its default (NIDD stays off)."""
    values = defaults(module) | {p.key: _other(p, module) for p in parameters_for(module)}
    if values["mode"] == "sms" or values["mode"] == "server":
        values["mode"] = "client"
    if "nidd_enabled" in values:  # NIDD switches the IP functions off: keep it off, they are on
        values["nidd_enabled"] = False
    errors = [p for p in validate(module, values) if p.is_error]
    assert not errors, [p.text.en for p in errors]
    return values

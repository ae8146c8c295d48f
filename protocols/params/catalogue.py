"""The module parameter catalogue: one declaration per parameter, everything else derived from it.

    parameters_for(module, expert=True) -> [Parameter]     in form order
    groups_for(module, expert=True)     -> [GroupView]     groups with their parameters, for forms
    parameter(key)                      -> Parameter
    defaults(module)                    -> {key: value}
    applicable(module, values)          -> {key: value}    without the values of fields the others switch
                                                           off (greyed or hidden): those are not checked
                                                           and not sent
    validate(module, values)            -> [Problem]       every problem at once (errors and warnings)
    check(module, values)               -> None            raises ValidationError if any error
    coerce(param, raw, module=None)     -> value           text typed by a user -> typed value

The model is protocols.params.catalogue_model (shared with the UTMC-700), the declarations
protocols.params.catalogue_data, the rules of one value protocols.params.param_values (re-exported here), the
rules across the module's values protocols.params.catalogue_rules.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from protocols.errors import ValidationError
from protocols.params.catalogue_data import (
    CLIENT_MODES,
    DEFAULT_ADMIN_PASSWORD,
    DEFAULT_USER_PASSWORD,
    IP_MODES,
    PARAMETERS,
)
from protocols.params.catalogue_model import (
    Catalogue,
    Choice,
    Condition,
    Group,
    GroupView,
    Kind,
    Parameter,
    Problem,
    Severity,
    field_name,
)
from protocols.params.catalogue_rules import check_together
from protocols.params.module_types import ModuleType
from protocols.params.param_values import check_value, coerce, host_rule, unknown_parameter
from protocols.text import Text

__all__ = [
    "CATALOGUE", "CLIENT_MODES", "DEFAULT_ADMIN_PASSWORD", "DEFAULT_USER_PASSWORD", "IP_MODES", "PARAMETERS",
    "Choice", "Condition", "Group", "GroupView", "Kind", "Parameter", "Problem", "Severity",
    "applicable", "applies", "check", "check_value", "coerce", "defaults", "errors_only", "field_name", "groups_for",
    "host_rule", "parameter", "parameters_for", "validate",
]

CATALOGUE = Catalogue(PARAMETERS)
_BY_KEY: dict[str, Parameter] = {p.key: p for p in PARAMETERS}


def parameter(key: str) -> Parameter:
    return CATALOGUE.parameter(key)


def parameter_by_code(code: int) -> Parameter:
    """The parameter with this binary code; KeyError if there is none."""
    found = CATALOGUE.by_code(code)
    if found is None:
        raise KeyError(f"unknown parameter code 0x{code:02X}")
    return found


def parameters_for(module: ModuleType, expert: bool = True) -> list[Parameter]:
    return [p for p in PARAMETERS if module in p.modules and (expert or not p.expert)]


def groups_for(module: ModuleType, expert: bool = True) -> list[GroupView]:
    order: dict[str, Group] = {}
    members: dict[str, list[Parameter]] = {}
    for param in parameters_for(module, expert):
        order.setdefault(param.group.id, param.group)
        members.setdefault(param.group.id, []).append(param)
    return [GroupView(group, tuple(members[gid])) for gid, group in order.items()]


def defaults(module: ModuleType) -> dict[str, object]:
    return {p.key: p.default_for(module) for p in parameters_for(module)}


def applies(param: Parameter, values: Mapping[str, object]) -> bool:
    """The field is neither hidden nor greyed out by the other values (mode, switches)."""
    return param.is_visible(values) and param.is_enabled(values)


def applicable(module: ModuleType, values: Mapping[str, object]) -> dict[str, object]:
    """`values` without those of fields the other values switch off: e.g. the server address in the
    Server mode, or the MQTT settings while the MQTT client is off. Unknown keys stay (validate names them)."""
    merged = {**defaults(module), **values}
    return {key: value for key, value in values.items()
            if key not in _BY_KEY or applies(_BY_KEY[key], merged)}


def validate(module: ModuleType, values: Mapping[str, object], *, checked: Collection[str] = ()) -> list[Problem]:
    """Every problem of `values` (a full or partial set; missing keys take their defaults).

    Values of fields that the other values switch off (greyed out or hidden, see :func:`applicable`)
    are not checked: they are not sent either, so they cannot block sending. Keys in `checked` (what a
    user gave explicitly, e.g. ``--set`` on the command line) are checked all the same.
    """
    found: list[Problem] = []
    usable: set[str] = set()
    merged: dict[str, object] = defaults(module)
    merged.update(values)
    for key, value in values.items():
        param = _BY_KEY.get(key)
        if param is None:
            found.append(unknown_parameter(key))
            continue
        if module not in param.modules:
            name = field_name(param)
            found.append(Problem(key, Text(
                f"{name.ru}: параметр отсутствует в модуле «{module.label.ru}»",
                f"{name.en}: the {module.label.en} module has no such parameter")))
            continue
        if key not in checked and not applies(param, merged):
            continue
        own = check_value(param, value, module)
        found.extend(own)
        if not own:
            usable.add(key)
    usable |= {k for k in merged if k not in values and applies(_BY_KEY[k], merged)}  # defaults are valid
    found.extend(check_together(module, merged, _BY_KEY, usable))
    return found


def errors_only(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def check(module: ModuleType, values: Mapping[str, object], *, checked: Collection[str] = ()) -> list[Problem]:
    """Raise ValidationError listing every problem if any is an error; return the warnings."""
    found = validate(module, values, checked=checked)
    if errors_only(found):
        raise ValidationError(found)
    return found

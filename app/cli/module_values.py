"""``--config FILE`` and ``--set KEY=VALUE`` merged into the module values to send, checked offline.

One merge for configure, sms-text, sms-send and sim-write: the module type's defaults, then the
settings file (refused if it is for another module type), then every ``--set``. Every problem —
a malformed ``--set``, an unknown key, a value that does not parse, a rule the values break — is
gathered and raised as one ValidationError before anything is opened, so a typo is reported as a
typo and never as "cannot connect".
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from app.core.settings_store import load_settings
from protocols.errors import ValidationError
from protocols.params import catalogue
from protocols.params.catalogue import Problem
from protocols.params.module_types import ModuleType
from protocols.text import Text


@dataclass
class ModuleValues:
    values: dict[str, object]  # every parameter of the module type: defaults, file, --set
    keys: list[str]  # the ones the user gave (file and --set), in order
    given: list[str] = field(default_factory=list)  # those named with --set: checked and sent even where
    # the other values grey the field out (a file's greyed-out values are neither checked nor sent)
    warnings: list[Problem] = field(default_factory=list)  # rule warnings of the values


def _assignment(spec: str, module: ModuleType, values: dict[str, object], keys: list[str],
                problems: list[Problem]) -> None:
    key, sep, raw = spec.partition("=")
    key = key.strip()
    if not sep or not key:
        problems.append(Problem(key, Text(f"--set {spec}: ожидается КЛЮЧ=ЗНАЧЕНИЕ",
                                          f"--set {spec}: KEY=VALUE expected")))
        return
    try:
        param = catalogue.parameter(key)
    except KeyError:
        problems.append(Problem(key, Text(f"Неизвестный параметр «{key}» (список: main.py params)",
                                          f"Unknown parameter “{key}” (list: main.py params)")))
        return
    try:
        values[key] = catalogue.coerce(param, raw, module)
    except ValidationError as error:
        for item in error.problems:
            problems.append(item if isinstance(item, Problem) else Problem(key, _text(item)))
        return
    keys.append(key)


def _text(item: object) -> Text:
    return item if isinstance(item, Text) else Text(str(item), str(item))


def _known(key: str) -> bool:
    try:
        catalogue.parameter(key)
    except KeyError:
        return False
    return True


def module_values(module: ModuleType, args: argparse.Namespace, *, only: list[str] | None = None,
                  require: bool = True) -> ModuleValues:
    """The values of ``args.config`` and ``args.set`` for ``module``; ``only`` names keys to check exist
    (sms-text --only); ``require``: refuse when neither gives a value (nothing to transfer)."""
    values = catalogue.defaults(module)
    keys: list[str] = []
    problems: list[Problem] = []
    config = getattr(args, "config", None)
    if config:
        loaded = load_settings(config)
        if loaded.module is not module:
            problems.append(Problem("", Text(
                f"Файл {config} для модуля «{loaded.module.label.ru}», а выбран «{module.label.ru}»",
                f"{config} is for the {loaded.module.label.en} module, not {module.label.en}")))
        values.update(loaded.values)
        keys += list(loaded.values)
    given: list[str] = []
    for spec in args.set:
        _assignment(spec, module, values, given, problems)
    keys += given
    for key in only or ():
        if not _known(key):
            problems.append(Problem(key, Text(f"--only: неизвестный параметр «{key}»",
                                              f"--only: unknown parameter “{key}”")))
    found = catalogue.validate(module, values, checked=given)
    problems += [p for p in found if p.is_error and p not in problems]
    if problems:  # every problem at once: the ones that did not parse and the rules the others break
        raise ValidationError(problems)
    if require and not keys:
        raise ValidationError([Problem("", Text("Нечего передавать: укажите --config или --set",
                                                "Nothing to transfer: give --config or --set"))])
    return ModuleValues(values, list(dict.fromkeys(keys)), list(dict.fromkeys(given)),
                        [p for p in found if not p.is_error])

"""Module settings files (JSON): ``dumps`` and ``loads``, pure (docs/protocols/settings-file.md).

    {"format": "energomera-module-settings", "version": 1, "module": "nb-iot",
     "passwords_included": false, "values": {"mode": "server", "port": 80, ...}}

Passwords are left out unless the caller asks for them. ``loads`` checks everything and raises
one SettingsFileError listing every problem (format, version, module, unknown keys, types,
ranges, a key given twice); rules across fields (e.g. a client mode without a server) do not stop
loading — a saved draft may be incomplete — and come back as ``LoadedSettings.problems``.

``json_object_pairs`` is the JSON object hook every settings file of the project is read with: a key
that appears twice in one object (which JSON parsers silently resolve to the last value) is refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from protocols.errors import SettingsFileError, ValidationError
from protocols.files.json_errors import json_error_text
from protocols.params.catalogue import Problem, defaults, parameter, parameters_for, validate
from protocols.params.module_types import ModuleType
from protocols.params.param_values import from_json, to_json, unknown_parameter
from protocols.text import Text, not_text_problem, shown, surrogate_in

FORMAT = "energomera-module-settings"
VERSION = 1


@dataclass(frozen=True)
class LoadedSettings:
    module: ModuleType
    values: dict[str, object]  # only the keys the file holds (passwords may be absent)
    problems: list[Problem] = field(default_factory=list)  # cross-field problems, for display
    passwords_included: bool = False

    @property
    def missing(self) -> list[str]:
        """Parameters of the module the file does not set (e.g. passwords left out)."""
        return [p.key for p in parameters_for(self.module) if p.key not in self.values]


def dumps(module: ModuleType, values: Mapping[str, object], *, include_passwords: bool = False) -> str:
    """The file text for `values` (parameters of other module types are not written)."""
    out: dict[str, object] = {}
    for param in parameters_for(module):
        if param.key not in values or (param.secret and not include_passwords):
            continue
        out[param.key] = to_json(param, values[param.key])
    document = {
        "format": FORMAT,
        "version": VERSION,
        "module": module.value,
        "passwords_included": include_passwords,
        "values": out,
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


class DuplicateKeyError(ValueError):
    """A JSON object holds ``key`` twice: which value was meant is unknown, so the file is refused."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key

    @property
    def text(self) -> Text:
        key = shown(self.key)  # a key may be JSON-escaped text that is not text
        return Text(f"ключ «{key}» встречается дважды — оставьте одно значение",
                    f"the key “{key}” appears twice — keep one value")


def json_object_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` for json.loads: a dict, or DuplicateKeyError naming the repeated key."""
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKeyError(key)
        found[key] = value
    return found


def _problem(key: str, ru: str, en: str) -> Problem:
    return Problem(key, Text(ru, en))


def settings_error(problems: list[Problem]) -> SettingsFileError:
    ru = "Файл настроек не загружен: " + "; ".join(p.text.ru for p in problems)
    en = "Settings file not loaded: " + "; ".join(p.text.en for p in problems)
    return SettingsFileError(Text(ru, en), problems=problems)


def loads(text: str | bytes) -> LoadedSettings:
    """Parse and check a settings file; SettingsFileError listing every problem."""
    try:
        document = json.loads(text, object_pairs_hook=json_object_pairs)
    except DuplicateKeyError as error:
        raise settings_error([Problem(error.key, error.text)]) from None
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        where = json_error_text(error)
        raise settings_error([_problem("", f"формат JSON нарушен — {where.ru}", f"broken JSON — {where.en}")]) from None
    if not isinstance(document, dict):
        raise settings_error([_problem("", "ожидается объект JSON", "a JSON object expected")])
    surrogate = surrogate_in(document)
    if surrogate is not None:
        raise settings_error([Problem(surrogate[0], not_text_problem(*surrogate))])
    header = _check_header(document)
    if isinstance(header, list):
        raise settings_error(header)
    module = header
    raw_values = document.get("values")
    if not isinstance(raw_values, dict):
        raise settings_error([_problem("values", "нет раздела «values»", "no “values” section")])
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for key, raw in raw_values.items():
        value, own = _value_from_json(module, key, raw)
        problems.extend(own)
        if not own:
            values[key] = value
    if problems:
        raise settings_error(problems)
    across = validate(module, {**defaults(module), **values})
    passwords = document.get("passwords_included") is True
    return LoadedSettings(module, values, across, passwords)


def _check_header(document: dict) -> ModuleType | list[Problem]:
    problems: list[Problem] = []
    if document.get("format") != FORMAT:
        problems.append(_problem("format", f"это не файл настроек модуля (format ≠ «{FORMAT}»)",
                                 f"not a module settings file (format ≠ “{FORMAT}”)"))
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(_problem("version", "нет номера версии формата", "no format version number"))
    elif version > VERSION:
        problems.append(_problem(
            "version",
            f"файл создан более новой версией программы (формат {version}, поддерживается до {VERSION}); "
            "обновите конфигуратор",
            f"the file was written by a newer version (format {version}, this one reads up to {VERSION}); "
            "update the configurator"))
    module_id = document.get("module")
    module: ModuleType | None = None
    try:
        module = ModuleType.from_id(module_id) if isinstance(module_id, str) else None
    except ValueError:
        module = None
    if module is None:
        known = ", ".join(m.value for m in ModuleType)
        problems.append(_problem("module", f"неизвестный тип модуля «{module_id}» (известны: {known})",
                                 f"unknown module type “{module_id}” (known: {known})"))
    if problems or module is None:
        return problems
    return module


def _value_from_json(module: ModuleType, key: str, raw: object) -> tuple[object, list[Problem]]:
    try:
        param = parameter(key)
    except KeyError:
        return None, [unknown_parameter(key)]
    if module not in param.modules:
        return None, [_problem(key, f"«{param.label.ru}»: нет в модуле «{module.label.ru}»",
                               f"“{param.label.en}”: the {module.label.en} module has no such parameter")]
    try:
        return from_json(param, raw, module), []
    except ValidationError as error:
        return None, [p for p in error.problems if isinstance(p, Problem)]

"""Phone lists for SMS batches: a text file with one number a line (e.g. ``phones.txt``).

Numbers are normalised to international form: ``8 (900) 123-45-67``, ``79001234567`` and
``9001234567`` all become ``+79001234567``; other countries must be written with ``+``.
Blank lines and ``#`` comments are allowed. Bad lines and duplicates are reported with their
line numbers, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.atomic_file import write_atomically
from app.core.os_errors import os_error_reason
from protocols.errors import SettingsFileError, ValidationError
from protocols.text import Text, shown

_SEPARATORS = " -()\t."


@dataclass(frozen=True)
class PhoneProblem:
    line: int  # 1-based; 0 when not from a file
    raw: str
    text: Text


@dataclass
class PhoneList:
    phones: list[str] = field(default_factory=list)
    problems: list[PhoneProblem] = field(default_factory=list)  # bad lines
    duplicates: list[PhoneProblem] = field(default_factory=list)  # repeated numbers (kept once)


def normalise_phone(raw: str) -> str:
    """International form ``+<digits>``; ValueError with the reason if it is not a phone number."""
    text = raw.strip()
    for ch in _SEPARATORS:
        text = text.replace(ch, "")
    plus = text.startswith("+")
    digits = text[1:] if plus else text
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError("not a phone number")
    if plus:
        if not 7 <= len(digits) <= 15:
            raise ValueError("an international number has 7 to 15 digits")
        return "+" + digits
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    raise ValueError("write the number as +<country code><number>, e.g. +79001234567")


def phone_problem_text(line: int, raw: str, reason: str) -> Text:
    reasons_ru = {
        "not a phone number": "это не номер телефона",
        "an international number has 7 to 15 digits": "в международном номере от 7 до 15 цифр",
        "write the number as +<country code><number>, e.g. +79001234567":
            "запишите номер как +<код страны><номер>, например +79001234567",
    }
    where_ru = f"строка {line}: " if line else ""
    where_en = f"line {line}: " if line else ""
    raw = shown(raw)  # pasted text may hold lone surrogates; the message must still print
    return Text(f"{where_ru}«{raw}» — {reasons_ru.get(reason, reason)}", f"{where_en}“{raw}” — {reason}")


def parse_phones(lines: Iterable[str]) -> PhoneList:
    result = PhoneList()
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        raw = line.split("#", 1)[0].strip().strip(";,")
        if not raw:
            continue
        try:
            phone = normalise_phone(raw)
        except ValueError as error:
            result.problems.append(PhoneProblem(number, raw, phone_problem_text(number, raw, str(error))))
            continue
        if phone in first_line:
            result.duplicates.append(
                PhoneProblem(
                    number,
                    raw,
                    Text(
                        f"строка {number}: {phone} уже есть в строке {first_line[phone]}",
                        f"line {number}: {phone} repeats line {first_line[phone]}",
                    ),
                )
            )
            continue
        first_line[phone] = number
        result.phones.append(phone)
    return result


def load_phones(path: str | Path) -> PhoneList:
    """Read a phone list file (UTF-8, or Windows-1251 as old lists may be)."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise SettingsFileError(
            Text(f"Не удалось прочитать список номеров {path}: {os_error_reason(error).ru}",
                 f"Cannot read the phone list {path}: {os_error_reason(error).en}")
        ) from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", "replace")
    return parse_phones(text.splitlines())


def normalise_phones(phones: Iterable[str]) -> list[str]:
    """Typed numbers (a GUI list, the command line) normalised; ValidationError naming every bad one."""
    normalised, problems = [], []
    for raw in phones:
        try:
            normalised.append(normalise_phone(raw))
        except ValueError as error:
            problems.append(PhoneProblem(0, raw, phone_problem_text(0, raw, str(error))))
    if problems:
        raise ValidationError(problems)
    return normalised


def save_phones(path: str | Path, phones: Iterable[str]) -> None:
    """Write one normalised number a line, atomically (the old list or the new one, never half);
    ValidationError (nothing written) if any is bad."""
    normalised = normalise_phones(phones)
    try:
        write_atomically(path, "".join(f"{p}\n" for p in normalised).encode("utf-8"))
    except OSError as error:
        raise SettingsFileError(
            Text(f"Не удалось записать список номеров {path}: {os_error_reason(error).ru}",
                 f"Cannot write the phone list {path}: {os_error_reason(error).en}")
        ) from error


def phones_or_error(phone_list: PhoneList) -> list[str]:
    """The phones, or ValidationError listing every bad line (duplicates are only warned about)."""
    if phone_list.problems:
        raise ValidationError(phone_list.problems)
    return phone_list.phones

"""Refresh the English translation of the UI and compile it.

    .venv/bin/python translations/update.py            # lupdate + lrelease, lists unfinished strings
    .venv/bin/python translations/update.py --fill en.json   # also take translations from a JSON map

The UI is written in Russian (the vendor manuals' wording) and every string goes through
app.ui.i18n.tr(). ``pyside6-lupdate`` (part of PySide6-Essentials) collects them into
configurator_en.ts, keeping the translations already there; translate new ones in Qt Linguist
(``pyside6-linguist translations/configurator_en.ts``) or with --fill, then this script runs
``pyside6-lrelease`` to produce configurator_en.qm, which the application loads at start.
Exit code 1 while any string is untranslated.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "configurator_en.ts"
QM = HERE / "configurator_en.qm"


def tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into the virtual environment")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").rglob("*.py"))


def lupdate(ts: Path = TS, files: list[str] | None = None) -> None:
    subprocess.run([tool("pyside6-lupdate"), *(files or sources()), "-no-obsolete", "-locations", "relative",
                    "-ts", str(ts)], cwd=ROOT, check=True, capture_output=True)


def fill(ts: Path, mapping: dict[str, str]) -> int:
    tree = ET.parse(ts)
    filled = 0
    for message in tree.iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if source is None or translation is None or source.text not in mapping:
            continue
        translation.text = mapping[source.text]
        translation.attrib.pop("type", None)
        filled += 1
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return filled


def unfinished(ts: Path = TS) -> list[str]:
    found = []
    for message in ET.parse(ts).iter("message"):
        source, translation = message.find("source"), message.find("translation")
        if translation is None or translation.get("type") == "unfinished" or not (translation.text or "").strip():
            found.append(source.text if source is not None else "?")
    return found


def lrelease(ts: Path = TS, qm: Path = QM) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fill", type=Path, help="JSON object {russian: english} to apply")
    args = parser.parse_args()
    lupdate()
    if args.fill:
        print(f"filled {fill(TS, json.loads(args.fill.read_text(encoding='utf-8')))} translations")
    lrelease()
    missing = unfinished()
    for text in missing:
        print(f"untranslated: {text!r}")
    print(f"{TS.name}: {len(missing)} untranslated; compiled {QM.name}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

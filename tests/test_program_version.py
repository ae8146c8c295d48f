"""The program's version from pyproject.toml: the quick reading the window's title uses agrees with the TOML
parser wherever it answers, and the project's own file is read the quick way."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st

from app import version

ROOT = Path(__file__).resolve().parents[1]


def _basic(text: str) -> str:
    """``text`` as a TOML basic string, escaped where it must be."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _literal(text: str) -> str:
    return "'" + text + "'"


def test_the_projects_own_file_is_read_the_quick_way() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project = tomllib.loads(text)["project"]
    assert version.quick_project_fields(text) == {"name": project["name"], "version": project["version"]}
    assert version.program_version() == project["version"]


values = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
lines_before = st.lists(st.sampled_from([
    "", "# a comment", "[build-system]", 'requires = ["setuptools>=68"]', 'about = """\n[project]\nname = "x"\n"""',
    "notes = '''\n[project]\n'''", '[tool.x]\nproject = "[project]"', "[tool.y]\nname = 'other'",
]), max_size=4)


@given(lines_before, values, values, st.sampled_from(["basic", "literal"]), st.booleans(), st.booleans(),
       st.lists(st.sampled_from(["", "# note", 'description = "d"', "'name' = \"q\"", 'name.x = "dotted"']),
                max_size=2), st.sampled_from(["", "  # release", "\t#"]), st.sampled_from(["\n", "\r\n"]))
def test_the_quick_reading_agrees_with_the_toml_parser(before, name, number, style, version_first, ends_table,
                                                        first, comment, newline) -> None:
    quote = _basic if style == "basic" else _literal
    keys = [f"name = {quote(name)}{comment}", f"version = {quote(number)}"]
    if version_first:
        keys.reverse()
    body = [*before, "[project]", *first, *keys, 'dependencies = [\n  "a",\n]']
    if ends_table:
        body.append("[project.urls]\nhome = \"https://example.org\"")
    text = newline.join("\n".join(body).split("\n")) + newline
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assume(False)  # only valid files are compared
        return
    quick = version.quick_project_fields(text)
    if quick is not None:
        assert quick == {"name": parsed["project"]["name"], "version": parsed["project"]["version"]}


def test_a_file_written_otherwise_is_read_by_the_parser(tmp_path, monkeypatch) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nversion = "2.\\u0030"  # escaped\nname = "energomera-configurator"\n', encoding="utf-8")
    monkeypatch.setattr(version, "PYPROJECT", path)
    assert version.quick_project_fields(path.read_text(encoding="utf-8")) is None
    assert version.program_version() == "2.0"

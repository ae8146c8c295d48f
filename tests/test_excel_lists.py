"""Phone lists and UTMC device lists as Excel saves them: ";", "," or tab separated, a header row and
other columns, in Windows-1251, UTF-8, UTF-8 with a BOM or UTF-16 («Текст Юникод»); fuzzed."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.phone_list import load_phones, parse_phone_text, phones_or_error, save_phones
from app.core.utmc_local_files import load_device_file
from protocols.errors import SettingsFileError
from protocols.files.text_table import decode_table, split_table
from protocols.utmc.utmc_devices import parse_device_lines

# What Excel writes for each choice of «Сохранить как» (Russian regional settings).
ENCODINGS = {
    "cp1251": lambda text: text.encode("cp1251"),  # «CSV (разделители — запятые)», «Текстовые файлы»
    "utf-8": lambda text: text.encode("utf-8"),  # other tools, LibreOffice
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),  # «CSV UTF-8»
    "utf-16": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),  # «Текст Юникод»
}
SEPARATORS = {"semicolon": ";", "comma": ",", "tab": "\t"}


def excel_text(rows: list[list[object]], separator: str) -> str:
    """A sheet as Excel's CSV writer saves it: CRLF lines, fields with separators or quotes quoted."""
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write(path: Path, rows: list[list[object]], separator: str, encoding: str) -> Path:
    path.write_bytes(ENCODINGS[encoding](excel_text(rows, separator)))
    return path


# -- phone lists ----------------------------------------------------------------------------
PHONE_SHEET = [
    ["№", "ФИО", "Адрес", "Телефон", "Заводской номер счётчика"],
    [1, "Иванов Иван Иванович", "ул. Ленина, д. 5; кв. 3", "8 (900) 123-45-67", "009218054000101"],
    [2, "Петрова А. С.", "ул. Мира, 1", "+79001234568", "009218054000102"],
    [3, "Сидоров", "пер. \"Тихий\", 7", "9001234569", "9001234570"],
    [4, "", "", "", ""],
    [5, "Кузнецов", "ул. Садовая, 2", "12-34", "009218054000105"],
    [6, "Иванов (дубль)", "", "+7 900 123 45 67", ""],
]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_phone_table_from_excel(tmp_path: Path, encoding: str, separator: str) -> None:
    path = write(tmp_path / "Абоненты.csv", PHONE_SHEET, SEPARATORS[separator], encoding)
    loaded = load_phones(path)
    assert loaded.phones == ["+79001234567", "+79001234568", "+79001234569"]
    # the serial numbers of column 5 are never taken, though "9001234570" would make a phone number
    assert loaded.names == {"+79001234567": "Иванов Иван Иванович", "+79001234568": "Петрова А. С.",
                            "+79001234569": "Сидоров"}
    # row 5 of the sheet holds only its counter: no phone; row 6 a bad number; row 7 repeats row 2
    assert [(p.line, p.raw) for p in loaded.problems] == [(5, ""), (6, "12-34")]
    assert "строка 5: нет номера телефона" in loaded.problems[0].text.ru
    assert [(d.line, d.raw) for d in loaded.duplicates] == [(7, "+7 900 123 45 67")]
    assert loaded.notes == []  # one column is called «Телефон»: nothing was guessed
    with pytest.raises(Exception, match="line 5"):
        phones_or_error(loaded)


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_english_headers_and_a_name_in_parts(tmp_path: Path, encoding: str) -> None:
    english = [["Name", "Phone number", "Address", "Meter serial"], ["Ivanov, Ivan", "+79001112233", "Main st", "1"]]
    loaded = load_phones(write(tmp_path / "en.csv", english, ",", encoding))
    assert (loaded.phones, loaded.names) == (["+79001112233"], {"+79001112233": "Ivanov, Ivan"})
    parts = [["Имя", "Отчество", "Фамилия", "Номер абонента"], ["Иван", "Иванович", "Иванов", "89001112233"]]
    loaded = load_phones(write(tmp_path / "ru.txt", parts, "\t", encoding))
    assert loaded.names == {"+79001112233": "Иванов Иван Иванович"}


def test_without_a_phone_header_the_column_is_found_by_content_and_said() -> None:
    loaded = parse_phone_text("Иванов;ул. Мира, 1;+79001234567\r\nПетров;ул. Мира, 2;89001234568\r\n")
    assert loaded.phones == ["+79001234567", "+79001234568"]
    assert loaded.names == {}  # no header: nothing is taken for a name
    assert [n.ru for n in loaded.notes] == ["Номера взяты из столбца 3 (по содержимому)"]
    assert loaded.notes[0].en == "Phone numbers taken from column 3 (by its content)"


def test_two_columns_of_phone_like_values_the_choice_is_said() -> None:
    text = "Абонент;Счётчик;Контакт\n" \
           "Иванов;9001234501;+79007654321\nПетров;9001234502;+79007654322\nСидоров;9001234503;нет\n"
    loaded = parse_phone_text(text)
    assert loaded.phones == ["+79001234501", "+79001234502", "+79001234503"]  # the column with more numbers
    note = loaded.notes[0]
    assert note.ru.startswith("Номера взяты из столбца 2 «Счётчик» (по содержимому); похожи на номера и столбцы 3")
    assert "name the one to use “Phone”" in note.en
    renamed = parse_phone_text(text.replace("Контакт", "Телефон"))  # naming the column settles it
    assert renamed.phones == ["+79007654321", "+79007654322"] and renamed.notes == []
    assert [p.line for p in renamed.problems] == [4]


def test_two_phone_headers_take_the_fuller_one_and_say_so() -> None:
    loaded = parse_phone_text("Телефон 1;Телефон 2\n+79001234501;\n+79001234502;+79001234599\n")
    assert loaded.phones == ["+79001234501", "+79001234502"]
    assert "по заголовку" in loaded.notes[0].ru and "столбца 1 «Телефон 1»" in loaded.notes[0].ru


def test_no_column_of_phones_is_one_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "адреса.csv", [["ФИО", "Адрес"], ["Иванов", "ул. Мира, 1"]], ";", "cp1251")
    with pytest.raises(SettingsFileError) as caught:
        load_phones(path)
    assert caught.value.message("ru") == f"{path}: не найден столбец с номерами телефонов: назовите его в первой " \
                                         "строке «Телефон»"


def test_excel_number_formats_are_named() -> None:
    loaded = parse_phone_text("Телефон;ФИО\n7,90012E+10;Иванов\n")
    assert "задайте столбцу текстовый формат" in loaded.problems[0].text.ru
    assert loaded.problems[0].line == 2


def test_our_text_lists_keep_their_meaning_and_names_survive_saving(tmp_path: Path) -> None:
    text = "# улица Мира\n+79001234567  # Иванов, кв. 5\n8 900 123 45 68;\nnot a phone\n"
    loaded = parse_phone_text(text)
    assert loaded.phones == ["+79001234567", "+79001234568"] and loaded.names == {"+79001234567": "Иванов, кв. 5"}
    assert [(p.line, p.raw) for p in loaded.problems] == [(4, "not a phone")]
    path = tmp_path / "Мои документы" / "список.txt"
    path.parent.mkdir()
    save_phones(path, ["+79001234567", "89001234568"], {"+79001234567": "Иванов,\nкв. 5"})
    assert path.read_text(encoding="utf-8") == "+79001234567  # Иванов, кв. 5\n+79001234568\n"
    again = load_phones(path)
    assert (again.phones, again.names) == (["+79001234567", "+79001234568"], {"+79001234567": "Иванов, кв. 5"})


def test_an_xlsx_given_as_a_phone_list_says_how_to_save_it(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Телефон"])
    book.save(tmp_path / "phones.xlsx")
    with pytest.raises(SettingsFileError, match="CSV"):
        load_phones(tmp_path / "phones.xlsx")


def test_undecodable_bytes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"+79001234567\r\n+79001234568 \x98\r\n")  # 0x98: the one byte Windows-1251 lacks
    with pytest.raises(SettingsFileError) as caught:
        load_phones(path)
    assert caught.value.message("ru").endswith("строка 2: не текст в кодировке UTF-8 или Windows-1251")
    path.write_bytes(codecs.BOM_UTF16_LE + "+79001234567\r\n".encode("utf-16-le") + b"\x00")  # odd length
    with pytest.raises(SettingsFileError, match="UTF-16"):
        load_phones(path)


def test_utf16_without_its_bom_is_recognised() -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        text = decode_table("Телефон\t+79001234567\r\n".encode(encoding), "x")
        assert text == "Телефон\t+79001234567\r\n"


# the alphabet Windows-1251 can hold, with the characters that make tables hard
CELL_TEXT = st.text(st.sampled_from("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙ ABCxyz0123456789;,\t\"'#.-()№«»"),
                    max_size=12)
PHONES = st.integers(9_000_000_000, 9_999_999_999).map(lambda n: f"+7{n}")


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(CELL_TEXT, PHONES, CELL_TEXT), min_size=1, max_size=8),
       separator=st.sampled_from(list(SEPARATORS.values())), encoding=st.sampled_from(list(ENCODINGS)))
def test_phone_tables_round_trip_whatever_the_cells_hold(tmp_path: Path, rows: list[tuple[str, str, str]],
                                                         separator: str, encoding: str) -> None:
    sheet = [["ФИО", "Телефон", "Примечание"], *[list(row) for row in rows]]
    loaded = load_phones(write(tmp_path / "fuzz.csv", sheet, separator, encoding))
    expected = list(dict.fromkeys(phone for _, phone, _ in rows))
    assert loaded.phones == expected and loaded.problems == [] and loaded.notes == []
    first_name = {}
    for name, phone, _ in rows:
        first_name.setdefault(phone, name.strip())
    assert loaded.names == {phone: name for phone, name in first_name.items() if name}


@settings(max_examples=200)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le",
                                                                                                      "surrogatepass")))
def test_phone_loader_fuzz(data: bytes) -> None:
    try:
        text = decode_table(data, "fuzz")
        loaded = parse_phone_text(text, "fuzz")
    except SettingsFileError:
        return
    assert all(p.line >= 1 for p in loaded.problems + loaded.duplicates)
    assert len(set(loaded.phones)) == len(loaded.phones)


@settings(max_examples=200)
@given(st.lists(st.lists(CELL_TEXT | PHONES, max_size=5), max_size=6), st.sampled_from(list(SEPARATORS.values())))
def test_phone_table_fuzz(rows: list[list[str]], separator: str) -> None:
    try:
        loaded = parse_phone_text(excel_text(rows, separator), "fuzz")
    except SettingsFileError as error:
        assert "столбец" in error.message("ru")
        return
    assert set(loaded.names) <= set(loaded.phones)


# -- UTMC device lists ------------------------------------------------------------------------
GUIDE_LINES = ("1;ЕМ Энергомера СЕ102;12345678;1;ЕТО;5678;9600;rem\r\n"  # the guide's item 17, word for word
               "2;ЕМ Энергомера СЕ102;12345679;1;ЕТО;5679;9600;rem\r\n")
DEVICE_SHEET = [
    ["Абонент", "Модель", "Номер устройства", "Серийный номер", "Версия", "Производитель", "Адрес установки",
     "Сетевой адрес", "Скорость обмена", "Примечание"],
    ["Иванов, кв. 3", "ЕМ Энергомера СЕ102", 1, "12345678", 1, "ЕТО", "ул. Мира; 1", 5678, 9600, "rem"],
    ["Петров", "ЕМ Энергомера СЕ102", 2, "12345679", 1, "ЕТО", "", 5679, 9600, "rem"],
]


@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("separator", list(SEPARATORS))
def test_device_table_from_excel(tmp_path: Path, encoding: str, separator: str) -> None:
    path = write(tmp_path / "Приборы УТМЦ.csv", DEVICE_SHEET, SEPARATORS[separator], encoding)
    assert load_device_file(path) == parse_device_lines(GUIDE_LINES)


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_guides_format_stays_exactly_as_documented(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "devices.txt"
    path.write_bytes(ENCODINGS[encoding](GUIDE_LINES))
    records = load_device_file(path)
    assert records == parse_device_lines(GUIDE_LINES)
    assert [(r.number, r.serial, r.manufacturer, r.address, r.note) for r in records] == \
        [(1, "12345678", "ETO", 5678, "rem"), (2, "12345679", "ETO", 5679, "rem")]
    # a note holding a quote is read as written: the guide's lines are split at ";" and nothing else
    quoted = tmp_path / "quoted.txt"
    quoted.write_bytes(ENCODINGS[encoding]('3;ЕМ Энергомера СЕ102;12345670;1;ENM;1;9600;"T\r\n'))
    assert [r.note for r in load_device_file(quoted)] == ['"T']


def test_the_guides_own_column_names_as_a_header(tmp_path: Path) -> None:
    header = ("Номер устройства; Модель; Серийный номер; Версия; Аббревиатура производителя (3 буквы); "
              "Серевой адрес; Скорость обмена; Примечание (если требуется)")
    path = tmp_path / "guide.csv"
    path.write_bytes((header + "\r\n" + GUIDE_LINES).encode("cp1251"))
    assert load_device_file(path) == parse_device_lines(GUIDE_LINES)


def test_headerless_tab_separated_list_in_the_guides_order(tmp_path: Path) -> None:
    path = tmp_path / "tabs.txt"
    path.write_bytes(ENCODINGS["utf-16"](GUIDE_LINES.replace(";", "\t")))
    assert load_device_file(path) == parse_device_lines(GUIDE_LINES)


def test_device_table_bad_rows_and_missing_columns(tmp_path: Path) -> None:
    sheet = [row[:] for row in DEVICE_SHEET]
    sheet[2][8] = 9601
    path = write(tmp_path / "bad.csv", sheet, ";", "utf-8-bom")
    with pytest.raises(SettingsFileError) as caught:
        load_device_file(path)
    assert "строка 3: скорость 9601" in caught.value.message("ru")
    missing = write(tmp_path / "missing.csv", [[c for c in DEVICE_SHEET[0] if c != "Серийный номер"]], ";", "cp1251")
    with pytest.raises(SettingsFileError) as caught:
        load_device_file(missing)
    assert caught.value.message("ru") == f"{missing}: нет столбца «Серийный номер» в первой строке"


@settings(max_examples=150)
@given(st.lists(st.lists(CELL_TEXT | st.integers(0, 70000).map(str), max_size=10), max_size=6),
       st.sampled_from(list(SEPARATORS.values())), st.booleans())
def test_device_table_fuzz(rows: list[list[str]], separator: str, with_header: bool) -> None:
    sheet = [DEVICE_SHEET[0], *rows] if with_header else rows
    from protocols.utmc.utmc_devices import parse_device_table

    try:
        parse_device_table(excel_text(sheet, separator), "fuzz")
    except SettingsFileError:
        pass


@settings(max_examples=150)
@given(st.binary(max_size=300))
def test_device_text_decoding_fuzz(data: bytes) -> None:
    from protocols.utmc.utmc_devices import parse_device_table

    for prefix in (b"", codecs.BOM_UTF16_LE, codecs.BOM_UTF8):
        try:
            parse_device_table(decode_table(prefix + data, "fuzz"), "fuzz")
        except SettingsFileError:
            pass


def test_split_table_keeps_line_numbers_across_quoted_line_breaks() -> None:
    table = split_table('a;"b\nc";d\r\n# note\r\n#e;f\r\n', "x")  # Alt+Enter in a cell: LF
    assert [(row.line, row.cells) for row in table.rows] == [(1, ["a", "b\nc", "d"]), (4, ["#e", "f"])]

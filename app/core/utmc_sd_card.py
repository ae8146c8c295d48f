"""Files on the UTMC-700's SD card: journal download, firmware upload and update ("Файлы" tab).

    await list_files(client, folder) -> list[FileEntry]
    await download_file(client, "2025/01/09/12.dat", Path("12.dat"), progress) -> DownloadResult
    uploaded = await upload_firmware(client, Path("fw.hex"), password, progress) -> UploadResult
    firmware_id = await update_firmware(client, uploaded, password)
    firmware_file_text(image) -> Text                       "Файл прошивки: версия X" (or that it has none)
    check = FirmwareCheck.of(image, version, firmware_id)   does the UTMC now run the file? check.text says

Downloads are checked against the CRC32 the device reports and saved atomically: a cancelled,
failed or corrupt download leaves no file behind. A firmware file is parsed and checked
completely (protocols.files.intel_hex) before anything is sent; the device checks the CRC32 of what
it received and the HEX content again before it accepts an update.

The file's version comes from its version record (docs/protocols/utmc.md, "Firmware version").
After the restart the device's IDENTIFY is compared with the file: it runs the file when the
firmware ID is the file's and, if the file names a version, the version is the file's.
"""

from __future__ import annotations

import asyncio
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.core.atomic_file import atomic_output
from app.core.os_errors import os_error_reason
from app.core.progress import Progress, ProgressCallback
from app.core.session import TransferInterrupted
from app.core.utmc_client import UtmcClient
from protocols.errors import LinkError, ProtocolError, SettingsFileError
from protocols.files.intel_hex import FirmwareImage, load_firmware
from protocols.text import Text
from protocols.utmc.utmc_frames import FILE_CHUNK
from protocols.utmc.utmc_messages import (
    FileInfoRequest,
    FileListRequest,
    FileReadReply,
    FileReadRequest,
    FileWriteBeginRequest,
    FileWriteDataReply,
    FileWriteDataRequest,
    FileWriteEndRequest,
    FirmwareUpdateRequest,
)

UPLOAD_FOLDER = "update"
READ_WINDOW = 3


@dataclass(frozen=True)
class FileEntry:
    name: str
    is_dir: bool
    size: int


@dataclass(frozen=True)
class DownloadResult:
    path: str
    destination: Path
    size: int
    crc32: int


@dataclass(frozen=True)
class UploadResult:
    remote_path: str
    size: int
    crc32: int
    image: FirmwareImage


@dataclass(frozen=True)
class FirmwareCheck:
    """What a UTMC reports after an update, against the file it was updated from."""

    file_version: str | None  # None: the file carries no version record
    file_id: str
    version: str  # reported by the device
    firmware_id: str

    @classmethod
    def of(cls, image: FirmwareImage, version: str, firmware_id: str) -> FirmwareCheck:
        return cls(image.version, image.firmware_id, version, firmware_id)

    @property
    def runs_file(self) -> bool:
        return self.firmware_id == self.file_id and self.file_version in (None, self.version)

    @property
    def text(self) -> Text:
        reported_ru = f"версия {self.version}, ID ПО {self.firmware_id}"
        reported_en = f"version {self.version}, firmware ID {self.firmware_id}"
        if self.runs_file and self.file_version is not None:
            return Text(f"УТМЦ работает с ПО из файла: {reported_ru}",
                        f"The UTMC runs the firmware from the file: {reported_en}")
        if self.runs_file:
            return Text(f"УТМЦ работает с ПО из файла (ID ПО {self.firmware_id}). В файле нет записи версии, "
                        f"поэтому УТМЦ по-прежнему сообщает версию {self.version}",
                        f"The UTMC runs the firmware from the file (firmware ID {self.firmware_id}). The file "
                        f"carries no version record, so the UTMC still reports version {self.version}")
        file_ru = f"версия {self.file_version}" if self.file_version is not None else "версии нет"
        file_en = f"version {self.file_version}" if self.file_version is not None else "no version"
        return Text(f"УТМЦ НЕ работает с ПО из файла: сообщает {reported_ru}, а в файле {file_ru}, "
                    f"ID ПО {self.file_id}. Обновление не применилось — повторите загрузку и «Обновить»",
                    f"The UTMC does NOT run the firmware from the file: it reports {reported_en}, the file has "
                    f"{file_en}, firmware ID {self.file_id}. The update did not take; upload and update again")


def firmware_file_text(image: FirmwareImage) -> Text:
    """What the file says about its version, shown before it is uploaded."""
    if image.version is not None:
        return Text(f"Файл прошивки: версия {image.version}", f"Firmware file: version {image.version}")
    return Text("Файл прошивки: версия не указана (нет записи «UTMCFW:»); после обновления УТМЦ будет "
                "сообщать прежнюю версию, проверить можно только по ID ПО",
                "Firmware file: no version given (no \"UTMCFW:\" record); after the update the UTMC keeps "
                "reporting its previous version, only the firmware ID can be checked")


async def list_files(client: UtmcClient, folder: str = "") -> list[FileEntry]:
    reply = await client.request(FileListRequest(path=folder))
    return [FileEntry(e.name, bool(e.is_dir), e.size) for e in reply.entries]


async def download_file(client: UtmcClient, path: str, destination: Path,
                        progress: ProgressCallback | None = None) -> DownloadResult:
    info = await client.request(FileInfoRequest(path=path))
    size, expected_crc = info.size, info.crc32
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    received, crc = 0, 0
    what = Text(f"Выгрузка {path}", f"Downloading {path}")
    with atomic_output(destination) as out:  # cancelled, failed or corrupt: no file is left behind

        def on_reply(index: int, reply: FileReadReply) -> None:
            nonlocal received, crc
            data = reply.data
            expected = min(FILE_CHUNK, size - index * FILE_CHUNK)
            if reply.offset != index * FILE_CHUNK or len(data) != expected:
                raise ProtocolError(Text(f"{path}: часть файла не с того места или не той длины",
                                         f"{path}: a file chunk at the wrong offset or of the wrong size"))
            out.write(data)
            crc = zlib.crc32(data, crc)
            received += len(data)
            if progress:
                progress(Progress(received, size, what))

        requests = [FileReadRequest(path=path, offset=offset, length=FILE_CHUNK)
                    for offset in range(0, size, FILE_CHUNK)]
        try:
            await client.pipeline(requests, on_reply, window=READ_WINDOW)
        except LinkError as error:
            raise TransferInterrupted(error, Text(f"Получено {received} из {size} байт {path}; файл не сохранён.",
                                                  f"Received {received} of {size} bytes of {path}; "
                                                  f"nothing saved.")) from error
        if crc != expected_crc:
            raise ProtocolError(Text(f"{path}: CRC32 {crc:08X} не совпала с {expected_crc:08X}; файл не сохранён",
                                     f"{path}: CRC32 {crc:08X} does not match {expected_crc:08X}; nothing saved"))
    return DownloadResult(path, destination, size, crc)


def read_firmware_file(hex_file: Path) -> FirmwareImage:
    try:
        data = Path(hex_file).read_bytes()
    except OSError as error:
        reason = os_error_reason(error)
        raise SettingsFileError(Text(f"Не открыть {hex_file}: {reason.ru}",
                                     f"Cannot open {hex_file}: {reason.en}")) from error
    return load_firmware(data, Path(hex_file).name)


async def upload_firmware(client: UtmcClient, hex_file: Path, password: int,
                          progress: ProgressCallback | None = None) -> UploadResult:
    """"Загрузить файл": check the .hex, then copy it to the SD card with a CRC32 check."""
    # SettingsFileError here: nothing was sent. Parsed by a thread: a large image takes longer than a
    # window's event loop may wait
    image = await asyncio.to_thread(read_firmware_file, hex_file)
    data = image.text
    remote = str(PurePosixPath(UPLOAD_FOLDER) / Path(hex_file).name)
    crc = zlib.crc32(data)
    await client.request(FileWriteBeginRequest(password=password, path=remote, size=len(data), crc32=crc))
    confirmed = 0
    what = Text(f"Загрузка {remote}", f"Uploading {remote}")

    def on_reply(_index: int, reply: FileWriteDataReply) -> None:
        nonlocal confirmed
        confirmed = reply.received
        if progress:
            progress(Progress(confirmed, len(data), what))

    requests = [FileWriteDataRequest(offset=o, data=data[o : o + FILE_CHUNK]) for o in range(0, len(data), FILE_CHUNK)]
    try:
        await client.pipeline(requests, on_reply, window=2)
        done = await client.request(FileWriteEndRequest())
    except LinkError as error:
        raise TransferInterrupted(error, Text(
            f"Загружено (подтверждено) {confirmed} из {len(data)} байт {remote}; файл на SD-карте неполный, "
            "ПО не обновлялось.",
            f"Uploaded (confirmed) {confirmed} of {len(data)} bytes of {remote}; the file on the SD card is "
            "incomplete, the firmware was not updated.")) from error
    if done.size != len(data) or done.crc32 != crc:
        raise ProtocolError(Text(f"УТМЦ приняло {done.size} байт с CRC32 {done.crc32:08X} вместо {crc:08X}",
                                 f"The UTMC took {done.size} bytes with CRC32 {done.crc32:08X} instead of {crc:08X}"))
    return UploadResult(remote, len(data), crc, image)


async def update_firmware(client: UtmcClient, uploaded: UploadResult, password: int) -> str:
    """"Обновить": the device checks the file, answers with the new firmware ID and restarts (1–2 min)."""
    reply = await client.request(FirmwareUpdateRequest(password=password, path=uploaded.remote_path))
    return reply.firmware_id  # never repeated (the codec's rule): the device may be restarting already

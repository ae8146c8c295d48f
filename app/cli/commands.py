"""The commands, as a light table: name, the module that implements it, and its one-line help.

Listing the commands (``main.py --help``) needs only this table; a command's module — with the
protocols, links and libraries it uses — is imported when that command is run or its help is
asked for. Each module has ``PARSERS = {name: build}``, ``build(prog, help) -> Parser`` making the
command's parser with ``func(args, out) -> exit code`` as its default.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # under app.cli
    help: str


COMMANDS = {command.name: command for command in (
    Command("configure", "cmd_module",
            "transfer a configuration to a communication module (TCP/IP, serial, CENC, direct channel)"),
    Command("status", "cmd_module",
            "read a communication module's status (status, extended, IMEI, IP, IPv6, ICCID)"),
    Command("read-settings", "cmd_read_settings",
            "read a communication module's settings (TCP/IP, serial, CENC, direct channel)"),
    Command("params", "cmd_params", "list the module parameters (catalogue) of a module type"),
    Command("sms-text", "cmd_params", "print the text SMS commands that configure a module"),
    Command("decode-lcd", "cmd_decode",
            "decode the module status digits shown on the meter's LCD (NB-IoT manual Table 5, GSM manual Table 6)"),
    Command("decode-version", "cmd_decode",
            "split a module version string into core, firmware, platform id and module type"),
    Command("sms-send", "cmd_sms", "configure modules by SMS through a GSM modem (many phones at once)"),
    Command("sms-query", "cmd_sms",
            "ask modules for their settings by SMS (the manual's query commands)"),
    Command("sim-write", "cmd_sim", "Master SIM: store the configuration SMS on the modem's SIM"),
    Command("sim-read", "cmd_sim", "Master SIM: show the configuration SMS stored on the modem's SIM"),
    Command("sim-clear", "cmd_sim", "Master SIM: delete the configuration SMS from the modem's SIM"),
    Command("modem-detect", "cmd_sim", "find GSM modems on the serial ports"),
    Command("modem-storage", "cmd_sim", "list or clear the modem's SMS storage"),
    Command("utmc-info", "cmd_utmc", "UTMC-700: serial number, firmware version and ID"),
    Command("utmc-read", "cmd_utmc", "UTMC-700: read parameters"),
    Command("utmc-write", "cmd_utmc", "UTMC-700: write parameters KEY=VALUE"),
    Command("utmc-poll", "cmd_utmc", "UTMC-700: poll all devices or one"),
    Command("utmc-transfer", "cmd_utmc", "UTMC-700: unscheduled transfer to the server"),
    Command("utmc-search", "cmd_utmc", "UTMC-700: search on Ethernet (UDP)"),
    Command("utmc-devices", "cmd_utmc_devices", "UTMC-700: device table read/write/import/export"),
    Command("utmc-files", "cmd_utmc_files", "UTMC-700: list SD card files"),
    Command("utmc-get-file", "cmd_utmc_files", "UTMC-700: download a journal file (YYYY/MM/DD/hh.dat)"),
    Command("utmc-update", "cmd_utmc_files", "UTMC-700: upload a firmware .hex and update"),
    Command("simulate", "cmd_simulate", "run a simulated device (module, modem, cenc, meter, utmc)"),
)}  # fmt: skip

"""The PC's GSM modem for the SMS and Master SIM commands: opened from the modem options, and the
SMS texts a configuration needs (from ``--config``/``--set``, checked before the modem is opened)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.cli.module_values import module_values
from app.cli.options import channel_from_args
from app.cli.output import Output
from app.core.channels import SerialChannel
from app.core.links.at_modem import AtModem
from app.core.links.serial_port import SerialLink
from protocols.errors import ValidationError
from protocols.module_types import ModuleType
from protocols.sms_commands import plan_sms_texts
from protocols.text import Text

R = TypeVar("R")


async def with_modem(args: argparse.Namespace, work: Callable[[AtModem], Awaitable[R]]) -> R:
    """Open and initialise the modem ``--port`` names, run ``work``, close the modem."""
    channel = channel_from_args(args)
    assert isinstance(channel, SerialChannel)  # the modem options describe only a serial port
    modem = AtModem(SerialLink(channel.port, channel.baud), timeout=channel.reply_timeout)
    await modem.open()
    try:
        await modem.initialize()
        return await work(modem)
    finally:
        await modem.close()


def configuration_texts(args: argparse.Namespace, out: Output) -> list[str]:
    """The SMS texts to send for ``--module`` with ``--config``/``--set``; warnings on stderr."""
    module = ModuleType.from_id(args.module)
    found = module_values(module, args)
    plan = plan_sms_texts(module, found.values, args.password, only=set(found.keys), firmware=args.firmware,
                          given=found.given)
    out.problems(found.warnings)
    for warning in plan.warnings:
        out.warn(warning)
    if not plan.texts:
        raise ValidationError([Text("Нечего отправлять: модуль с этой версией ВПО не знает ни одной из команд",
                                    "Nothing to send: the module's firmware has none of these commands")])
    return plan.texts

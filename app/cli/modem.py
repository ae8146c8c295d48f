"""The PC's GSM modem for the SMS and Master SIM commands: opened from the modem options and checked
(SIM and PIN; a batch checks network, signal and SMS centre too), and the SMS texts a configuration
needs (from ``--config``/``--set``, checked before the modem is opened)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from typing import TypeVar

from app.cli.modem_options import preflight_options
from app.cli.module_values import module_values
from app.cli.options import channel_from_args
from app.cli.output import Output
from app.core.links import open_modem
from app.core.links.at_modem import AtModem
from app.core.links.channels import SerialChannel
from app.core.modem_preflight import Purpose, prepare_modem
from protocols.errors import ConfiguratorError, LinkError, ValidationError
from protocols.params.delivery_methods import Method, unavailable_reason
from protocols.params.module_types import ModuleType
from protocols.sms.sms_commands import plan_sms_texts
from protocols.text import Text

R = TypeVar("R")


def modem_from_args(args: argparse.Namespace) -> AtModem:
    """The modem ``--port`` names (not opened yet)."""
    channel = channel_from_args(args)
    assert isinstance(channel, SerialChannel)  # the modem options describe only a serial port
    return open_modem(channel)


async def with_modem(args: argparse.Namespace, out: Output, work: Callable[[AtModem], Awaitable[R]]) -> R:
    """Open and check the modem (the SIM: Master SIM and storage need nothing more), run ``work``, close
    it. The checks go into the document's ``modem_checks``; a failed one stops here (a modem that cannot
    be opened or does not answer: "cannot connect")."""
    checks = preflight_options(args, out.lang)
    modem = modem_from_args(args)
    try:
        state = await prepare_modem(modem, Purpose.SIM, checks)
        out.set(modem_checks=state.record(out.lang))
        if state.stop is not None:
            raise (LinkError if state.unreachable else ConfiguratorError)(state.stop)
        return await work(modem)
    finally:
        await modem.close()


def refuse_unavailable(method: Method, command: str, args: argparse.Namespace) -> None:
    """Refuse, before any port is opened, a module that does not offer ``method`` — the table the GUI and
    ``configure`` use (NB-IoT manual §7.4: no SMS through a GSM modem)."""
    module = ModuleType.from_id(args.module)
    why = unavailable_reason(method, module, args.firmware)
    if why is not None:
        raise ValidationError([Text(f"{command} отклонён: «{module.label.ru}»: {why.ru}",
                                    f"{command} refused: {module.label.en}: {why.en}")])


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

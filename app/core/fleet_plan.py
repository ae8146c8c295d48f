"""From a device list and the run's settings to one job per device: how to reach it, with which password.

    jobs = plan_jobs(devices, FleetOptions(via=Delivery.CENC, cenc_host=…, …))

A row says how to reach its device as far as it knows (its delivery, address, CENC serial, phone,
password, module type); what it leaves empty comes from the run's settings — the command line's
channel options or the window's fields. Every row that still cannot be run is reported at once, with
its row number, and nothing runs (the list's all-or-nothing rule carried over to the run).

Each job names two keys the scheduler (app/core/fleet_run.py) uses: ``server`` — the CENC server or
the host it talks to, so the sessions to one server are bounded — and ``target`` — the module
itself: two rows that reach the same module (ceHes lists may put several meters behind one channel)
never talk to it at the same time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.channel_waits import target_of
from app.core.links.channels import DEFAULT_CENC_PORT, DEFAULT_REPLY_TIMEOUT, CencChannel, TcpChannel
from protocols.errors import ValidationError
from protocols.fleet.fleet_devices import DEFAULT_TCP_PORT, Delivery, FleetDevice, split_server
from protocols.params.catalogue import DEFAULT_ADMIN_PASSWORD
from protocols.params.delivery_methods import Method, unavailable_reason
from protocols.params.module_types import ModuleType
from protocols.text import Text


@dataclass(frozen=True)
class FleetOptions:
    """The run's settings for what the rows leave empty."""

    via: Delivery | None = None
    cenc_host: str = ""
    cenc_port: int = DEFAULT_CENC_PORT
    cenc_user: str = ""
    cenc_password: str = ""
    password: str = DEFAULT_ADMIN_PASSWORD
    module: ModuleType | None = None  # the type of rows that give none (SMS needs one; links read it)
    timeout: float = DEFAULT_REPLY_TIMEOUT
    retries: int = 2


@dataclass(frozen=True)
class DeviceJob:
    device: FleetDevice
    delivery: Delivery
    channel: TcpChannel | CencChannel | None  # None for SMS
    phone: str
    password: str
    module: ModuleType | None  # the list's (or the run's) type; None: read from the module
    server: str  # sessions to one server are bounded together
    target: str  # one session at a time per module

    @property
    def key(self) -> str:
        return self.device.key

    def describe(self) -> Text:
        if self.channel is not None:
            return self.channel.describe()
        return Text(f"SMS {self.phone}", f"SMS {self.phone}")


def plan_jobs(devices: Sequence[FleetDevice], options: FleetOptions) -> list[DeviceJob]:
    jobs: list[DeviceJob] = []
    problems: list[Text] = []
    for device in devices:
        job, found = _job(device, options)
        if job is None:
            problems += [Text(f"строка {device.row} ({device.serial}): {p.ru}", f"row {device.row} ({device.serial}): "
                              f"{p.en}") for p in found]
        else:
            jobs.append(job)
    if problems:
        raise ValidationError(problems)
    return jobs


def _job(device: FleetDevice, options: FleetOptions) -> tuple[DeviceJob | None, list[Text]]:
    delivery = device.delivery or options.via
    password = device.password or options.password
    module = device.module or options.module
    if delivery is None:
        return None, [Text("не указана доставка: ни в списке («Доставка»), ни для запуска (tcp, cenc или sms)",
                           "no delivery: neither in the list («Доставка») nor for the run (tcp, cenc or sms)")]
    if delivery is Delivery.TCP:
        if not device.host:
            return None, [Text("доставка tcp: в строке нет адреса модуля («Адрес»)",
                               "delivery tcp: the row has no module address («Адрес»)")]
        channel = TcpChannel(device.host, device.port or DEFAULT_TCP_PORT, options.timeout)
        return DeviceJob(device, delivery, channel, "", password, module, f"tcp:{device.host}",
                         target_of(channel)), []
    if delivery is Delivery.CENC:
        host, port = options.cenc_host, options.cenc_port
        if device.cenc_server:
            host, row_port = split_server(device.cenc_server)  # checked when the list was read
            port = row_port or DEFAULT_CENC_PORT
        problems = []
        if not host:
            problems.append(Text("доставка cenc: не указан сервер CENC (ни в строке, ни для запуска)",
                                 "delivery cenc: no CENC server (neither in the row nor for the run)"))
        if not options.cenc_user:
            problems.append(Text("доставка cenc: не указан пользователь сервера CENC",
                                 "delivery cenc: no CENC user"))
        if problems:
            return None, problems
        serial = None if device.system_address else (device.cenc_serial or device.serial)
        channel_cenc = CencChannel(host, options.cenc_user, options.cenc_password, port, serial,
                                   device.system_address or None, options.timeout)
        return DeviceJob(device, delivery, channel_cenc, "", password, module, f"cenc:{host}:{port}",
                         target_of(channel_cenc)), []
    if not device.phone:
        return None, [Text("доставка sms: в строке нет телефона («Телефон»)", "delivery sms: the row has no phone "
                           "(«Телефон»)")]
    if module is None:
        return None, [Text("доставка sms: тип модуля не указан (по SMS его не прочитать): столбец «Тип модуля» или "
                           "тип для запуска", "delivery sms: no module type (SMS cannot read it): the «Тип модуля» "
                           "column or the run's type")]
    why = unavailable_reason(Method.SMS, module, None)
    if why is not None:
        return None, [Text(f"доставка sms: «{module.label.ru}»: {why.ru}", f"delivery sms: {module.label.en}: "
                           f"{why.en}")]
    return DeviceJob(device, delivery, None, device.phone, password, module, "sms", f"sms:{device.phone}"), []

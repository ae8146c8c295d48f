"""Checking the PC's GSM modem before it is used, as a careful engineer does by hand.

Before the first SMS of a batch or of a settings query (``Purpose.SEND``):

1. the SIM (AT+CPIN?): ready; busy (``+CME ERROR: 14``, ``NOT READY``) → waited for; a PIN asked →
   the PIN the user gives is entered once (AT+CPIN="…"); a PUK asked → stop with the instruction;
2. the network (AT+CREG?, and AT+CEREG? for LTE modems; roaming is accepted): searching → waited
   for; denied → stop;
3. the signal (AT+CSQ): below the manuals' recommended level (−85 dBm GSM, −91 dBm LTE; GSM manual
   §7) → a warning, not a stop;
4. the SMS service centre (AT+CSCA?): none on the SIM → the number the user gave is set for this
   session (AT+CSCA, not saved to the SIM), else stop;
5. the storage replies arrive in (AT+CPMS?): full → a warning.

Before a Master SIM write, read or clear and the storage tab (``Purpose.SIM``): the SIM only.

The SIM and the network are waited for together, up to ``ModemWaits.limit`` seconds, with a
countdown each second through ``on_update``; ``stop`` ends the wait. The program never enters a
PIN twice on its own: a wrong PIN stops with the tries left (AT+CPINR, or Quectel's AT+QPINC or
Huawei's AT^CPIN where the modem knows them; else a warning that three wrong PINs block the SIM).
Time comes from ``ModemWaits.clock``/``sleep`` so tests run the waits on a fake clock.
"""

from __future__ import annotations

import asyncio
import enum
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from app.core.links.at_modem import AtModem
from app.core.modem_checks import CheckName, CheckState, ModemCheck, PreflightResult
from app.core.modem_wait_times import DEFAULT_WAITS, ModemWaits
from protocols.errors import ConfiguratorError, LinkError, ProtocolError
from protocols.modem.at_commands import AtError, find_info, parse_csq
from protocols.modem.at_network import (
    HARMLESS,
    NOT_READY,
    PIN_COMMAND_SHOWN,
    PIN_TRIES_QUERIES,
    READY,
    SIM_PIN,
    SIM_PUK,
    RegStat,
    csca_command,
    parse_cops,
    parse_cpin,
    parse_csca,
    parse_pin_tries,
    parse_registration,
    pin_command,
    pin_problem,
    recommended_dbm,
    smsc_problem,
    technology_name,
)
from protocols.text import Text


class Purpose(enum.Enum):
    SEND = "send"  # SMS batch, settings query: SIM, network, signal, SMS centre, storage
    SIM = "sim"  # Master SIM, SMS storage: the SIM only


def modem_waits(limit: float | None = None) -> ModemWaits:
    """:data:`DEFAULT_WAITS` with another limit."""
    base = DEFAULT_WAITS
    return base if limit is None else ModemWaits(limit, base.poll, base.retry_pauses, base.clock, base.sleep)


@dataclass(frozen=True)
class PinRequest:
    tries_left: int | None  # None: the modem does not say


PinSource = Callable[[PinRequest], Awaitable[str | None]]
"""Gives the PIN to enter (None: the user gave none). Asked at most once per check."""


@dataclass
class PreflightOptions:
    pin: PinSource | None = None
    smsc: str = ""  # service-centre number to set when the SIM holds none
    waits: ModemWaits = field(default_factory=lambda: DEFAULT_WAITS)
    on_update: Callable[[PreflightResult], None] | None = None
    pin_hint: Text | None = None  # how to give a PIN (appended when one is needed and none was given)
    smsc_hint: Text | None = None  # how to give a service-centre number


def wrong_pin_text(tries: int | None) -> Text:
    head = Text("Неверный PIN-код: SIM-карта его не приняла. ", "Wrong PIN: the SIM card did not accept it. ")
    if tries is None:
        left = Text("Модем не сообщает, сколько попыток осталось; после трёх неверных PIN-кодов подряд SIM-карта "
                    "блокируется (нужен PUK-код). ",
                    "The modem does not say how many tries are left; three wrong PINs in a row block the SIM card "
                    "(a PUK is then needed). ")
    elif tries == 1:
        left = Text("Осталась последняя попытка. ", "One try is left. ")
    else:
        left = Text(f"Осталось попыток: {tries}. ", f"Tries left: {tries}. ")
    tail = Text("Программа не вводит PIN-код повторно сама: проверьте PIN-код и запустите снова.",
                "The program does not enter a PIN again by itself: check the PIN and start again.")
    return Text(head.ru + left.ru + tail.ru, head.en + left.en + tail.en)


PUK_TEXT = Text(
    "SIM-карта заблокирована: нужен PUK-код. Программа PUK-код не вводит: вставьте SIM-карту в телефон, введите "
    "PUK-код из документов оператора и задайте новый PIN-код (или отключите запрос PIN-кода).",
    "The SIM card is blocked: a PUK is needed. The program does not enter PUKs: put the SIM card into a phone, "
    "enter the PUK from the operator's documents and set a new PIN (or switch the PIN request off).",
)

_SIM_ERRORS = {  # what AT+CPIN? answering an error means
    ("CME", 10): "ABSENT", ("CMS", 310): "ABSENT",
    ("CME", 11): SIM_PIN, ("CMS", 311): SIM_PIN,
    ("CME", 12): SIM_PUK, ("CMS", 316): SIM_PUK,
    ("CME", 14): NOT_READY, ("CMS", 314): NOT_READY,
}


_WAITING_ORDER = [RegStat.SEARCHING, RegStat.DENIED, RegStat.EMERGENCY_ONLY, RegStat.UNKNOWN,
                  RegStat.NOT_SEARCHING]


def _join(first: Text, second: Text | None) -> Text:
    return first if second is None else Text(f"{first.ru} {second.ru}", f"{first.en} {second.en}")


class _Preflight:
    def __init__(self, modem: AtModem, options: PreflightOptions, stop: asyncio.Event | None) -> None:
        self.modem, self.options, self.stop_event = modem, options, stop
        self.waits = options.waits
        self.result = PreflightResult()
        self.started = self.waits.clock()
        self.act: int | None = None  # the access technology the modem registered in
        self.ask_cereg = True

    # -- result ------------------------------------------------------------------------------
    def put(self, name: CheckName, state: CheckState, text: Text, seconds_left: int | None = None) -> None:
        self.result.put(ModemCheck(name, state, text, seconds_left))
        if self.options.on_update is not None:
            self.options.on_update(self.result)

    def fail(self, name: CheckName, text: Text, stop: Text) -> bool:
        self.result.stop = stop
        self.put(name, CheckState.FAILED, text)
        return False

    async def wait(self, name: CheckName, what: Text) -> bool:
        """One poll interval of the countdown for ``name``; False when the time is up or cancelled."""
        if self.stop_event is not None and self.stop_event.is_set():
            self.result.cancelled = True
            self.fail(name, Text(f"{what.ru} — ожидание отменено", f"{what.en} — waiting cancelled"),
                      Text("Проверка модема отменена", "The modem check was cancelled"))
            return False
        now = self.waits.clock()
        left = self.started + self.waits.limit - now
        self.result.waited = now - self.started
        if left <= 0:
            return False
        seconds = math.ceil(left)
        self.put(name, CheckState.WAITING, Text(f"{what.ru} — ждём, ещё {seconds} с",
                                                f"{what.en} — waiting, {seconds} s left"), seconds)
        await self.waits.sleep(min(self.waits.poll, left))
        self.result.waited = self.waits.clock() - self.started
        return True

    # -- 1. the SIM ------------------------------------------------------------------------------
    async def sim(self) -> bool:
        pin_entered = False
        while True:
            try:
                code = parse_cpin(find_info(await self.modem.command("AT+CPIN?"), "CPIN"))
            except AtError as error:
                found = _SIM_ERRORS.get((error.family, error.code))
                if found is None:
                    return self.fail(CheckName.SIM, error.text, Text(f"SIM-карта не готова: {error.text.ru}",
                                                                     f"The SIM card is not ready: {error.text.en}"))
                code = found
            if code == READY or code in HARMLESS:
                text = Text("готова, PIN-код принят", "ready, PIN accepted") if pin_entered else Text("готова",
                                                                                                       "ready")
                self.put(CheckName.SIM, CheckState.OK, text)
                return True
            if code == NOT_READY:
                if not await self.wait(CheckName.SIM, Text("занята (инициализация)", "busy (starting up)")):
                    return not self.result.cancelled and self.fail(
                        CheckName.SIM, Text("занята", "busy"),
                        Text(f"SIM-карта не стала готова за {self.waits.limit:g} с (занята): отключите и снова "
                             "подключите модем, проверьте SIM-карту",
                             f"The SIM card did not become ready within {self.waits.limit:g} s (busy): unplug "
                             "and plug the modem in again, check the SIM card"))
                continue
            if code == SIM_PIN and not pin_entered:
                if not await self.enter_pin():
                    return False
                pin_entered = self.result.pin_entered = True
                continue
            if code == SIM_PIN:  # asked again after a PIN it accepted: never tried a second time
                return self.fail(CheckName.SIM, Text("требуется PIN-код", "PIN required"), wrong_pin_text(None))
            if code == SIM_PUK:
                return self.fail(CheckName.SIM, Text("заблокирована, нужен PUK-код", "blocked, PUK needed"),
                                 PUK_TEXT)
            if code == "ABSENT":
                return self.fail(CheckName.SIM, Text("не вставлена", "not inserted"), Text(
                    "В модеме нет SIM-карты (или она не касается контактов): вставьте SIM-карту и переподключите "
                    "модем", "There is no SIM card in the modem (or it does not touch the contacts): insert the "
                    "SIM card and plug the modem in again"))
            return self.fail(CheckName.SIM, Text(f"модем требует код «{code}»", f"the modem asks for “{code}”"), Text(
                f"Модем требует код «{code}» — это блокировка модема, а не PIN-код SIM-карты: снимите её программой "
                "производителя модема",
                f"The modem asks for “{code}” — a lock of the modem, not the SIM card's PIN: remove it with the "
                "modem maker's software"))

    async def pin_tries(self) -> int | None:
        for command in PIN_TRIES_QUERIES:
            try:
                tries = parse_pin_tries(command, await self.modem.command(command))
            except (AtError, ProtocolError):
                continue
            if tries is not None:
                return tries
        return None

    async def enter_pin(self) -> bool:
        tries = await self.pin_tries()
        need = Text("требуется PIN-код", "PIN required")
        if tries is not None:
            need = Text(f"{need.ru} (осталось попыток: {tries})", f"{need.en} (tries left: {tries})")
        if tries == 0:
            return self.fail(CheckName.SIM, Text("заблокирована, нужен PUK-код", "blocked, PUK needed"), PUK_TEXT)
        self.put(CheckName.SIM, CheckState.WAITING, need)
        pin = await self.options.pin(PinRequest(tries)) if self.options.pin is not None else None
        if not pin:
            return self.fail(CheckName.SIM, need, _join(Text("SIM-карта требует PIN-код, а он не введён.",
                                                             "The SIM card asks for a PIN and none was given."),
                                                        self.options.pin_hint))
        problem = pin_problem(pin)
        if problem is not None:
            return self.fail(CheckName.SIM, need, Text(f"{problem.ru}: PIN-код не отправлен в модем",
                                                       f"{problem.en}: the PIN was not sent to the modem"))
        try:
            await self.modem.command(pin_command(pin), timeout=max(self.modem.timeout, 10.0), logged=PIN_COMMAND_SHOWN)
        except AtError:
            self.result.pin_rejected = True
            left = await self.pin_tries()
            if left == 0:
                return self.fail(CheckName.SIM, Text("заблокирована, нужен PUK-код", "blocked, PUK needed"),
                                 PUK_TEXT)
            return self.fail(CheckName.SIM, Text("неверный PIN-код", "wrong PIN"), wrong_pin_text(left))
        return True

    # -- 2. the network --------------------------------------------------------------------------
    async def registration(self, command: str, name: str) -> RegStat | None:
        try:
            found = parse_registration(find_info(await self.modem.command(command), name), name)
        except (AtError, ProtocolError):
            return None
        if found.act is not None:
            self.act = found.act
        return found.stat

    async def network(self) -> bool:
        while True:
            states = [await self.registration("AT+CREG?", "CREG")]
            if self.ask_cereg:  # LTE modems: circuit-switched registration may stay 0 while LTE is up
                states.append(await self.registration("AT+CEREG?", "CEREG"))
                self.ask_cereg = states[-1] is not None
            known = [s for s in states if s is not None]
            if not known:
                self.put(CheckName.NETWORK, CheckState.UNKNOWN, Text("модем не сообщает регистрацию",
                                                                     "the modem does not report registration"))
                return True
            registered = next((s for s in known if s.registered), None)
            if registered is not None:
                self.put(CheckName.NETWORK, CheckState.OK, await self.registered_text(registered))
                return True
            if all(s is RegStat.DENIED for s in known):
                return self.fail(CheckName.NETWORK, RegStat.DENIED.label, Text(
                    "Сеть отказала модему в регистрации: SIM-карта не активирована, заблокирована оператором или "
                    "без услуги связи", "The network denied the modem's registration: the SIM card is not "
                    "activated, is barred by the operator or has no service"))
            state = min(known, key=_WAITING_ORDER.index).label  # the most telling of the two
            if not await self.wait(CheckName.NETWORK, state):
                return not self.result.cancelled and self.fail(CheckName.NETWORK, state, Text(
                    f"Модем не зарегистрировался в сети за {self.waits.limit:g} с ({state.ru}): проверьте антенну "
                    "модема, покрытие сети и что SIM-карта активна",
                    f"The modem did not register in the network within {self.waits.limit:g} s ({state.en}): "
                    "check the modem's antenna, the coverage and that the SIM card is active"))

    async def registered_text(self, stat: RegStat) -> Text:
        parts = [stat.label]
        try:
            operator = parse_cops(find_info(await self.modem.command("AT+COPS?"), "COPS"))
            if operator.act is not None:
                self.act = operator.act
            if operator.name:
                parts.append(Text(operator.name, operator.name))
        except (AtError, ProtocolError):
            pass
        tech = technology_name(self.act)
        if tech:
            parts.append(Text(tech, tech))
        first, rest = parts[0], parts[1:]
        return Text(", ".join([f"зарегистрирован ({first.ru})", *(p.ru for p in rest)]),
                    ", ".join([f"registered ({first.en})", *(p.en for p in rest)]))

    # -- 3. the signal -----------------------------------------------------------------------------
    async def signal(self) -> None:
        try:
            quality = parse_csq(find_info(await self.modem.command("AT+CSQ"), "CSQ"))
        except (AtError, ProtocolError):
            self.put(CheckName.SIGNAL, CheckState.UNKNOWN, Text("модем не сообщает уровень",
                                                                "the modem does not report the level"))
            return
        dbm = quality.dbm
        if dbm is None:
            self.put(CheckName.SIGNAL, CheckState.WARNING, Text("уровень не определён (AT+CSQ: 99)",
                                                                "level not known (AT+CSQ: 99)"))
            return
        need = recommended_dbm(self.act)
        if dbm < need:
            tech = technology_name(self.act) or "GSM"
            self.put(CheckName.SIGNAL, CheckState.WARNING, Text(
                f"{dbm} дБм — ниже рекомендуемого {need} дБм ({tech}): SMS могут не уходить, поднимите антенну "
                "модема или подключите выносную",
                f"{dbm} dBm — below the recommended {need} dBm ({tech}): SMS may fail, raise the modem's antenna "
                "or use an external one"))
        else:
            self.put(CheckName.SIGNAL, CheckState.OK, Text(f"{dbm} дБм", f"{dbm} dBm"))

    # -- 4. the service centre ---------------------------------------------------------------------
    async def smsc(self) -> bool:
        try:
            number = parse_csca(find_info(await self.modem.command("AT+CSCA?"), "CSCA"))
        except (AtError, ProtocolError):
            self.put(CheckName.SMSC, CheckState.UNKNOWN, Text("модем не сообщает номер", "the modem does not say"))
            return True
        if number:
            self.put(CheckName.SMSC, CheckState.OK, Text(number, number))
            return True
        missing = Text("на SIM-карте не задан", "none on the SIM card")
        given = self.options.smsc.strip()
        if not given:
            return self.fail(CheckName.SMSC, missing, _join(Text(
                "На SIM-карте не задан номер SMS-центра — без него модем не отправит SMS.",
                "The SIM card holds no SMS service-centre number — without it the modem cannot send SMS."),
                self.options.smsc_hint or Text("Укажите номер SMS-центра оператора.",
                                               "Give the operator's service-centre number.")))
        problem = smsc_problem(given)
        if problem is not None:
            return self.fail(CheckName.SMSC, missing, problem)
        try:
            await self.modem.command(csca_command(given))
        except AtError as error:
            return self.fail(CheckName.SMSC, missing, Text(f"Модем не принял номер SMS-центра {given}: {error.text.ru}",
                                                           f"The modem refused the service-centre number {given}: "
                                                           f"{error.text.en}"))
        self.result.smsc_set = given
        self.put(CheckName.SMSC, CheckState.OK, Text(f"{given} (задан на этот сеанс, на SIM не записан)",
                                                     f"{given} (set for this session, not written to the SIM)"))
        return True

    # -- 5. the storage replies arrive in ------------------------------------------------------------
    async def storage(self) -> None:
        try:
            usage = await self.modem.storage_usage()
        except (AtError, ProtocolError):
            usage = []
        if not usage:
            self.put(CheckName.STORAGE, CheckState.UNKNOWN, Text("модем не сообщает", "the modem does not say"))
            return
        receive = usage[2] if len(usage) >= 3 else usage[0]
        name = receive.storage or "?"
        if receive.free == 0:
            self.put(CheckName.STORAGE, CheckState.WARNING, Text(
                f"{name} заполнена ({receive.used} из {receive.total}): ответы модулей не поступят — очистите "
                "хранилище (вкладка «Дополнительно»)",
                f"{name} is full ({receive.used} of {receive.total}): replies cannot arrive — clear the storage "
                "(Additional tab)"))
        else:
            self.put(CheckName.STORAGE, CheckState.OK, Text(f"{name}: свободно {receive.free} из {receive.total}",
                                                            f"{name}: {receive.free} of {receive.total} free"))

    async def run(self, purpose: Purpose) -> PreflightResult:
        if not await self.sim():
            return self.result
        if purpose is Purpose.SEND:
            if not await self.network():
                return self.result
            await self.signal()
            if not await self.smsc():
                return self.result
            await self.storage()
        return self.result


async def check_modem(
    modem: AtModem, purpose: Purpose, options: PreflightOptions | None = None, *, stop: asyncio.Event | None = None,
) -> PreflightResult:
    """Run the checks of ``purpose`` on a started modem (:meth:`AtModem.start`); see the module docstring.
    A failed check ends the checks with ``result.stop``; a lost or silent modem raises LinkError."""
    return await _Preflight(modem, options or PreflightOptions(), stop).run(purpose)


async def prepare_modem(
    modem: AtModem, purpose: Purpose, options: PreflightOptions | None = None, *, stop: asyncio.Event | None = None,
) -> PreflightResult:
    """Open and start the modem, check it, and set it up for SMS (PDU mode, indications) when the checks
    pass. Never raises for the modem's state: a modem that cannot be opened, does not answer or fails a
    check gives ``result.stop``, the one sentence that says why nothing was sent."""
    checks = _Preflight(modem, options or PreflightOptions(), stop)
    try:
        await modem.open()
        await modem.start()
        result = await checks.run(purpose)
        if result.ok:
            await modem.set_up_sms()
        return result
    except ConfiguratorError as error:
        checks.result.stop = _modem_failed(error)
        checks.result.unreachable = isinstance(error, LinkError)
        if checks.options.on_update is not None:
            checks.options.on_update(checks.result)
        return checks.result


def _modem_failed(error: ConfiguratorError) -> Text:
    if isinstance(error, LinkError):
        return Text(f"Модем недоступен: {error.text.ru}", f"The modem cannot be used: {error.text.en}")
    return Text(f"Модем не готов: {error.text.ru}", f"The modem is not ready: {error.text.en}")

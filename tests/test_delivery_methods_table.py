"""One table of delivery methods (protocols/params/delivery_methods.py) for the GUI, ``configure`` and the
SMS commands, holding what the manuals list: six methods for GSM modules (001 §6.4), five for
NB-IoT (000 §7.4: no «SMS сообщение через GSM модем»; «Мастер SIM» is there, «Доступно в любой
версии ВПО модуля связи»).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from protocols.params.delivery_methods import Method, available_methods
from protocols.params.module_types import ModuleType
from tests.simulator_process import run_main, simulator_process

ENV = {"QT_QPA_PLATFORM": "offscreen"}
NB_IOT_MANUAL = {Method.DIRECT, Method.TCP, Method.CENC, Method.MASTER_SIM, Method.SMS_TEXT}


@pytest.mark.parametrize("module", list(ModuleType))
def test_the_table_holds_the_manuals_lists(module: ModuleType) -> None:
    offered = {method for method, available, _why in available_methods(module, None) if available}
    assert offered == (NB_IOT_MANUAL if module.is_nb_iot else set(Method))


def test_nb_iot_firmware_up_to_2_6_has_no_tcp_nor_cenc() -> None:
    offered = {method for method, available, _why in available_methods(ModuleType.NB_IOT, (2, 6)) if available}
    assert offered == NB_IOT_MANUAL - {Method.TCP, Method.CENC}


@pytest.fixture
def modem() -> Iterator[dict]:
    with simulator_process("modem", "--meters", "1", "--reply-delay", "0.05", "--submit-time", "0.01",
                           env=ENV) as endpoints:
        yield endpoints


def test_sms_send_refuses_nb_iot_before_the_modem_is_touched_and_master_sim_follows_the_table(modem: dict) -> None:
    port = modem.get("serial") or f"socket://{modem['tcp']}"
    send = run_main("--lang", "en", "sms-send", "--module", "nb-iot", "--port", port, "--phone", "+79000000000",
                    "--set", "apn=nb.apn", "--wait", "1", timeout=60, env=ENV)
    assert send.returncode == 2 and send.stdout == ""
    assert send.stderr.strip() == ("error: sms-send refused: NB-IoT: NB-IoT modules are not configured by SMS "
                                   "through a GSM modem (NB-IoT manual §7.4)")
    ru = run_main("sms-send", "--module", "nb-iot-2", "--port", port, "--phone", "+79000000000", "--set",
                  "apn=nb.apn", timeout=60, env=ENV)
    assert ru.returncode == 2 and "не настраиваются SMS через GSM-модем" in ru.stderr
    master = run_main("--lang", "en", "sim-write", "--module", "nb-iot", "--port", port, "--set", "apn=nb.apn",
                      timeout=60, env=ENV)
    assert master.returncode == 0 and "SMS written to the SIM: 1, verified" in master.stdout, master.stderr

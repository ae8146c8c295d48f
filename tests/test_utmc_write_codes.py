"""A parameter the UTMC-700 refuses keeps the device's own status code beside the words (utmc-write --json "code")."""

from __future__ import annotations

from app.core.utmc_ops import UtmcService
from protocols.utmc import utmc_messages as m
from protocols.utmc.utmc_frames import ErrorCode
from protocols.utmc.utmc_params import parameter
from simulators.utmc import VirtualUtmc
from tests.test_utmc_device_read import serve

REFUSED = parameter("poll_period").code


class RefusingPollPeriod(VirtualUtmc):
    """Refuses the poll period as a bad value and writes everything else."""

    def _write(self, item: m.ParamValue) -> int:
        return ErrorCode.BAD_VALUE if item.code == REFUSED else super()._write(item)


async def test_a_refused_parameter_keeps_the_devices_code() -> None:
    utmc = RefusingPollPeriod()
    async with serve(utmc) as link:
        service = UtmcService(link)
        await service.identify()
        result = await service.write_parameters({"poll_period": 5, "time_zone": 4})
    assert result.applied == ["time_zone"] and set(result.failed) == {"poll_period"}
    assert result.codes == {"poll_period": ErrorCode.BAD_VALUE}
    assert utmc.values["time_zone"] == 4

"""The snowduck emulator with two fixes, run by snowflake_server.py with snowduck's own Python
(its virtualenv, `make snowduck`): `python snowduck_patched.py --host H --port P`.

1. Exact timestamp fractions. snowduck 0.3.0 sends a timestamp's sub-second part as
   `subsecond(ts) * 1e9` cast to int32; subsecond is a float, so a fraction such as .521113 s
   gives 521113000.0000001, which the safe cast refuses (ArrowInvalid). Whether a result fails
   depends on the wall clock's microseconds (retrain_gate_decisions.decided_at): one read in a
   few hundred. Here the fraction is computed in integers, from the timestamp's own unit.
2. A query that fails in the emulator is answered as Snowflake answers a failed query (HTTP 200,
   success false, the error's text), not HTTP 500. The Snowflake connector retries every 5xx
   until its network timeout, which is infinite by default: fix 1's error hung the whole test
   module (CI ran out of time twice) instead of failing with a message.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import uvicorn
from snowduck.server import arrow
from snowduck.server.connector_api import handlers
from snowduck.server.server import create_app
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

_UNITS_PER_SECOND = {"s": 1, "ms": 1_000, "us": 1_000_000, "ns": 1_000_000_000}
_logger = logging.getLogger("snowduck_patched")


def timestamp_to_sf_struct(ts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """snowduck's (epoch seconds, fraction in ns[, timezone]) struct, the fraction exact."""
    if isinstance(ts, pa.ChunkedArray):
        ts = ts.combine_chunks()
    if ts.type.tz and ts.type.tz != "UTC":
        raise ValueError(f"Unsupported timezone: {ts.type.tz}. Only UTC is supported.")
    per_second = _UNITS_PER_SECOND[ts.type.unit]
    ticks = ts.cast(pa.int64())
    epoch = pc.divide(ticks, per_second)  # integer division, toward zero
    remainder = pc.subtract(ticks, pc.multiply(epoch, per_second))
    # before 1970 the seconds round down and the fraction stays in [0, 1 s), as Snowflake's
    before = pc.less(remainder, 0)
    epoch = pc.if_else(before, pc.subtract(epoch, 1), epoch)
    remainder = pc.if_else(before, pc.add(remainder, per_second), remainder)
    fraction = pc.multiply(remainder, 1_000_000_000 // per_second).cast(pa.int32())
    arrays = [epoch, fraction]
    fields = [
        pa.field("epoch", pa.int64(), nullable=False),
        pa.field("fraction", pa.int32(), nullable=False),
    ]
    if ts.type.tz:
        arrays.append(pa.array([1440] * len(ts), type=pa.int32()))
        fields.append(pa.field("timezone", pa.int32(), nullable=False))
    return pa.StructArray.from_arrays(arrays, fields=fields)


_query_request = handlers.query_request


async def query_request(request: Request) -> Response:
    try:
        return await _query_request(request)
    except Exception as error:
        _logger.exception("query failed in the emulator")
        return JSONResponse(
            {
                "data": {"errorCode": "261000", "sqlState": "42000"},
                "code": "261000",
                "message": f"emulator error: {type(error).__name__}: {error}",
                "success": False,
            }
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    arrow.timestamp_to_sf_struct = timestamp_to_sf_struct
    handlers.query_request = query_request  # the routes read it when create_app builds them
    application: Any = create_app()
    uvicorn.run(application, host=args.host, port=args.port)


if __name__ == "__main__":
    main()

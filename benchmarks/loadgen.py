"""A paced load generator run as its own process: the workshop's producer sending readings at a fixed rate.

    python -m benchmarks.loadgen --topic T --rate 5000 --seconds 60 [--stamp]

With --stamp every reading carries `seq` (0, 1, ...) and `sent_at` (epoch seconds, just before send), so the
latency benchmark can see when each one reached MongoDB. Prints `ready` once connected, then one JSON line.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import time

from workshop import readings, sensors

TICK = 0.005
"""Seconds between pacing checks; each tick sends whatever is due."""


def payloads(count: int, sensor_count: int = 10) -> list[tuple[bytes, bytes]]:
    """`count` pre-encoded (key, value) readings to cycle through."""
    sim = readings.Simulator(sensors=sensor_count, seed=7)
    return [(r["sensor_id"].encode(), readings.encode(r)) for r in sim.readings(count)]


def run(topic: str, rate: float, seconds: float, stamp: bool) -> dict:
    """Send at `rate` readings/s for `seconds`; return counts and the achieved rate."""
    producer = sensors.producer(client_id="workshop-bench-load")
    errors: list[str] = []
    pool = itertools.cycle(payloads(5_000))
    sim = readings.Simulator(sensors=10, seed=7, clock=time.time)
    total = int(rate * seconds)
    sent = 0
    print("ready", flush=True)
    started = time.monotonic()
    while sent < total:
        due = min(total, int(rate * (time.monotonic() - started)) + 1)
        while sent < due:
            if stamp:
                reading = sim.reading(sent)
                reading["seq"] = sent
                reading["sent_at"] = time.time()
                key, value = reading["sensor_id"].encode(), readings.encode(reading)
            else:
                key, value = next(pool)
            producer.send(topic, key=key, value=value).add_errback(lambda exc: errors.append(str(exc)))
            sent += 1
        time.sleep(TICK)
    sending = time.monotonic() - started
    producer.flush()
    producer.close()
    return {"sent": sent, "errors": len(errors), "first_error": errors[0] if errors else None,
            "send_seconds": round(sending, 3), "achieved_rate": round(sent / sending, 1) if sending else None}


def main(argv: list[str] | None = None) -> int:
    """Command line of the load generator."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--stamp", action="store_true", help="add seq and sent_at to each reading")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.topic, args.rate, args.seconds, args.stamp)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark (each in its own process, one after the other) and print one summary
table: target, measured, PASS/MISS.

    .venv/bin/python -m benchmarks.run_all [--quick]

``--quick`` shrinks every run (for a smoke test; the figures are then rough).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the `benchmarks` package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import _harness as h

SCRIPTS: dict[str, tuple[list[str], list[str]]] = {
    # name: (default arguments, --quick arguments)
    "bench_calls": ([], ["--requests", "1000", "--rounds", "1"]),
    "bench_sinch_list": ([], ["--rounds", "2"]),
    "bench_bulk": ([], ["--rows", "20000", "--rounds", "1", "--csv-rows", "100000"]),
    "bench_faults": ([], ["--rows", "20000"]),
}
TIMEOUT = 600.0  # per script, whatever happens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    results: list[h.Result] = []
    env = dict(os.environ, PYTHONPATH=str(h.ROOT))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        for name, (default, quick) in SCRIPTS.items():
            out = os.path.join(tmp, f"{name}.json")
            extra = quick if args.quick else default
            print(f"\n######## {name} {' '.join(extra)}", flush=True)
            started = time.perf_counter()
            try:
                done = subprocess.run(
                    [sys.executable, "-m", f"benchmarks.{name}", *extra, "--json", out],
                    cwd=h.ROOT, env=env, timeout=TIMEOUT, check=False,
                )
                failed = done.returncode != 0
            except subprocess.TimeoutExpired:
                failed = True
            print(f"######## {name}: {time.perf_counter() - started:.0f} s", flush=True)
            if failed or not os.path.exists(out):
                results.append(h.Result(name, "runs", float("nan"), "{}", False, "failed"))
            else:
                results.extend(h.load_results(out))
    print(f"\n================ summary ({date.today().isoformat()}, {os.cpu_count()} CPUs)")
    h.print_results(results)
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The one timing helper the benchmark scripts share (run them as `python benchmarks/X.py`)."""

from __future__ import annotations

import statistics
import time


def median_ms(fn, repeats: int, *, warmup: bool = False) -> tuple[float, float]:
    """Median wall time and median CPU time of ``repeats`` calls of ``fn``, in milliseconds.

    The CPU time of this process is what the work costs; the wall time also counts
    waiting for the two shared cores, so it is the one that moves when other jobs run.
    ``warmup`` makes one untimed call first (imports and caches are not what we measure).
    """
    if warmup:
        fn()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)

"""Where a build's tasks run: here, in a pool of local processes, or on a Dask cluster.

Each runner maps a task function over its jobs and yields the results in the order of the
jobs, with only a few jobs in flight at a time, so that the caller writes each result as it
comes and holds no more than a few places in memory. The tasks (``tasks``) are the same
functions everywhere, so every runner gives the same database.

Dask (``distributed``) is optional (``pip install 'plandrift[cluster]'``) and imported only
by ``cluster``.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from plandrift.corpus.errors import BadInput

J = TypeVar("J")
R = TypeVar("R")


class Runner(Protocol):
    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        """``fn`` over ``jobs``, results in the order of the jobs."""
        ...


class Inline:
    """Every task in this process, one after the other."""

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        return map(fn, jobs)


def _ordered(submit: Callable[[J], Future[R]], jobs: Iterable[J], width: int) -> Iterator[R]:
    """Submit jobs, at most ``width`` in flight, and yield their results in order."""
    waiting: deque[Future[R]] = deque()
    for job in jobs:
        waiting.append(submit(job))
        if len(waiting) >= width:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


class Pool:
    """Tasks in ``workers`` local processes."""

    def __init__(self, executor: ProcessPoolExecutor, workers: int) -> None:
        self.executor, self.workers = executor, workers

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        return _ordered(lambda job: self.executor.submit(fn, job), jobs, 2 * self.workers)


class Cluster:
    """Tasks on the workers of a Dask cluster, through a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.width = 2 * max(1, sum(client.nthreads().values()))

    def map(self, fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
        def submit(job: J) -> Future[R]:
            # A job (a place's texts) goes straight to a worker, not through the scheduler.
            [data] = self.client.scatter([job], hash=False)
            return self.client.submit(fn, data, pure=False)

        return _ordered(submit, jobs, self.width)


@contextmanager
def local(workers: int | None) -> Iterator[Runner]:
    """This process alone (``workers`` None or 1), or a pool of local processes."""
    if not workers or workers == 1:
        yield Inline()
        return
    if workers < 0:
        workers = os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as executor:
        yield Pool(executor, workers)


@contextmanager
def cluster(address: str, timeout: str = "30s") -> Iterator[Runner]:
    """The Dask cluster whose scheduler is at ``address`` (``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise BadInput(
            "--scheduler needs Dask's distributed package; "
            "install it with `pip install 'plandrift[cluster]'`"
        ) from exc
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BadInput(
            f"cannot reach a Dask scheduler at {address} ({exc}); "
            "check the address (tcp://host:8786) and that the scheduler runs"
        ) from exc
    try:
        if not client.nthreads():
            client.wait_for_workers(1, timeout=60)
        yield Cluster(client)
    finally:
        client.close()

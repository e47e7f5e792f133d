"""Run one job per file in several processes: this one and forked workers, sharing one queue.

``-j N`` means N processes read files, this one among them: on two cores, this process and one
worker. Each process takes the next file from a counter in shared memory, so all finish together
whatever the files' sizes, and the files this process reads are never sent anywhere. A worker
sends each result back as soon as it has it, into a pipe widened to hold about forty; this process
takes them between its own files (a receiving thread cost more: it took the CPU from the worker).
Results come back in the files' order.

Workers are forked after the set-up (the fact base, jieba's dictionary), so they share it. Where
fork is not available the caller runs the files one by one instead (see :func:`available`).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from .errors import QzError

_TASK: Optional[tuple] = None  # what a forked worker runs: (work, n, counter)


def available() -> bool:
    import multiprocessing  # here, not at the top: a run of one process never needs it (5 ms)

    return "fork" in multiprocessing.get_all_start_methods() \
        and multiprocessing.get_start_method(allow_none=True) in (None, "fork")


def _widen(conn) -> None:
    """Let a pipe hold about forty results (1 MB, Linux), so that a worker never waits for this
    process to finish a file of its own before it can send the next result."""
    try:
        import fcntl
    except ImportError:
        return
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if setsize is None:
        return
    try:
        fcntl.fcntl(conn.fileno(), setsize, 1 << 20)
    except OSError:
        pass  # above the system's limit: the default size works, more slowly


def _take(counter, n: int) -> Optional[int]:
    """The index of the next file nobody has taken, or None when all are taken."""
    with counter.get_lock():
        i = counter.value
        if i >= n:
            return None
        counter.value = i + 1
    return i


def _stop(counter, n: int) -> None:
    """After an error no process takes another file; every earlier file was taken already."""
    with counter.get_lock():
        counter.value = n


def _worker(conn) -> None:
    work, n, counter = _TASK
    try:
        while (i := _take(counter, n)) is not None:
            try:
                result = work(i)
            except Exception as e:  # the first error in the files' order is raised in the parent
                _stop(counter, n)
                _send_error(conn, i, e)
                return
            conn.send((i, True, result))
    finally:
        try:
            conn.send(None)  # done
        finally:
            conn.close()


def _send_error(conn, i: int, e: Exception) -> None:
    try:
        conn.send((i, False, e))
    except Exception:  # an exception that does not pickle is sent as its message
        conn.send((i, False, QzError(f"{type(e).__name__}: {e}")))


def run(work_here: Callable[[int], Any], work_there: Callable[[int], Any], n: int, jobs: int,
        progress: Optional[Callable[[int, int], None]] = None) -> list:
    """Results of files 0..n-1: ``work_here(i)`` when this process takes file i, ``work_there(i)``
    in a worker (what it returns is pickled back). An exception in any process stops that process;
    the one of the earliest file is raised once the others have finished what they were doing."""
    import multiprocessing

    global _TASK
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    results: list = [None] * n
    errors: dict[int, BaseException] = {}
    received = [0]
    _TASK = (work_there, n, counter)
    procs, conns = [], []
    try:
        for _ in range(jobs - 1):
            recv_end, send_end = ctx.Pipe(duplex=False)
            _widen(send_end)
            p = ctx.Process(target=_worker, args=(send_end,), daemon=True)
            p.start()
            send_end.close()
            procs.append(p)
            conns.append(recv_end)
    finally:
        _TASK = None

    open_conns = list(conns)

    def receive(block: bool) -> None:
        """Take what the workers have sent; with ``block``, wait until every worker is done."""
        for conn in list(open_conns):
            while block or conn.poll():
                try:
                    msg = conn.recv()
                except (EOFError, OSError):
                    msg = None
                if msg is None:
                    open_conns.remove(conn)
                    break
                i, ok, value = msg
                if ok:
                    results[i] = value
                    received[0] += 1
                else:
                    errors[i] = value

    mine = 0
    try:
        while (i := _take(counter, n)) is not None:
            try:
                results[i] = work_here(i)
            except Exception as e:
                _stop(counter, n)
                errors[i] = e
                break
            mine += 1
            receive(block=False)
            if progress is not None:
                progress(mine + received[0], n)
        receive(block=True)
        if progress is not None:
            progress(mine + received[0], n)
        for p in procs:
            p.join()
    finally:
        for p in procs:
            if p.is_alive():
                p.terminate()
        for c in conns:
            c.close()
    if errors:
        raise errors[min(errors)]
    if any(r is None for r in results):
        raise QzError("a worker process stopped before it finished its files")
    return results

"""Run two stages over many files in several processes: this one and forked workers, sharing one queue.

``-j N`` means N processes read files, this one among them: on two cores, this process and one
worker. Each process takes the next file from a counter in shared memory, so all finish together
whatever the files' sizes, and the files this process reads are never sent anywhere.

Each process runs the first stage (reading) on up to BATCH files it takes, then the second stage
(judging) on those, as one process reads all files and then judges them: the two stages run
through different code and data, and alternating them file by file evicted each other's from
the CPU's caches (the second stage ran 10-15% slower that way). A worker sends a batch's results
of both stages back in one message when it has judged the batch: a message sent per file cost 20 µs
more each, its pickling code and data cold in the CPU's caches after a file's work. This process
takes them between its own files (a receiving thread cost more: it took the CPU from the worker),
through a pipe widened to hold a few batches. Results come back in the files' order.

Workers are forked after the set-up (the fact base, jieba's dictionary), so they share it. Where
fork is not available the caller runs the files one by one instead (see :func:`available`).
"""

from __future__ import annotations

from typing import Any, Callable, Optional

from .errors import QzError

# files a process reads before it judges them: enough that the stages rarely alternate (16, 64
# and 256 ran alike), few enough that the processes finish together. When no file is left, each
# judges what it has read: on 600 articles, 64 left them 4.4 ms apart on average, 16 left 2.0 ms
BATCH = 16
_BATCH, _ERROR = 0, 1  # what a message from a worker holds
_TASK: Optional[tuple] = None  # what a forked worker runs: (first, second, export, n, counter)


def available() -> bool:
    import multiprocessing  # here, not at the top: a run of one process never needs it (5 ms)

    return "fork" in multiprocessing.get_all_start_methods() \
        and multiprocessing.get_start_method(allow_none=True) in (None, "fork")


def _widen(conn) -> None:
    """Let a pipe hold a few batches' results (1 MB, Linux), so that a worker never waits for this
    process to finish a file of its own before it can send the next batch."""
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



def _stages(first: Callable, second: Callable, counter, n: int, done_first: Callable, done_batch: Callable,
            failed: Callable) -> None:
    """Take files until none is left, BATCH at a time: the first stage on each (``done_first``
    gets each one's index and result), then the second on the batch (``done_batch`` gets the
    batch's indices and both stages' results). After an error, report it, stop every process
    taking files, and stop."""
    while True:
        batch, firsts = [], []
        while len(batch) < BATCH and (i := _take(counter, n)) is not None:
            try:
                a = first(i)
            except Exception as e:
                _stop(counter, n)
                failed(i, e)
                return
            batch.append(i)
            firsts.append(a)
            if done_first is not None:
                done_first(i, a)
        if not batch:
            return
        seconds = []
        for i, a in zip(batch, firsts):
            try:
                seconds.append(second(a))
            except Exception as e:
                _stop(counter, n)
                failed(i, e)
                return
        done_batch(batch, firsts, seconds)


def _worker(conn) -> None:
    first, second, export, n, counter = _TASK

    def failed(i: int, e: Exception) -> None:
        try:
            conn.send((i, _ERROR, e))
        except Exception:  # an exception that does not pickle is sent as its message
            conn.send((i, _ERROR, QzError(f"{type(e).__name__}: {e}")))

    def done_batch(batch: list[int], firsts: list, seconds: list) -> None:
        conn.send((batch, _BATCH, ([export(a) for a in firsts], seconds)))

    try:
        _stages(first, second, counter, n, None, done_batch, failed)
    finally:
        try:
            conn.send(None)  # done
        finally:
            conn.close()


def run(first: Callable[[int], Any], second: Callable[[Any], Any], n: int, jobs: int,
        progress: Optional[Callable[[int, int], None]] = None,
        export: Callable[[Any], Any] = lambda a: a) -> list[tuple[Any, Any]]:
    """``(a, second(a))`` for ``a = first(i)``, i in 0..n-1. A worker sends ``export(a)`` back
    (pickled) in place of ``a``. An exception in any process stops that process; the one of the
    earliest file is raised once the others have finished what they were doing. ``progress`` counts
    files through the first stage, by far the longer: this process's one by one, a worker's a
    batch at a time."""
    import multiprocessing
    import select

    global _TASK
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    firsts: list = [None] * n
    seconds: list = [None] * n
    got = [False] * n
    errors: dict[int, BaseException] = {}
    read = [0]
    _TASK = (first, second, export, n, counter)
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

    by_fd = {c.fileno(): c for c in conns}
    poller = select.poll()  # one for the run: Connection.poll builds a selector each call (9 µs)
    for fd in by_fd:
        poller.register(fd, select.POLLIN)

    def keep(batch: list[int], as_: list, bs: list) -> None:
        for i, a, b in zip(batch, as_, bs):
            firsts[i] = a
            seconds[i] = b
            got[i] = True

    def receive(block: bool) -> None:
        """Take what the workers have sent; with ``block``, wait until every worker is done."""
        while by_fd:
            ready = poller.poll(None if block else 0)
            if not ready:
                return
            for fd, _ in ready:
                try:
                    msg = by_fd[fd].recv()
                except (EOFError, OSError):  # a worker that died: its files are missing below
                    msg = None
                if msg is None:
                    poller.unregister(fd)
                    del by_fd[fd]
                    continue
                i, what, value = msg
                if what == _BATCH:
                    keep(i, *value)
                    read[0] += len(i)
                else:
                    errors[i] = value

    shown = [0]

    def show() -> None:
        if progress is not None and read[0] != shown[0]:
            shown[0] = read[0]
            progress(read[0], n)

    def done_first(i: int, a: Any) -> None:
        read[0] += 1
        receive(block=False)
        show()

    def done_batch(batch: list[int], as_: list, bs: list) -> None:
        keep(batch, as_, bs)
        receive(block=False)
        show()

    try:
        _stages(first, second, counter, n, done_first, done_batch, errors.__setitem__)
        receive(block=True)
        show()
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
    if not all(got):
        raise QzError("a worker process stopped before it finished its files")
    return list(zip(firsts, seconds))

"""Run two stages over many files in several processes: this one and forked workers, sharing one queue.

``-j N`` means N processes read files, this one among them: on two cores, this process and one
worker. The queue is a pipe holding every file's index, filled before the workers are forked:
each process takes the next file by reading four bytes from it, so all finish together whatever
the files' sizes, no lock is held (a worker that dies blocks nobody), and the files this process
reads are never sent anywhere.

Each process runs the first stage (reading) on up to BATCH files it takes, then the second stage
(judging) on those, as one process reads all files and then judges them: the two stages run
through different code and data, and alternating them file by file evicted each other's from
the CPU's caches (the second stage ran 10-15% slower that way). A worker sends a batch's results
of both stages back in one message when it has judged the batch: a message sent per file cost 20 µs
more each, its pickling code and data cold in the CPU's caches after a file's work. This process
takes them between its own files (a receiving thread cost more: it took the CPU from the worker),
through a pipe widened to hold a few batches. Results come back in the files' order.

Workers are forked after the set-up (the fact base, jieba's dictionary), so they share it. They
are plain ``os.fork`` children talking over pipes, not the multiprocessing package's processes:
importing it and building its shared counter took 11.5 ms of a 1.1 s run on 600 articles, before
any file was read. Where fork is not available the caller runs the files one by one instead (see
:func:`available`).
"""

from __future__ import annotations

import os
import pickle
import struct
import sys
from typing import Any, Callable, Optional

from .errors import QzError

# files a process reads before it judges them: enough that the stages rarely alternate (16, 64
# and 256 ran alike), few enough that the processes finish together. When no file is left, each
# judges what it has read: on 600 articles, 64 left them 4.4 ms apart on average, 16 left 2.0 ms
BATCH = 16
_BATCH, _ERROR = 0, 1  # what a message from a worker holds
_TOKEN = 4  # bytes of a file's index in the queue
_ATOMIC = 512  # bytes a pipe takes in one piece (POSIX's least PIPE_BUF): the queue is written in these


def available() -> bool:
    """Whether workers can be forked: not on Windows, nor in a program that chose another way
    to start processes for its own (threads, macOS frameworks)."""
    if not hasattr(os, "fork"):
        return False
    mp = sys.modules.get("multiprocessing")  # imported only by a program that uses it (6 ms)
    return mp is None or mp.get_start_method(allow_none=True) in (None, "fork")


def _widen(fd: int) -> None:
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
        fcntl.fcntl(fd, setsize, 1 << 20)
    except OSError:
        pass  # above the system's limit: the default size works, more slowly


class _Queue:
    """The files' indices in a pipe that every process reads from: reading one takes it.

    The pipe is filled and its writing end closed before any worker is forked, so a read never
    waits: it gets the next index, or nothing once all are taken. The indices are written in
    pieces of 512 bytes, each of which a pipe takes whole or not at all, so a read of four bytes
    always takes one index whole. When a pipe cannot hold them all (more than 16,384 files on a
    64 KB pipe that cannot be widened), each index stands for ``span`` files in a row."""

    def __init__(self, n: int):
        self.n, self.span = n, 1
        while True:
            r, w = os.pipe()
            _widen(w)
            os.set_blocking(w, False)
            starts = range(0, n, self.span)
            data = struct.pack(f"<{len(starts)}I", *starts)
            try:
                for at in range(0, len(data), _ATOMIC):
                    os.write(w, data[at:at + _ATOMIC])
            except BlockingIOError:  # full: fewer indices, each for more files
                os.close(r)
                self.span *= 2
                continue
            finally:
                os.close(w)
            self.fd = r
            self._left = iter(())
            return

    def take(self) -> Optional[int]:
        """The index of the next file nobody has taken, or None when all are taken."""
        i = next(self._left, None)
        if i is not None:
            return i
        token = os.read(self.fd, _TOKEN)
        if not token:
            return None
        (i,) = struct.unpack("<I", token)
        self._left = iter(range(i + 1, min(i + self.span, self.n)))
        return i

    def stop(self) -> None:
        """After an error no process takes another file; every earlier file was taken already."""
        self._left = iter(())
        while os.read(self.fd, 1 << 16):
            pass

    def close(self) -> None:
        os.close(self.fd)


def _send(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(data).to_bytes(8, "little") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exactly(fd: int, n: int) -> bytearray:
    buf = bytearray(n)
    view, got = memoryview(buf), 0
    while got < n:
        k = os.readv(fd, [view[got:]])
        if k == 0:
            raise EOFError
        got += k
    return buf


def _recv(fd: int) -> Any:
    """The next object sent on a pipe; EOFError when its writer has gone."""
    return pickle.loads(_read_exactly(fd, int.from_bytes(_read_exactly(fd, 8), "little")))


def _stages(first: Callable, second: Callable, queue: _Queue, done_first: Optional[Callable],
            done_batch: Callable, failed: Callable) -> None:
    """Take files until none is left, BATCH at a time: the first stage on each (``done_first``
    gets each one's index and result), then the second on the batch (``done_batch`` gets the
    batch's indices and both stages' results). After an error, report it, stop every process
    taking files, and stop."""
    while True:
        batch, firsts = [], []
        while len(batch) < BATCH and (i := queue.take()) is not None:
            try:
                a = first(i)
            except Exception as e:
                queue.stop()
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
                queue.stop()
                failed(i, e)
                return
        done_batch(batch, firsts, seconds)


def _worker(first: Callable, second: Callable, export: Callable, queue: _Queue, out: int) -> None:
    def failed(i: int, e: Exception) -> None:
        try:
            _send(out, (i, _ERROR, e))
        except Exception:  # an exception that does not pickle is sent as its message
            _send(out, (i, _ERROR, QzError(f"{type(e).__name__}: {e}")))

    def done_batch(batch: list[int], firsts: list, seconds: list) -> None:
        _send(out, (batch, _BATCH, ([export(a) for a in firsts], seconds)))

    _stages(first, second, queue, None, done_batch, failed)
    _send(out, None)  # done


def _fork(first: Callable, second: Callable, export: Callable, queue: _Queue, theirs: list[int]) -> tuple[int, int]:
    """Start a worker; its pid, and the pipe this process reads its results from."""
    r, w = os.pipe()
    _widen(w)
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        raise
    if pid == 0:  # the worker: whatever happens, it never returns into the caller's code
        code = 1
        try:
            os.close(r)
            for fd in theirs:  # the other workers' pipes
                os.close(fd)
            _worker(first, second, export, queue, w)
            code = 0
        except BaseException as e:  # not a file's error (those are sent): say what stopped it
            try:
                _send(w, (-1, _ERROR, QzError(f"a worker process failed: {type(e).__name__}: {e}")))
            except BaseException:
                pass  # this process sees what is missing: a result, or the pipe's end
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def _reap(pid: int, finished: bool) -> None:
    """Wait for a worker to end: it is ending when it has said it is done, else it is stopped."""
    if not finished:
        try:
            os.kill(pid, 9)  # SIGKILL: nothing of its is kept once this run stops
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def run(first: Callable[[int], Any], second: Callable[[Any], Any], n: int, jobs: int,
        progress: Optional[Callable[[int, int], None]] = None,
        export: Callable[[Any], Any] = lambda a: a) -> list[tuple[Any, Any]]:
    """``(a, second(a))`` for ``a = first(i)``, i in 0..n-1. A worker sends ``export(a)`` back
    (pickled) in place of ``a``. An exception in any process stops that process; the one of the
    earliest file is raised once the others have finished what they were doing. ``progress`` counts
    files through the first stage, by far the longer: this process's one by one, a worker's a
    batch at a time."""
    import select

    firsts: list = [None] * n
    seconds: list = [None] * n
    got = [False] * n
    errors: dict[int, BaseException] = {}
    read = [0]
    queue = _Queue(n)
    workers: dict[int, int] = {}  # results pipe -> pid, while the worker has not said it is done
    pids: list[int] = []
    try:
        for _ in range(jobs - 1):
            try:
                pid, fd = _fork(first, second, export, queue, list(workers))
            except OSError:  # no more processes to be had (a limit, or memory): these share the files
                break
            workers[fd] = pid
            pids.append(pid)
        poller = select.poll()
        for fd in workers:
            poller.register(fd, select.POLLIN)

        def keep(batch: list[int], as_: list, bs: list) -> None:
            for i, a, b in zip(batch, as_, bs):
                firsts[i] = a
                seconds[i] = b
                got[i] = True

        def receive(block: bool) -> None:
            """Take what the workers have sent; with ``block``, wait until every worker is done."""
            while workers:
                ready = poller.poll(None if block else 0)
                if not ready:
                    return
                for fd, _ in ready:
                    try:
                        msg = _recv(fd)
                    except EOFError:  # a worker that died: its files are missing below
                        msg = None
                    if msg is None:
                        poller.unregister(fd)
                        os.close(fd)
                        del workers[fd]
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

        _stages(first, second, queue, done_first, done_batch, errors.__setitem__)
        receive(block=True)
        show()
    finally:
        queue.close()
        for fd in workers:  # left only when this process stopped early: the workers are stopped
            os.close(fd)
        for pid in pids:
            _reap(pid, finished=pid not in workers.values())
    if errors:
        raise errors[min(errors)]
    if not all(got):
        raise QzError("a worker process stopped before it finished its files")
    return list(zip(firsts, seconds))

"""The two-stage runner behind -j: results in the files' order, each process running one stage over
a batch of files before the other, and errors as one process would give them."""

from __future__ import annotations

import os
import time

import pytest

from quzhou_check import parallel
from quzhou_check.errors import QzError

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs fork")


def _logging_stages():
    log: list = []  # per process: each forked worker has its own copy from the fork on

    def first(i: int):
        time.sleep(0.002)  # long enough for the worker to start and take files too
        log.append(("first", i))
        return i * 10

    def second(a: int):
        log.append(("second", a // 10))
        return (os.getpid(), tuple(log))

    return first, second


def test_results_come_back_in_the_files_order_whichever_process_had_them():
    first, second = _logging_stages()
    done = parallel.run(first, second, 40, 2)
    assert [a for a, _ in done] == [i * 10 for i in range(40)]
    assert len({pid for _, (pid, _) in done}) == 2  # both processes took files


def test_each_process_reads_a_batch_then_judges_it(monkeypatch):
    # the two stages alternate per batch, not per file: as one process reads all files, then judges
    monkeypatch.setattr(parallel, "BATCH", 4)
    first, second = _logging_stages()
    done = parallel.run(first, second, 30, 2)
    sizes = set()
    for i, (_, (_, log)) in enumerate(done):
        blocks: list[list] = [[]]
        for stage, j in log:  # the log of the process that judged file i, up to file i
            if stage == "first" and blocks[-1] and blocks[-1][-1][0] == "second":
                blocks.append([])
            blocks[-1].append((stage, j))
        for b in blocks:
            read = [j for s, j in b if s == "first"]
            judged = [j for s, j in b if s == "second"]
            assert 1 <= len(read) <= 4 and judged == read[:len(judged)]
            sizes.add(len(read))
        assert log[-1] == ("second", i)
    assert max(sizes) == 4  # full batches: not one file read, then judged, then the next


def test_an_error_in_the_second_stage_is_raised_as_in_one_process():
    def first(i: int):
        return i

    def second(a: int):
        if a in (7, 23):
            raise ValueError(f"bad {a}")
        return a

    with pytest.raises(ValueError, match="bad 7"):
        parallel.run(first, second, 30, 2)


def test_a_worker_sends_what_export_makes_of_its_first_results():
    def first(i: int):
        time.sleep(0.002)
        return [i]

    def second(a: list):
        return len(a)

    done = parallel.run(first, second, 20, 2, export=lambda a: ("sent", a))
    mine = [a for a, _ in done if isinstance(a, list)]
    sent = [a for a, _ in done if isinstance(a, tuple)]
    assert mine and sent and all(a[0] == "sent" for a in sent)
    assert all(b == 1 for _, b in done)


def test_a_worker_that_dies_is_an_error_not_a_hang(monkeypatch):
    def first(i: int):
        if i == 5 and os.getpid() != parent:
            os._exit(3)
        return i

    parent = os.getpid()
    try:
        done = parallel.run(first, lambda a: a, 40, 2)
    except QzError as e:
        assert "stopped before it finished" in str(e)
    else:  # this process took file 5: the worker never met it
        assert [a for a, _ in done] == list(range(40))


def test_a_result_that_does_not_pickle_is_a_clear_error_not_a_hang():
    def first(i: int):
        if os.getpid() == parent:
            time.sleep(0.005)  # so that the worker takes files, and has results to send
        return i

    parent = os.getpid()

    with pytest.raises(QzError, match="a worker process failed: .*pickle"):
        parallel.run(first, lambda a: a, 40, 2, export=lambda a: (lambda: a))  # a lambda never pickles


def test_the_queue_gives_each_file_once_and_in_order_even_when_the_pipe_cannot_hold_one_index_each(monkeypatch):
    q = parallel._Queue(40_000)
    try:
        assert [q.take() for _ in range(40_000)] == list(range(40_000)) and q.take() is None
    finally:
        q.close()
    monkeypatch.setattr(parallel, "_widen", lambda fd: None)  # a pipe of the system's default size
    q = parallel._Queue(40_000)
    try:
        assert q.span > 1  # 160,000 bytes of indices do not fit a 64 KB pipe: one index for every span files
        assert [q.take() for _ in range(40_000)] == list(range(40_000)) and q.take() is None
    finally:
        q.close()


def test_after_an_error_no_process_takes_another_file():
    q = parallel._Queue(100)
    try:
        assert q.take() == 0
        q.stop()
        assert q.take() is None
    finally:
        q.close()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status") as f:
            return "\nState:\tZ" not in f.read()  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_worker_whose_parent_is_killed_ends_instead_of_waiting_forever(tmp_path):
    import signal
    import subprocess
    import sys

    # results too big for the pipe: with its parent gone, a worker that kept the pipe's reading
    # end open itself would wait forever for room to write (as one did under multiprocessing)
    script = tmp_path / "run.py"
    script.write_text(
        "import os, sys, time\n"
        "from quzhou_check import parallel\n"
        "parent = os.getpid()\n"
        "said = []\n"
        "def first(i):\n"
        "    if os.getpid() != parent and not said:\n"
        "        said.append(print(os.getpid(), flush=True))\n"
        "    time.sleep(0.005)\n"
        "    return b'x' * 200_000\n"
        "parallel.run(first, len, 10_000, 2)\n", encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        worker = int(p.stdout.readline())
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait()
        deadline = time.monotonic() + 10
        while _running(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(worker)
    finally:
        if p.poll() is None:
            p.kill()


def test_a_worker_that_cannot_be_started_leaves_the_files_to_the_others(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")  # EAGAIN: a limit on processes

    monkeypatch.setattr(os, "fork", no_fork)
    done = parallel.run(lambda i: i, lambda a: a * 2, 30, 2)
    assert done == [(i, i * 2) for i in range(30)]

"""Process records: a process counts as alive until its last thread has exited and let go of its sockets."""
from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

import pytest

from workshop import procs
from helpers import wait_for

MAIN_THREAD_EXITS_FIRST = """
import ctypes, socket, sys, threading, time
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen()
print(sock.getsockname()[1], flush=True)
threading.Thread(target=time.sleep, args=(float(sys.argv[1]),)).start()
ctypes.CDLL(None).syscall(int(sys.argv[2]), 0)  # exit(2) of the main thread only, as a killed JVM's main thread ends first
"""
SYS_EXIT = {"x86_64": 60, "aarch64": 93}


@pytest.mark.skipif(not Path("/proc/self/task").exists() or platform.machine() not in SYS_EXIT, reason="Linux /proc only")
def test_a_process_whose_main_thread_ended_is_alive_while_its_other_threads_hold_its_port() -> None:
    child = subprocess.Popen([sys.executable, "-c", MAIN_THREAD_EXITS_FIRST, "3", str(SYS_EXIT[platform.machine()])],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    port = int(child.stdout.readline())
    wait_for(lambda: Path(f"/proc/{child.pid}/stat").read_text().rsplit(") ", 1)[1][0] == "Z", "the main thread to end", 10)
    assert procs.port_in_use("127.0.0.1", port)
    assert procs.alive(child.pid), "a zombie main thread does not mean the process let go of its sockets"
    wait_for(lambda: not procs.alive(child.pid), "the last thread to end", 15)
    assert not procs.port_in_use("127.0.0.1", port)
    child.wait()
    assert not procs.alive(child.pid)


def test_terminate_stops_a_process_and_alive_says_so() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert procs.alive(child.pid)
    started = time.monotonic()
    procs.terminate(child.pid)
    assert time.monotonic() - started < 20
    assert child.wait(timeout=5) == -15
    assert not procs.alive(child.pid)

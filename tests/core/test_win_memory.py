"""The Windows memory cap (a Job Object via ctypes), tested on any system with a stand-in kernel32."""
import ctypes
import struct

import pytest

from core import win_memory, worker_pool
from core.win_memory import ExtendedLimits, limit_own_memory, limits_for

LIMIT = 1536 * 1024 * 1024


class FakeKernel32:
    """Records the calls; each step succeeds unless told to fail."""

    def __init__(self, fail: str = ""):
        self.fail, self.calls, self.info = fail, [], None

    def CreateJobObjectW(self, attributes, name):
        self.calls.append(("create", attributes, name))
        return 0 if self.fail == "create" else 0x1234

    def SetInformationJobObject(self, job, info_class, pointer, size):
        # what Windows would read: the bytes behind the pointer
        self.info = ExtendedLimits.from_buffer_copy(ctypes.string_at(ctypes.addressof(pointer._obj), size))
        self.calls.append(("set", job, info_class, size))
        return 0 if self.fail == "set" else 1

    def GetCurrentProcess(self):
        return -1

    def AssignProcessToJobObject(self, job, process):
        self.calls.append(("assign", job, process))
        return 0 if self.fail == "assign" else 1

    def CloseHandle(self, handle):
        self.calls.append(("close", handle))
        return 1


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the x64 layout")
def test_the_structure_has_the_x64_layout_of_winnt_h():
    assert ctypes.sizeof(ExtendedLimits) == 144
    assert win_memory.BasicLimits.LimitFlags.offset == 16
    assert ExtendedLimits.IoInfo.offset == 64
    assert ExtendedLimits.ProcessMemoryLimit.offset == 112


def test_the_limits_ask_for_a_per_process_memory_cap_only():
    info = limits_for(LIMIT)
    raw = bytes(info)
    assert struct.unpack_from("<I", raw, ExtendedLimits.BasicLimitInformation.offset + 16)[0] == 0x100
    assert struct.unpack_from("<Q", raw, ExtendedLimits.ProcessMemoryLimit.offset)[0] == LIMIT
    assert info.JobMemoryLimit == 0 and info.BasicLimitInformation.ActiveProcessLimit == 0


def test_the_worker_puts_itself_in_a_job_with_the_limit(monkeypatch):
    monkeypatch.setattr(win_memory, "_job", None)
    kernel32 = FakeKernel32()
    assert limit_own_memory(LIMIT, kernel32) is True
    assert [c[0] for c in kernel32.calls] == ["create", "set", "assign"]
    assert kernel32.calls[1][2:] == (9, ctypes.sizeof(ExtendedLimits))
    assert kernel32.calls[2] == ("assign", 0x1234, -1)
    assert kernel32.info.ProcessMemoryLimit == LIMIT
    assert kernel32.info.BasicLimitInformation.LimitFlags == win_memory.JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert win_memory._job == 0x1234   # kept open for the worker's life


@pytest.mark.parametrize("fail", ["create", "set", "assign"])
def test_a_refusal_leaves_no_handle_open_and_says_so(monkeypatch, fail):
    monkeypatch.setattr(win_memory, "_job", None)
    kernel32 = FakeKernel32(fail)
    assert limit_own_memory(LIMIT, kernel32) is False
    opened = fail != "create"
    assert (("close", 0x1234) in kernel32.calls) is opened
    assert win_memory._job is None


def test_on_windows_the_worker_limits_itself_with_a_job(monkeypatch):
    asked = []
    monkeypatch.setattr(worker_pool.sys, "platform", "win32")
    monkeypatch.setattr(win_memory, "limit_own_memory", lambda limit: asked.append(limit) or True)
    monkeypatch.setattr(worker_pool, "MEMORY_LIMIT", worker_pool.MEMORY_LIMIT)
    worker_pool._limit_address_space(LIMIT)
    assert asked == [LIMIT]

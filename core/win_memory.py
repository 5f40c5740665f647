"""Windows: cap a worker's committed memory with a Job Object, as RLIMIT_AS does elsewhere.

Windows has no RLIMIT_AS. A Job Object with JOB_OBJECT_LIMIT_PROCESS_MEMORY makes every
allocation past the limit fail inside the process (Python raises MemoryError, the worker
reports a plain message), instead of the machine paging while a watchdog polls. The worker
puts itself in a job of its own (nested jobs are allowed since Windows 8, so a worker started
inside another job, e.g. a terminal's, can still be limited). ctypes only: no new dependency.
"""
from __future__ import annotations

import ctypes
from typing import Any, Optional

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9   # JobObjectExtendedLimitInformation

# Windows' own widths, spelled out: wintypes.DWORD is 8 bytes on Linux, which would make the
# layout (and its test on Linux) wrong.
_DWORD = ctypes.c_uint32
_LARGE_INTEGER = ctypes.c_int64
_SIZE_T = ctypes.c_size_t
_ULONGLONG = ctypes.c_uint64


class BasicLimits(ctypes.Structure):
    """JOBOBJECT_BASIC_LIMIT_INFORMATION (winnt.h)."""

    _fields_ = [("PerProcessUserTimeLimit", _LARGE_INTEGER), ("PerJobUserTimeLimit", _LARGE_INTEGER),
                ("LimitFlags", _DWORD), ("MinimumWorkingSetSize", _SIZE_T),
                ("MaximumWorkingSetSize", _SIZE_T), ("ActiveProcessLimit", _DWORD),
                ("Affinity", _SIZE_T), ("PriorityClass", _DWORD), ("SchedulingClass", _DWORD)]


class IoCounters(ctypes.Structure):
    """IO_COUNTERS (winnt.h)."""

    _fields_ = [(name, _ULONGLONG) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION (winnt.h): 144 bytes on x64."""

    _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                ("ProcessMemoryLimit", _SIZE_T), ("JobMemoryLimit", _SIZE_T),
                ("PeakProcessMemoryUsed", _SIZE_T), ("PeakJobMemoryUsed", _SIZE_T)]


def _kernel32() -> Any:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)   # type: ignore[attr-defined]
    handle = ctypes.c_void_p
    kernel32.CreateJobObjectW.restype = handle
    kernel32.CreateJobObjectW.argtypes = (ctypes.c_void_p, ctypes.c_wchar_p)
    kernel32.SetInformationJobObject.restype = ctypes.c_int
    kernel32.SetInformationJobObject.argtypes = (handle, ctypes.c_int, ctypes.c_void_p, _DWORD)
    kernel32.GetCurrentProcess.restype = handle   # the pseudo handle -1: must not be truncated
    kernel32.AssignProcessToJobObject.restype = ctypes.c_int
    kernel32.AssignProcessToJobObject.argtypes = (handle, handle)
    kernel32.CloseHandle.argtypes = (handle,)
    return kernel32


def limits_for(limit: int) -> ExtendedLimits:
    """The job's limits: `limit` bytes of committed memory for each process, nothing else."""
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = limit
    return info


_job: Optional[int] = None   # kept open for the worker's life (closing it is harmless, but clear)


def limit_own_memory(limit: int, kernel32: Any = None) -> bool:
    """Put this process in a new job that caps its committed memory at `limit` bytes.

    Returns whether the cap is in force; False (the parent's watchdog still guards) when
    Windows refuses, e.g. an old system that does not nest jobs.
    """
    global _job
    kernel32 = kernel32 if kernel32 is not None else _kernel32()
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return False
    info = limits_for(limit)
    if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
                                            ctypes.byref(info), ctypes.sizeof(info)) \
            or not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        kernel32.CloseHandle(job)
        return False
    _job = job
    return True

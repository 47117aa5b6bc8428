"""The CPUs (and memory) of the simulated engine, and how many of the CPUs a program in a container counts.

The engine runs in Docker Desktop's VM with :data:`HOST_CPUS` CPUs (``docker info``'s ``CPUs``). A container's
``--cpuset-cpus`` pins it to some of them; ``--cpus`` only caps its CPU time (a CFS quota) and changes no count.
``sysconf(_SC_NPROCESSORS_ONLN)``, which ``nginx``'s ``worker_processes auto`` reads, counts differently per C
library: glibc (Debian, Ubuntu images) reads ``/sys/devices/system/cpu/online``, every CPU of the VM whatever the
cpuset; musl (Alpine images) counts the CPUs ``sched_getaffinity`` allows, the cpuset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.installed import os_of

if TYPE_CHECKING:
    from dockersim.engine.state import ContainerRecord

#: The CPUs of the engine's VM: ``docker info``'s NCPU, what ``nproc`` and nginx count with no cpuset.
HOST_CPUS = 8
#: The memory of the engine's VM: ``docker info``'s MemTotal, what ``ps``'s %MEM divides by.
HOST_MEMORY_BYTES = 8_217_473_024


def parse_cpuset(text: str) -> set[int] | None:
    """The CPUs a cpuset list names (``0-3``, ``0,2``, ``1-2,5``), or None when it is not one."""
    cpus: set[int] = set()
    for part in text.split(","):
        low, dash, high = part.partition("-")
        if not low.isdecimal() or (dash and not high.isdecimal()):
            return None
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            return None
        cpus.update(range(first, last + 1))
    return cpus


def cpuset_error(text: str) -> str:
    """The daemon's refusal of a ``--cpuset-cpus`` value (checked before the image is looked up), or ``""``."""
    cpus = parse_cpuset(text) if text else set()
    if cpus is None:
        return f"Invalid value {text} for cpuset cpus: invalid format: {text}"
    if any(cpu >= HOST_CPUS for cpu in cpus):
        return f"Requested CPUs are not available - requested {text}, available: 0-{HOST_CPUS - 1}"
    return ""


def allowed_cpus(c: ContainerRecord) -> int:
    """How many CPUs the container may run on: its ``--cpuset-cpus`` (those the VM has), else all of them."""
    opts = c.extra.get("opts") if isinstance(c.extra, dict) else None
    text = str(opts.get("cpuset-cpus") or "") if isinstance(opts, dict) else ""
    cpus = parse_cpuset(text) if text else None
    count = len([cpu for cpu in cpus if cpu < HOST_CPUS]) if cpus else 0
    return count or HOST_CPUS


def online_cpus(c: ContainerRecord) -> int:
    """``sysconf(_SC_NPROCESSORS_ONLN)`` in the container: the cpuset under musl (Alpine), every CPU under glibc."""
    return allowed_cpus(c) if os_of(c) == "alpine" else HOST_CPUS

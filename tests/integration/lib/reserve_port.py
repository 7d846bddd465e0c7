#!/usr/bin/env python3
"""Reserves a loopback port for a test fixture's server.

A port found by bind(("127.0.0.1", 0)) and released again is the worst choice for a server
started a moment later: it lies in the kernel's ephemeral range, so any process's connect()
may take it as its source port, and another fixture's bind(0) may be handed it too (CI saw
nginx fail with "Address already in use" that way). Ports handed out here come from below the
ephemeral range, which the kernel never assigns by itself, and each one is reserved by an
O_EXCL file in a per-user directory so that fixtures set up in parallel (several suites, or
several build trees) never pick the same one. Reservations are not released: the pool holds
thousands of ports and reservations older than six hours are swept.

usage: reserve_port.py [tcp|udp] [host]   prints the port
"""

import os
import random
import socket
import stat
import sys
import tempfile
import time

STALE_SECONDS = 6 * 3600
ATTEMPTS = 500


def ephemeral_range():
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(x) for x in f.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


def pool():
    # The larger of the two gaps the kernel never hands out by itself: below the ephemeral
    # range (above the privileged ports) or above it.
    # Below, ports from 20000 up where there is room (fewer local services listen there).
    low, high = ephemeral_range()
    below = range(20000 if low - 20000 >= 2000 else 1024, low)
    above = range(high + 1, 65536)
    best = max(below, above, key=len)
    if len(best) < 2000:
        raise SystemExit(f"reserve_port: the ephemeral range {low}-{high} leaves fewer than "
                         "2000 ports outside it for test servers")
    return best


def reservation_dir():
    base = os.environ.get("PINPROBE_PORT_DIR") or os.path.join(
        tempfile.gettempdir(), f"pinprobe-ports-{os.getuid()}")
    os.makedirs(base, mode=0o700, exist_ok=True)
    # A directory another user planted at the predictable name is not ours to trust.
    st = os.lstat(base)
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        raise SystemExit(f"reserve_port: {base} is not a directory only this user may write")
    return base


def sweep(base):
    now = time.time()
    for name in os.listdir(base):
        path = os.path.join(base, name)
        try:
            if now - os.lstat(path).st_mtime > STALE_SECONDS:
                os.unlink(path)
        except OSError:
            pass


def bindable(port, host):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        s = socket.socket(family, kind)
        try:
            s.bind((host, port))
        except OSError:
            return False
        finally:
            s.close()
    return True


def reserve(host="127.0.0.1"):
    base = reservation_dir()
    sweep(base)
    ports = pool()
    for _ in range(ATTEMPTS):
        port = random.choice(ports)
        path = os.path.join(base, str(port))
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        os.write(fd, f"{os.getpid()} {time.time():.0f}\n".encode())
        os.close(fd)
        if bindable(port, host):
            return port
    raise SystemExit(f"reserve_port: no free port in {ports.start}-{ports.stop - 1} "
                     f"after {ATTEMPTS} tries")


if __name__ == "__main__":
    # The kind argument is accepted for the callers' clarity: every port is checked free for
    # both TCP and UDP, so one reservation serves either.
    print(reserve(sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1"))

#!/usr/bin/python3
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""measure.py [--runs N] [--setup CMD] -- CMD...

Run CMD (through sh -c when given as one string) N times, running
SETUP before each run (untimed, e.g. removing the previous output).
Print one line: "best_seconds max_rss_kib best_cpu_seconds" — the best
wall time of the runs, the largest peak RSS of CMD and its children,
and the least CPU time (user + system, CMD and its children) of a run.
CPU time is the steadier figure on a loaded machine.
"""

import os
import resource
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    runs, setup = 3, None
    while args and args[0] != "--":
        if args[0] == "--runs":
            runs = int(args[1])
            args = args[2:]
        elif args[0] == "--setup":
            setup = args[1]
            args = args[2:]
        else:
            sys.exit("measure.py: unknown option " + args[0])
    cmd = args[1:]
    best, rss, best_cpu = None, 0, None
    for _ in range(runs):
        if setup:
            subprocess.run(setup, shell=True, check=True)
        # Measure each run in a fresh child so that its rusage is its own.
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            start = time.monotonic()
            if len(cmd) == 1:
                p = subprocess.run(cmd[0], shell=True)
            else:
                p = subprocess.run(cmd)
            elapsed = time.monotonic() - start
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = ru.ru_utime + ru.ru_stime
            os.write(w, f"{p.returncode} {elapsed} {ru.ru_maxrss} {cpu}".encode())
            os._exit(0)
        os.close(w)
        out = b""
        while True:
            chunk = os.read(r, 4096)
            if not chunk:
                break
            out += chunk
        os.waitpid(pid, 0)
        status, elapsed, maxrss, cpu = out.decode().split()
        if int(status) != 0:
            sys.exit(f"measure.py: command failed with status {status}: {cmd}")
        elapsed = float(elapsed)
        best = elapsed if best is None else min(best, elapsed)
        rss = max(rss, int(maxrss))
        cpu = float(cpu)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    print(f"{best:.3f} {rss} {best_cpu:.3f}")


if __name__ == "__main__":
    main()

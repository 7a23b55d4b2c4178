#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""tests/bench/qemu_memory.py: what a guest's QEMU holds, by kind.

    python3 tests/bench/qemu_memory.py PID RAM_MIB TB_MIB

Sums the resident memory (RSS) of QEMU's mappings from /proc/PID/smaps
into what each is for:

  guest RAM            the anonymous mapping of exactly -m RAM_MIB: what
                       the guest has touched
  translation cache    TCG's code buffer, -accel tcg,tb-size=TB_MIB: the
                       whole is reserved, only what was translated into
                       is resident
  boot images          vmlinux and initramfs.cpio, which QEMU maps to
                       load them (and keeps mapped, for a reset)
  QEMU and libraries   QEMU's own program and its shared libraries
  heap and the rest    malloc()ed memory (device models, the copies of
                       the loaded kernel and firmware kept for a reset,
                       the TB hash tables), thread stacks

and QEMU's own part (all but the guest's RAM) once more by what backs it:
anonymous memory, QEMU's alone, and file pages (its program, libraries
and the boot images), which are the page cache's: shared with every
other QEMU and process mapping the same files, and reclaimable.
"""
import re
import sys

HEADER = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")


def mappings(pid):
    """(size KiB, path, RSS KiB, anonymous KiB) of each mapping of @pid."""
    cur = None
    with open("/proc/%s/smaps" % pid) as f:
        for line in f:
            if HEADER.match(line):
                if cur:
                    yield cur
                fields = line.split(None, 5)
                start, end = (int(x, 16) for x in fields[0].split("-"))
                path = fields[5].strip() if len(fields) > 5 else ""
                cur = [(end - start) // 1024, path, 0, 0]
            elif line.startswith("Rss:"):
                cur[2] = int(line.split()[1])
            elif line.startswith("Anonymous:"):
                cur[3] = int(line.split()[1])
    if cur:
        yield cur


def kind(size, path, ram_kib, tb_kib):
    if not path and size == ram_kib:
        return "guest RAM"
    # The code buffer is TB_MIB less a guard page or two.
    if not path and tb_kib - 64 <= size <= tb_kib:
        return "translation cache"
    if path.endswith(("/vmlinux", "/initramfs.cpio")):
        return "boot images"
    if path.startswith("/"):
        return "QEMU and libraries"
    return "heap and the rest"


def main():
    pid, ram_mib, tb_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    order = ["guest RAM", "translation cache", "boot images",
             "QEMU and libraries", "heap and the rest"]
    rss = dict.fromkeys(order, 0)
    anon = 0
    for size, path, kib, anon_kib in mappings(pid):
        k = kind(size, path, ram_mib * 1024, tb_mib * 1024)
        rss[k] += kib
        if k != "guest RAM":
            anon += anon_kib
    own = (sum(rss.values()) - rss["guest RAM"]) / 1024
    print(", ".join("%s %.1f" % (k, rss[k] / 1024) for k in order)
          + " (MiB): QEMU itself %.1f MiB, of which anonymous %.1f,"
          " file pages %.1f" % (own, anon / 1024, own - anon / 1024))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Make test XVAs (XenServer / XCP-ng VM exports) for virt-v2v-xva.

A second implementation of the XVA v2 format, written from the format
notes (xva-format(5)) and sharing nothing with the C reader, so that the
two cannot share a bug.  It writes what xapi writes: ova.xml first (one
XML-RPC value on one line), then each data-carrying disk in string order
of its Ref: id as 1 MiB chunks, all-zero ones left out except the first
and the last, each chunk followed by its .checksum (SHA-1) or .xxhash
(XXH64) member; keep-alive empty chunks that shift the numbering;
hand-made V7 headers without ustar magic; two zero blocks at the end.

Usage (with /usr/bin/python3, which has the xxhash module):

  make-xva.py --list
      the variant names, one per line, the bad-* ones last
  make-xva.py VARIANT PREFIX
      PREFIX.xva, PREFIX-N.raw (the expected contents of the VM's disks,
      N = 0, 1, ... in userdevice order) and PREFIX.json (the expected
      metadata, or {"error": "..."} for the bad-* variants)
  make-xva.py --from-raw [--name NAME] [--memory BYTES] [--vcpus N]
              [--uefi] [--checksum sha1|xxhash] [--format v7|ustar|gnu|pax]
              [--compress none|gzip|zstd] [--mac MAC] [--bridge BR]
              [--keepalive-every K] [--chunk-size BYTES]
              OUT.xva DISK.raw [DISK2.raw ...]
      pack raw disks (xvda, xvdb, ...) into an HVM VM's XVA, 1 MiB at a
      time, holes skipped; also writes OUT.json.  --chunk-size cuts
      smaller chunks, as old xapi's 1,000,000-byte ones (the reader
      takes chunk 0's length as the unit): tiny XVAs for fuzzing seeds
  make-xva.py --bench-disk SIZE_MIB OUT.raw
      a deterministic sparse disk: ~60% random, ~15% text, ~25% zeros
  make-xva.py --selftest [--keep DIR]
      make every variant and check the good ones with an independent
      reader (tarfile, ElementTree, the sequential rebuild), and xva-img

Outputs are written under temporary names and renamed at the end.
"""

import argparse
import errno
import gzip
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import uuid
import xml.etree.ElementTree as ET

import xxhash

MIB = 1 << 20
BLOCK = 512
ZERO_MIB = bytes(MIB)
NULL = "OpaqueRef:NULL"
DEFAULT_MAC = "00:16:3e:5a:01:02"
DEFAULT_NET = "Pool-wide network associated with eth0"
NOW = 1732500000                # "now", for the formats that store one


# ---------------------------------------------------------------------
# Checksums (format notes section 4)

def sha1_text(data):
    return hashlib.sha1(data).hexdigest().encode("ascii")


def xxh64_text(data):
    return b"%016X" % xxhash.xxh64_intdigest(data)


SUM_FN = {"sha1": sha1_text, "xxhash": xxh64_text}
SUM_EXT = {"sha1": "checksum", "xxhash": "xxhash"}


# ---------------------------------------------------------------------
# Tar and file output

def octal(value, width):
    """A numeric field: width - 1 zero-padded octal digits and a NUL."""
    digits = b"%o" % value
    if len(digits) >= width:
        raise ValueError("%d does not fit a %d-byte field" % (value, width))
    return digits.rjust(width - 1, b"0") + b"\0"


def v7_header(name, size, mode=0o400, mtime=0, sum_style="7"):
    """A V7 header as xapi's ocaml-tar writes it: no ustar magic, NUL
    typeflag, no owner names, uid/gid 0.  The checksum (unsigned byte sum
    with the field as spaces) is 7 digits + NUL as ocaml-tar writes it or,
    with sum_style "6", 6 digits + NUL + space as traditional tar does."""
    raw = name.encode("utf-8")
    if not 0 < len(raw) <= 100:
        raise ValueError("bad V7 member name %r" % name)
    h = bytearray(BLOCK)
    h[0:len(raw)] = raw
    h[100:148] = (octal(mode, 8) + octal(0, 8) + octal(0, 8) +
                  octal(size, 12) + octal(mtime, 12))
    h[148:156] = b" " * 8
    h[148:156] = (b"%07o\0" if sum_style == "7" else b"%06o\0 ") % sum(h)
    return bytes(h)


class TarOut:
    """Members in one flavour: v7 by hand, ustar/gnu/pax with tarfile,
    or with f None only kept in self.members (for later surgery).
    index maps each name to (header offset, data offset, size)."""

    def __init__(self, f, flavour="v7", mode=0o400, sum_style="7"):
        self.f, self.pos, self.index, self.members = f, 0, {}, []
        self.mode, self.sum_style = mode, sum_style
        self.tar = None if flavour == "v7" or not f else tarfile.open(
            fileobj=self, mode="w", format={
                "ustar": tarfile.USTAR_FORMAT, "gnu": tarfile.GNU_FORMAT,
                "pax": tarfile.PAX_FORMAT}[flavour])

    def write(self, b):         # tarfile writes through here
        self.f.write(b)
        self.pos += len(b)

    def tell(self):
        return self.pos

    def add(self, name, data, mtime=0, pax=None):
        start, pad = self.pos, -len(data) % BLOCK
        if not self.f:
            self.members.append((name, data))
        elif self.tar is None:
            self.write(v7_header(name, len(data), self.mode, mtime,
                                 self.sum_style))
            self.write(data)
            self.write(bytes(pad))
        else:
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), mtime or NOW, 0o644
            ti.uname = ti.gname = "root"
            ti.pax_headers = dict(pax or {})
            self.tar.addfile(ti, io.BytesIO(data))
        self.index[name] = (start, self.pos - pad - len(data), len(data))

    def add_dir(self, name):
        ti = tarfile.TarInfo(name)
        ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, 0o755, NOW
        self.tar.addfile(ti)

    def close(self):
        if self.tar is None:
            self.write(bytes(2 * BLOCK))    # and no padding to 10 KiB
        else:
            self.tar.close()


class Outputs:
    """Files under temporary names, renamed together at the end, or
    removed if anything fails."""

    def __init__(self):
        self.pending, self.closers = [], []

    def __enter__(self):
        return self

    def new(self, path):
        self.pending.append(("%s.tmp%d" % (path, os.getpid()), path))
        return self.pending[-1][0]

    def stream(self, path, how="none"):
        """A file compressed as a whole while it is written."""
        f = open(self.new(path), "wb")
        proc = None
        if how == "gzip":
            s = gzip.GzipFile(filename="", mode="wb", fileobj=f,
                              compresslevel=6, mtime=0)
        elif how == "zstd":
            proc = subprocess.Popen(["zstd", "-q", "-c", "-T0"],
                                    stdin=subprocess.PIPE, stdout=f)
            s = proc.stdin
        else:
            s = f

        def close():
            if s is not f:
                s.close()
            if proc and proc.wait() != 0:
                raise RuntimeError("zstd failed")
            f.close()
        self.closers.append(close)
        return s

    def __exit__(self, kind, value, tb):
        try:
            for close in self.closers:
                close()
            if kind is None:
                for tmp, path in self.pending:
                    os.rename(tmp, path)
        finally:
            for tmp, _ in self.pending:
                if os.path.exists(tmp):
                    os.unlink(tmp)


def write_json(path, doc):
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2) + "\n")


# ---------------------------------------------------------------------
# ova.xml: XML-RPC as mirage/ocaml-rpc writes it (section 6.1)

class Double(float):
    pass


class Date(str):
    pass


ESCAPES = {ord("<"): "&lt;", ord(">"): "&gt;", ord("&"): "&amp;",
           ord('"'): "&quot;"}
ESCAPES.update((c, None) for c in range(32) if chr(c) not in "\t\n\r")


def rpc(v):
    """One <value>, xapi style: strings and int64s as bare text."""
    if isinstance(v, bool):
        t = "<boolean>%d</boolean>" % v
    elif isinstance(v, (Double, Date)):
        t = ("<double>%.16g</double>" if isinstance(v, Double) else
             "<dateTime.iso8601>%s</dateTime.iso8601>") % v
    elif isinstance(v, int):
        t = "%d" % v
    elif isinstance(v, dict):
        t = "<struct>%s</struct>" % "".join(
            "<member><name>%s</name>%s</member>" % (k, rpc(x))
            for k, x in v.items()) if v else "<struct/>"
    elif isinstance(v, list):
        t = "<array><data>%s</data></array>" % "".join(map(rpc, v)) \
            if v else "<array><data/></array>"
    else:
        t = v.translate(ESCAPES)
    return "<value>%s</value>" % t if t else "<value/>"


def make_uuid(*seed):
    h = hashlib.sha256(repr(seed).encode()).digest()
    return str(uuid.UUID(bytes=h[:16], version=4))


class Refs:
    """Export-local ids: xapi's Ref:<process counter>, or XO's Ref:000."""

    def __init__(self, xo, taken):
        self.fmt, self.n = ("Ref:%03d", 0) if xo else ("Ref:%d", 1700)
        self.taken = set(taken)

    def new(self):
        while self.fmt % self.n in self.taken:
            self.n += 1
        self.n += 1
        return self.fmt % (self.n - 1)


VERSIONS = {   # XenServer 7.1 (SHA-1), XCP-ng 8.3 (xxhash), XO's fake
    "old": ("xs71-build-2", "2018-03-22", "7.1.2", "XenServer", "137c", 1, 9),
    "new": ("localhost", "2024-11-04", "8.3.0", "XCP-ng",
            "release/yangtze/master/58", 24, 19),
    "xo": ("localhost", "2022-01-01", "8.2.1", "XCP-ng", "xo", 1, 20)}


def vm_record(sc, **over):
    hvm = not sc["pv"]
    boot = {"order": "cd", "firmware": sc["firmware"]}
    if sc["era"] == "old":
        del boot["firmware"]            # absent means bios
    mem = sc["memory"]
    r = {"uuid": sc["uuid"], "allowed_operations": [],
         "current_operations": {}, "power_state": sc["power_state"],
         "name_label": sc["name"], "name_description": "made by make-xva.py",
         "is_a_template": False,
         "suspend_VDI": sc["suspend"].ref if sc["suspend"] else NULL,
         "resident_on": NULL, "affinity": NULL,
         "memory_target": mem if sc["suspend"] else 0,
         "memory_static_max": mem, "memory_dynamic_max": mem,
         "memory_dynamic_min": mem // 2, "memory_static_min": mem // 4,
         "VCPUs_params": {}, "VCPUs_max": sc["vcpus"],
         "VCPUs_at_startup": sc["vcpus"], "actions_after_crash": "restart",
         "VIFs": [], "VBDs": [], "VTPMs": [],
         "PV_bootloader": "" if hvm else "pygrub", "PV_kernel": "",
         "HVM_boot_policy": "BIOS order" if hvm else "",
         "HVM_boot_params": boot if hvm else {},
         "HVM_shadow_multiplier": Double(1),
         "platform": {"timeoffset": "0", "acpi": "1", "viridian": "false",
                      "nx": "true", "pae": "true", "apic": "true"},
         "other_config": {"base_template_name": "Debian Bookworm 12",
                          "mac_seed": make_uuid("mac", sc["name"])},
         "domid": -1, "is_control_domain": False, "guest_metrics": NULL,
         "last_booted_record": "('struct' ('uuid' '%s') ('VIFs' ('array' "
                               "'OpaqueRef:107cccd2')))" % sc["uuid"],
         "recommendations": '<restrictions><restriction field="memory-'
                            'static-max" max="137438953472" /></restrictions>',
         "is_a_snapshot": False, "snapshot_of": NULL, "snapshots": [],
         "snapshot_time": Date("19700101T00:00:00Z"), "parent": NULL,
         "bios_strings": {"bios-vendor": "Xen", "system-manufacturer": "Xen",
                          "system-product-name": "HVM domU"} if hvm else {},
         "generation_id": "0:0" if hvm else "", "has_vendor_device": False}
    if sc["firmware"] == "uefi":
        r["platform"]["secureboot"] = "false"
    if sc["era"] != "old":              # domain_type came with XS 7.5
        r.update(domain_type="hvm" if hvm else "pv", NVRAM={})
    r.update(over)
    return r


def vbd_record(vm, vdi, userdevice, device, cd=False, bootable=False):
    return {"uuid": make_uuid("vbd", vm, vdi, userdevice), "VM": vm,
            "VDI": vdi, "device": device, "userdevice": str(userdevice),
            "bootable": bootable, "mode": "RO" if cd else "RW",
            "type": "CD" if cd else "Disk", "unpluggable": cd,
            "empty": vdi == NULL, "other_config": {},
            "currently_attached": False, "qos_algorithm_params": {},
            "metrics": NULL}


def vdi_record(ref, name, size, kind, sr, vbds, **over):
    u = make_uuid("vdi", ref, name)
    r = {"uuid": u, "name_label": name, "name_description": "", "SR": sr,
         "VBDs": vbds, "virtual_size": size, "physical_utilisation": size,
         "type": kind, "sharable": False, "read_only": False,
         "other_config": {}, "location": u, "parent": NULL,
         "sm_config": {"vdi_type": "vhd"}, "is_a_snapshot": False,
         "snapshot_of": NULL, "snapshots": [], "on_boot": "persist"}
    r.update(over)
    return r


def ova_objects(sc):
    """ova.xml's objects, [(class, id, record)], in xapi's class order."""
    disks = sorted(sc["disks"], key=lambda d: d.userdevice)
    refs = Refs(sc["xo"], [d.ref for d in data_disks(sc)])
    vm, sr = refs.new(), refs.new()
    srs = {sr: ("Local storage", "lvm", "user")}
    iso_sr = refs.new() if any(c.get("iso") for c in sc["cdroms"]) else None
    if iso_sr:
        srs[iso_sr] = ("ISO library", "iso", "iso")
    vbds, vdis, vifs, nets = [], [], [], {}
    for d in disks:
        vbd = refs.new()
        vbds.append((d.userdevice, vbd, vbd_record(
            vm, d.ref, d.userdevice, d.device, bootable=d.bootable)))
        vdis.append((d.ref, vdi_record(d.ref, d.name, d.size, d.vdi_type,
                                       sr, [vbd])))
    for cd in sc["cdroms"]:
        vbd, vdi = refs.new(), refs.new() if cd.get("iso") else NULL
        if cd.get("iso"):
            vdis.append((vdi, vdi_record(
                vdi, "debian-12.5.0-amd64-netinst.iso", 658505728, "user",
                iso_sr, [vbd], sm_config={}, read_only=True)))
        vbds.append((cd["userdevice"], vbd, vbd_record(
            vm, vdi, cd["userdevice"], cd["device"], cd=True)))
    if sc["suspend"]:
        s = sc["suspend"]
        vdis.append((s.ref, vdi_record(s.ref, s.name, s.size, "suspend",
                                       sr, [])))
    for nic in sc["nics"]:
        vif = refs.new()
        net = nets.setdefault(nic["bridge"], (refs.new(), nic["network"], []))
        net[2].append(vif)
        vifs.append((nic["device"], vif, {
            "uuid": make_uuid("vif", vif), "device": str(nic["device"]),
            "network": net[0], "VM": vm, "MAC": nic["mac"], "MTU": 1500,
            "other_config": {}, "currently_attached": False,
            "MAC_autogenerated": False, "locking_mode": "network_default",
            "ipv4_allowed": []}))
    over = {"VBDs": [v[1] for v in sorted(vbds, key=sc["vbd_order"])],
            "VIFs": [v[1] for v in sorted(vifs, key=sc["vif_order"])]}
    if sc["xo"]:    # VIFs only through VIF.VM; dangling links; lower case
        over.update(VIFs=[], power_state=sc["power_state"].lower(),
                    affinity="Ref:53", guest_metrics="Ref:53")
    objs = []
    if sc["snapshot"]:
        # As in a metadata export: the snapshot first, with its own VBD
        # and VDI (no data), and the VM pointing at it.
        snap, svbd, svdi, d0 = refs.new(), refs.new(), refs.new(), disks[0]
        over["snapshots"] = [snap]
        objs += [("VM", snap, vm_record(
                     sc, VBDs=[svbd], uuid=make_uuid("snap"),
                     name_label=sc["name"] + " before upgrade",
                     is_a_snapshot=True, is_a_template=True, snapshot_of=vm,
                     memory_static_max=MIB * 512, VCPUs_max=1,
                     snapshot_time=Date("20241102T10:00:00Z"))),
                 ("VBD", svbd, vbd_record(snap, svdi, 0, "xvda",
                                          bootable=True)),
                 ("VDI", svdi, vdi_record(svdi, d0.name + " (snapshot)",
                                          d0.size, "system", sr, [svbd],
                                          is_a_snapshot=True,
                                          snapshot_of=d0.ref))]
    objs.append(("VM", vm, vm_record(sc, **over)))
    objs += [("VBD", v[1], v[2]) for v in vbds]
    objs += [("VIF", v[1], v[2]) for v in vifs]
    objs += [("network", ref, {
        "uuid": make_uuid("net", bridge), "name_label": label,
        "name_description": "", "VIFs": vif_refs, "PIFs": [], "MTU": 1500,
        "other_config": {"automatic": "true"}, "bridge": bridge,
        "managed": True, "assigned_ips": {}})
        for bridge, (ref, label, vif_refs) in nets.items()]
    objs += [("VDI", ref, rec) for ref, rec in vdis]
    objs += [("SR", ref, {
        "uuid": make_uuid("sr", ref), "name_label": label,
        "name_description": "", "VDIs": [], "PBDs": [], "type": kind,
        "content_type": content, "shared": kind == "iso", "other_config": {},
        "sm_config": {}}) for ref, (label, kind, content) in srs.items()]
    return objs


def ova_xml(sc):
    keys = ("hostname", "date", "product_version", "product_brand",
            "build_number", "xapi_major", "xapi_minor")
    version = dict(zip(keys, VERSIONS[sc["era"]]), export_vsn=2)
    return rpc({"version": version,
                "objects": [{"class": c, "id": i, "snapshot": r}
                            for c, i, r in ova_objects(sc)]}).encode("utf-8")


# ---------------------------------------------------------------------
# Disks

WORDS = (b"xapi exports a virtual machine as a tar of one megabyte chunks "
         b"each followed by its checksum while zero chunks are left out "
         b"and keep alive members shift the numbering").split()


def text_block(rng, n):
    """n bytes of compressible, text-like data."""
    lines = []
    while sum(map(len, lines)) < min(n, 6000):
        lines.append(b"%06d %s\n" % (rng.randrange(10 ** 6), b" ".join(
            rng.choice(WORDS) for _ in range(rng.randint(4, 12)))))
    block = b"".join(lines)
    return (block * (n // len(block) + 1))[:n]


class DiskBase:
    """What write_disk needs besides chunk(i)."""
    keepalive_at, keepalive_every, pad_last = {}, 0, False
    bad = store_zero = frozenset()
    vdi_type = "system"


class Disk(DiskBase):
    """A generated disk.  layout has one letter per MiB: D data, T text,
    H data then zeros, Z zeros (not stored), z zeros (stored anyway).
    Each sector of data starts with "disk N sector S"; two 4 KiB blocks
    of each data MiB are zero."""

    def __init__(self, ref, userdevice, size, layout, name=None,
                 bootable=None, number=None, keepalive=None,
                 pad_last=False, bad=(), vdi_type="system"):
        assert len(layout) == -(-size // MIB), (ref, size, layout)
        self.ref, self.userdevice, self.size = ref, userdevice, size
        self.layout, self.name = layout, name or "disk %d" % userdevice
        self.bootable = userdevice == 0 if bootable is None else bootable
        self.device = "xvd" + chr(ord("a") + userdevice)
        self.number = userdevice if number is None else number
        self.keepalive_at, self.pad_last = keepalive or {}, pad_last
        self.bad, self.vdi_type = set(bad), vdi_type
        self.store_zero = {i for i, c in enumerate(layout) if c == "z"}

    def chunk(self, i):
        n, kind = min(MIB, self.size - i * MIB), self.layout[i]
        if kind in "Zz":
            return bytes(n)
        rng = random.Random("%s:%d:%d" % (self.ref, self.number, i))
        buf = bytearray(text_block(rng, n) if kind == "T"
                        else rng.randbytes(n))
        for s in range(0, n, 512):
            tag = b"disk %d sector %d\n" % (self.number, (i * MIB + s) // 512)
            buf[s:s + len(tag)] = tag[:n - s]
        for b in rng.sample(range(n // 4096), min(2, n // 4096)):
            buf[b * 4096:(b + 1) * 4096] = bytes(4096)
        if kind == "H":
            buf[n // 2:] = bytes(n - n // 2)
        return bytes(buf)


class RawDisk(DiskBase):
    """A raw file read 1 MiB at a time; holes found with SEEK_DATA."""

    def __init__(self, path, ref, userdevice, keepalive_every):
        self.fd = os.open(path, os.O_RDONLY)
        self.size = os.fstat(self.fd).st_size
        self.ref, self.userdevice = ref, userdevice
        self.name = os.path.basename(path)
        self.device = "xvd" + chr(ord("a") + userdevice)
        self.bootable, self.keepalive_every = userdevice == 0, keepalive_every
        os.posix_fadvise(self.fd, 0, 0, os.POSIX_FADV_SEQUENTIAL)

    def chunk(self, i):
        """The chunk's bytes, or None when it lies in a hole."""
        off, n = i * MIB, min(MIB, self.size - i * MIB)
        try:
            if os.lseek(self.fd, off, os.SEEK_DATA) >= off + n:
                return None
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
            return None
        data = os.pread(self.fd, n, off)
        while len(data) < n:
            more = os.pread(self.fd, n - len(data), off + len(data))
            if not more:
                raise IOError("%s: file shrank" % self.name)
            data += more
        return data


def write_disk(tar, d, checksum, width, hasher=None):
    """Stream disk d as xapi's raw-scan path does (stream_vdi.ml): chunk
    0 and the last always, all-zero chunks in between left out, and
    keep-alives: an empty member under the current number, then the same
    offset under the next.  Returns (data bytes, data members)."""
    last = -(-d.size // MIB) - 1
    k = skipped = stored = count = 0

    def emit(number, data):
        nonlocal stored, count
        name = "%s/%0*d" % (d.ref, width, number)
        kind = checksum if checksum != "mixed" else \
            ("sha1", "xxhash")[count % 2]
        text = SUM_FN[kind](data)
        if number in d.bad:     # change the first digit
            text = (b"1" if text[:1] == b"0" else b"0") + text[1:]
        tar.add(name, data)
        tar.add(name + "." + SUM_EXT[kind], text)
        stored, count = stored + len(data), count + 1

    for i in range(last + 1):
        for _ in range(d.keepalive_at.get(i, 0)):
            assert 0 < i < last
            emit(i + k, b"")
            k += 1
        n = min(MIB, d.size - i * MIB)
        data = d.chunk(i)
        if hasher:
            hasher.update(ZERO_MIB[:n] if data is None else data)
        if data is None or data == (ZERO_MIB if n == MIB else bytes(n)):
            if 0 < i < last and i not in d.store_zero:
                skipped += 1
                if d.keepalive_every and skipped % d.keepalive_every == 0:
                    emit(i + k, b"")
                    k += 1
                continue
            data = bytes(n)
        if i == last and d.pad_last:
            data += bytes(MIB - n)
        emit(i + k, data)
    return stored, count


def write_raw(d, path):
    """The expected disk, sparse; returns its sha256."""
    h = hashlib.sha256()
    with open(path, "wb") as f:
        for i in range(-(-d.size // MIB)):
            data = d.chunk(i)
            h.update(data)
            if any(data):
                f.seek(i * MIB)
                f.write(data)
        f.truncate(d.size)
    return h.hexdigest()


# ---------------------------------------------------------------------
# Scenarios

def scenario(**kw):
    sc = {"name": "test-vm", "memory": 2 << 30, "vcpus": 2,
          "firmware": "bios", "pv": False, "power_state": "Halted",
          "disks": [Disk("Ref:1736", 0, 6 * MIB, "DZZTHD")], "cdroms": [],
          "nics": [{"device": 0, "mac": DEFAULT_MAC, "network": DEFAULT_NET,
                    "bridge": "xenbr0"}],
          "checksum": "xxhash", "flavour": "v7", "compress": "none",
          "width": 8, "sum_style": "7", "xo": False, "snapshot": False,
          "suspend": None, "metadata_only": False,
          "vbd_order": lambda v: v[0], "vif_order": lambda v: v[0]}
    sc.update(kw)
    sc.setdefault("uuid", make_uuid("vm", sc["name"], sc["firmware"]))
    sc.setdefault("era", "xo" if sc["xo"] else
                  "old" if sc["checksum"] == "sha1" else "new")
    # ocaml-tar < 2.0 wrote mode 0, later 0400; since xapi v24.13
    # ova.xml carries the export time.
    sc.setdefault("mode", 0 if sc["era"] == "old" else 0o400)
    sc.setdefault("ova_mtime", 0 if sc["era"] == "old" else NOW)
    return sc


def data_disks(sc):
    return sc["disks"] + ([sc["suspend"]] if sc["suspend"] else [])


def pack(sc, tar, hashers=None):
    """ova.xml, then every data disk in string order of its Ref: id."""
    tar.add("ova.xml", ova_xml(sc), mtime=sc["ova_mtime"],
            pax={"comment": "made by make-xva.py"} if sc["flavour"] == "pax"
            else None)
    stats = {}
    for d in [] if sc["metadata_only"] else sorted(data_disks(sc),
                                                   key=lambda d: d.ref):
        stats[d.ref] = write_disk(tar, d, sc["checksum"], sc["width"],
                                  (hashers or {}).get(d.ref))
    return stats


def expected_json(sc, stats, sums):
    disks = sorted(sc["disks"], key=lambda d: d.userdevice)
    return {
        "name": sc["name"], "uuid": sc["uuid"], "memory": sc["memory"],
        "vcpus": sc["vcpus"], "firmware": sc["firmware"], "hvm": not sc["pv"],
        "disks": [{"ref": d.ref, "userdevice": d.userdevice,
                   "device": d.device, "virtual_size": d.size,
                   "stored_bytes": stats.get(d.ref, (0, 0))[0],
                   "chunks": stats.get(d.ref, (0, 0))[1], "name": d.name,
                   "bootable": d.bootable, "sha256": sums[n] if sums else None}
                  for n, d in enumerate(disks)],
        "cdroms": [{"userdevice": c["userdevice"], "device": c["device"]}
                   for c in sorted(sc["cdroms"],
                                   key=lambda c: c["userdevice"])],
        "nics": sorted(sc["nics"], key=lambda n: n["device"]),
        "suspend_vdi": sc["suspend"].ref if sc["suspend"] else None,
        "metadata_only": sc["metadata_only"],
        "checksum": "none" if sc["metadata_only"] else sc["checksum"],
        "tar_format": sc["flavour"], "compression": sc["compress"],
        "bad_chunks": [{"ref": d.ref, "chunk": c}
                       for d in disks for c in sorted(d.bad)]}


def emit_good(sc, prefix, outs, writer=None):
    """PREFIX.xva, PREFIX-N.raw, PREFIX.json for a scenario."""
    out = outs.stream(prefix + ".xva", sc["compress"])
    if writer:
        stats = writer(sc, out)
    else:
        tar = TarOut(out, sc["flavour"], sc["mode"], sc["sum_style"])
        stats = pack(sc, tar)
        tar.close()
    disks = sorted(sc["disks"], key=lambda d: d.userdevice)
    sums = [] if sc["metadata_only"] else [
        write_raw(d, outs.new("%s-%d.raw" % (prefix, n)))
        for n, d in enumerate(disks)]
    doc = expected_json(sc, stats, sums)
    write_json(outs.new(prefix + ".json"),
               dict({"error": None}, **doc) if writer else doc)


def multi_disk():
    return scenario(
        disks=[Disk("Ref:9", 0, 4 * MIB, "DZZD", name="root"),
               Disk("Ref:12", 1, 3 * MIB, "DTD", name='data & logs <"2">'),
               Disk("Ref:10", 2, 2 * MIB + 512, "DZD", name="scratch")],
        cdroms=[{"userdevice": 3, "device": "xvdd"}],
        nics=[{"device": 0, "mac": "00:16:3e:00:00:01",
               "network": DEFAULT_NET, "bridge": "xenbr0"},
              {"device": 1, "mac": "00:16:3e:00:00:02",
               "network": "Storage network", "bridge": "xapi1"}],
        vbd_order=lambda v: (v[0] + 2) % 4, vif_order=lambda v: -v[0])


GOOD = {
    "v7-sha1": lambda: scenario(checksum="sha1", sum_style="6"),
    "v7-xxhash": lambda: scenario(),
    "ustar": lambda: scenario(flavour="ustar"),
    "gnu": lambda: scenario(flavour="gnu"),
    "pax": lambda: scenario(flavour="pax"),
    "keepalive": lambda: scenario(disks=[Disk(
        "Ref:42", 0, 9 * MIB, "DZZZDZZDZ", keepalive={1: 1, 3: 1, 5: 2})]),
    "short-last": lambda: scenario(disks=[Disk(
        "Ref:7", 0, 5 * MIB + 12345, "DZDTDD")]),
    "padded-last": lambda: scenario(disks=[Disk(
        "Ref:7", 0, 3 * MIB + 4096, "DZDD", pad_last=True)]),
    "multi-disk": multi_disk,
    "cdrom-iso": lambda: scenario(
        cdroms=[{"userdevice": 3, "device": "xvdd", "iso": True}]),
    "snapshot": lambda: scenario(snapshot=True),
    "suspend": lambda: scenario(power_state="Suspended", suspend=Disk(
        "Ref:1699", 9, 3 * MIB + 4096, "DZDD", name="Suspend image",
        vdi_type="suspend")),
    "metadata-only": lambda: scenario(metadata_only=True),
    "ref000": lambda: scenario(
        xo=True, flavour="ustar",
        disks=[Disk("Ref:000", 1, 3 * MIB + 100, "DZDD", pad_last=True),
               Disk("Ref:001", 2, 3 * MIB, "DzD")],
        nics=[{"device": 1, "mac": DEFAULT_MAC, "network": DEFAULT_NET,
               "bridge": "xenbr0"}]),
    "width20": lambda: scenario(width=20, sum_style="6", disks=[Disk(
        "Ref:3", 0, 4 * MIB, "DZTD")]),
    "zero-disk": lambda: scenario(disks=[Disk("Ref:5", 0, 4 * MIB, "ZZZZ")]),
    "uefi": lambda: scenario(firmware="uefi"),
    "pv": lambda: scenario(pv=True),
    "gzip": lambda: scenario(compress="gzip"),
    "zstd": lambda: scenario(compress="zstd"),
    "sha1-bad": lambda: scenario(checksum="sha1", disks=[Disk(
        "Ref:1736", 0, 6 * MIB, "DDZDDT", bad={1, 4})]),
    "xxhash-bad": lambda: scenario(disks=[Disk(
        "Ref:1736", 0, 4 * MIB, "DTDD", bad={2})]),
    "mixed-checksum": lambda: scenario(checksum="mixed", disks=[Disk(
        "Ref:1736", 0, 5 * MIB, "DTDZD")]),
}


# ---------------------------------------------------------------------
# Bad variants

def members(disks=None):
    rec = TarOut(None)
    pack(scenario(disks=disks or [Disk("Ref:1", 0, 3 * MIB, "DDD")]), rec)
    return rec.members


def v7_tar(ms):
    buf = io.BytesIO()
    tar = TarOut(buf)
    for name, data in ms:
        tar.add(name, data, mtime=NOW if name == "ova.xml" else 0)
    tar.close()
    return buf.getvalue(), tar.index


def ova_not_first(sc, out):
    """As "tar cf x.xva *" in an unpacked XVA: GNU headers, a directory
    member, Ref:* before ova.xml (ASCII R < o)."""
    rec = TarOut(None)
    stats = pack(sc, rec)
    tar = TarOut(out, "gnu")
    tar.add_dir(sc["disks"][0].ref + "/")
    for name, data in sorted(rec.members[1:]) + rec.members[:1]:
        tar.add(name, data)
    tar.close()
    return stats


def patch_header(xva, hdr, at, field):
    """xva with the header at offset hdr changed at [at:at+len(field)],
    its checksum made right again (so that only the field is wrong)."""
    h = bytearray(xva[hdr:hdr + BLOCK])
    h[at:at + len(field)] = field
    h[148:156] = b" " * 8
    h[148:156] = b"%07o\0" % sum(h)
    return xva[:hdr] + bytes(h) + xva[hdr + BLOCK:]


def with_link(ms, name, typeflag, target=b""):
    """ms with member name's data dropped, its header turned into a
    typeflag member (symlink, hard link, directory) pointing at target."""
    ms = [(n, b"" if n == name else d) for n, d in ms]
    xva, index = v7_tar(ms)
    hdr = index[name][0]
    return patch_header(patch_header(xva, hdr, 156, typeflag), hdr, 157,
                        target.ljust(100, b"\0"))


def set_virtual_size(ms, size):
    xml = re.sub(rb"(<name>virtual_size</name><value>)[0-9]+",
                 rb"\g<1>%d" % size, ms[0][1])
    assert xml != ms[0][1]
    return [("ova.xml", xml)] + ms[1:]


def more_bad_xva(name, ms, xva, index):
    """The bad-* variants that change one field of a good XVA."""
    hdr, data, size = index["Ref:1/00000001"]
    if name == "bad-truncated-ova":
        return xva[:index["ova.xml"][1] + 100]
    if name == "bad-size-garbage":
        return patch_header(xva, hdr, 124, b"0004x000000\0")
    if name == "bad-size-negative":     # base-256, all ones: -1
        return patch_header(xva, hdr, 124, b"\xff" * 12)
    if name == "bad-size-overflow":     # base-256: 2^88 - 1
        return patch_header(xva, hdr, 124, b"\x80" + b"\xff" * 11)
    if name == "bad-nul-name":          # "Ref:1/00000001\0/../../x"
        return patch_header(xva, hdr, 0,
                            b"Ref:1/00000001\0/../../etc/passwd")
    if name == "bad-symlink":
        return with_link(ms, "Ref:1/00000001", b"2", b"/etc/passwd")
    if name == "bad-hardlink":
        return with_link(ms, "Ref:1/00000001", b"1", b"ova.xml")
    if name == "bad-dir-chunk":
        return with_link(ms, "Ref:1/00000001", b"5")
    if name == "bad-virtual-size":
        return v7_tar(set_virtual_size(ms, 1 << 63))[0]
    if name == "bad-big-chunk":
        big = Disk("Ref:1", 0, 3 * MIB, "DDD").chunk(1) + b"\x01" * 512
        return v7_tar([(n, big if n == "Ref:1/00000001" else
                        xxh64_text(big) if n == "Ref:1/00000001.xxhash"
                        else d) for n, d in ms])[0]
    if name == "bad-checksum-length":
        return v7_tar([(n, d[:-1] if n == "Ref:1/00000001.xxhash" else d)
                       for n, d in ms])[0]
    if name == "bad-missing-checksum":
        return v7_tar([m for m in ms if m[0] != "Ref:1/00000001.xxhash"])[0]
    if name == "bad-extra-checksum":
        extra = Disk("Ref:1", 0, 3 * MIB, "DDD").chunk(1)
        return v7_tar(ms + [("Ref:1/00000009.xxhash", xxh64_text(extra))])[0]
    raise KeyError(name)


def bad_xva(name):
    """The bytes of a bad-* variant."""
    ms = members()
    xva, index = v7_tar(ms)
    hdr, data, size = index["Ref:1/00000001"]
    passwd = b"root:x:0:0:root:/root:/bin/sh\n"
    if name == "bad-truncated":
        return xva[:data + size // 2]
    if name == "bad-truncated-header":
        return xva[:hdr + 200]
    if name == "bad-header-checksum":
        s = int(xva[hdr + 148:hdr + 155], 8) + 9
        return xva[:hdr + 148] + b"%07o" % s + xva[hdr + 155:]
    if name == "bad-no-ova":
        return v7_tar(ms[1:])[0]
    if name == "bad-dotdot":
        ms[3:3] = [("Ref:1/../../etc/passwd", passwd)]
        return v7_tar(ms)[0]
    if name == "bad-absolute":
        return v7_tar(ms[:1] + [("/etc/passwd", passwd)] + ms[1:])[0]
    if name in ("bad-beyond", "bad-duplicate"):
        # beyond: chunk 2 of a 2 MiB disk; duplicate: chunk 2 twice.
        ms = members([Disk("Ref:1", 0, 2 * MIB, "DD")]) \
            if name == "bad-beyond" else ms
        extra = Disk("Ref:1", 5, 3 * MIB, "DDD").chunk(2)
        return v7_tar(ms + [("Ref:1/00000002", extra),
                            ("Ref:1/00000002.xxhash", xxh64_text(extra))])[0]
    if name == "bad-xml":       # cut inside <value>: "Premature end of data"
        xml = ms[0][1]
        cut = xml.index(b"<name>name_label</name><value>") + 34
        return v7_tar([("ova.xml", xml[:cut])] + ms[1:])[0]
    if name == "bad-v1":
        d = Disk("Ref:1", 0, 2 * MIB, "DD")
        data = d.chunk(0) + d.chunk(1)
        xml = ('<?xml version="1.0" ?>\n<appliance version="0.1">\n'
               ' <vm name="vm">\n  <label>old-vm</label>\n'
               '  <config mem_set="536870912" vcpus="1"/>\n'
               '  <hacks is_hvm="false" kernel_boot_cmdline="root=/dev/xvda1"'
               '/>\n  <vbd device="xvda" function="root" mode="w" vdi='
               '"vdi_xvda"/>\n </vm>\n <vdi name="vdi_xvda" size="%d" '
               'source="file://xvda" type="dir-gzipped-chunks" '
               'variety="system"/>\n</appliance>\n'
               % len(data))
        return v7_tar([("ova.xml", xml.encode()),
                       ("xvda/chunk-000000000.gz",
                        gzip.compress(data, mtime=0))])[0]
    if name == "bad-not-xva":
        buf = io.BytesIO()
        tar = TarOut(buf, "ustar")
        tar.add("README.txt", b"Holiday photos, not a virtual machine.\n")
        tar.add("photos/beach.jpg", random.Random(3).randbytes(70000))
        tar.add("notes/ova.xml.txt", b"<value>not this one</value>\n")
        tar.close()
        return buf.getvalue()
    if name == "bad-empty":
        return b""
    if name == "bad-missing-disk":
        ms = members([Disk("Ref:5", 0, 2 * MIB, "DD"),
                      Disk("Ref:7", 1, 2 * MIB, "DD")])
        return v7_tar([m for m in ms if not m[0].startswith("Ref:7/")])[0]
    return more_bad_xva(name, ms, xva, index)


BAD = {
    "bad-truncated": "cut in the middle of a chunk's data",
    "bad-truncated-header": "cut in the middle of a tar header",
    "bad-header-checksum": "a chunk header's checksum field is wrong",
    "bad-no-ova": "no ova.xml member",
    "bad-ova-not-first": None,
    "bad-dotdot": "a member name with ..",
    "bad-absolute": "an absolute member name",
    "bad-beyond": "a non-zero chunk beyond virtual_size",
    "bad-duplicate": "two data members numbered 2",
    "bad-xml": "ova.xml is not well-formed",
    "bad-v1": "legacy XVA version 1",
    "bad-not-xva": "a tar that is not an XVA",
    "bad-empty": "an empty file",
    "bad-missing-disk": "disk 1 (Ref:7) has no members",
    "bad-truncated-ova": "cut in the middle of ova.xml's data",
    "bad-size-garbage": "a chunk's size field is not octal",
    "bad-size-negative": "a chunk's size is -1 (base-256)",
    "bad-size-overflow": "a chunk's size is 2^88 - 1 (base-256)",
    "bad-nul-name": "a chunk's name has a NUL and a path after it",
    "bad-symlink": "a chunk that is a symbolic link to /etc/passwd",
    "bad-hardlink": "a chunk that is a hard link to ova.xml",
    "bad-dir-chunk": "a chunk that is a directory",
    "bad-virtual-size": "virtual_size is 2^63",
    "bad-big-chunk": "a chunk of 1 MiB + 512 bytes",
    "bad-checksum-length": "an .xxhash file one digit short",
    "bad-missing-checksum": "a chunk without its .xxhash file",
    "bad-extra-checksum": "an .xxhash file without its chunk",
}


def make_variant(name, prefix):
    with Outputs() as outs:
        if name in GOOD:
            emit_good(GOOD[name](), prefix, outs)
        elif name == "bad-ova-not-first":
            emit_good(scenario(flavour="gnu"), prefix, outs, ova_not_first)
        else:
            with open(outs.new(prefix + ".xva"), "wb") as f:
                f.write(bad_xva(name))
            write_json(outs.new(prefix + ".json"), {"error": BAD[name]})


# ---------------------------------------------------------------------
# --from-raw and --bench-disk

def set_chunk_size(n):
    """Chunks of n bytes instead of 1 MiB, for --from-raw only."""
    global MIB, ZERO_MIB
    MIB, ZERO_MIB = n, bytes(n)


def from_raw(a):
    """OUT.json is OUT minus its extension plus .json: the scripts pack
    into vm.xva.tmp (so vm.xva.json) and rename."""
    disks = [RawDisk(p, "Ref:%d" % (1736 + 6 * i), i, a.keepalive_every)
             for i, p in enumerate(a.disks)]
    name = os.path.basename(a.out)
    for ext in (".tmp", ".xva"):
        name = name[:-len(ext)] if name.endswith(ext) else name
    name = a.name or name
    sc = scenario(name=name, memory=a.memory, vcpus=a.vcpus, disks=disks,
                  firmware="uefi" if a.uefi else "bios", checksum=a.checksum,
                  flavour=a.format, compress=a.compress,
                  uuid=make_uuid("from-raw", name),
                  nics=[{"device": 0, "mac": a.mac, "network": DEFAULT_NET,
                         "bridge": a.bridge}])
    with Outputs() as outs:
        tar = TarOut(outs.stream(a.out, a.compress), sc["flavour"],
                     sc["mode"], sc["sum_style"])
        hashers = {d.ref: hashlib.sha256() for d in disks}
        stats = pack(sc, tar, hashers)
        tar.close()
        sums = [hashers[d.ref].hexdigest() for d in disks]
        write_json(outs.new(os.path.splitext(a.out)[0] + ".json"),
                   expected_json(sc, stats, sums))


def bench_disk(size_mib, path):
    """Runs of random (60%), text (15%) and zeros (25%), 4 KiB aligned,
    so that some MiB are whole, some partial, some absent.  Zero runs
    are holes; half the random pieces have a zero 4 KiB block inside."""
    size, pos = size_mib * MIB, 0
    rng = random.Random(20261125)
    text = text_block(random.Random(7), 4 * MIB + 65536)
    share = {"R": 0.60, "T": 0.15, "Z": 0.25}
    done = dict.fromkeys(share, 0)
    with Outputs() as outs, open(outs.new(path), "wb") as f:
        while pos < size:
            kind = max(share, key=lambda k: share[k] * (pos + MIB) - done[k])
            if kind != "Z":
                n = rng.randint(16, 1800) * 4096
            elif rng.random() < 0.4:
                n = rng.randint(2, 12) * MIB
            else:
                n = rng.randint(1, 96) * 4096
            end = min(pos + n, size)
            done[kind] += end - pos
            if kind == "Z":
                f.seek(end)
                pos = end
            while pos < end:
                m = min(4 * MIB, end - pos)
                if kind == "T":
                    off = rng.randrange(65536)
                    f.write(text[off:off + m])
                elif m >= 16384 and rng.random() < 0.5:
                    piece, hole = memoryview(rng.randbytes(m)), \
                        rng.randrange(m // 4096) * 4096
                    f.write(piece[:hole])
                    f.write(bytes(4096))
                    f.write(piece[hole + 4096:])
                else:
                    f.write(rng.randbytes(m))
                pos += m
        f.truncate(size)


# ---------------------------------------------------------------------
# Self-test: an independent reader (tarfile, ElementTree, the
# sequential rebuild) checks what the writer above made.

def rpc_decode(v):
    c = next(iter(v), None)
    if c is None:
        return v.text or ""
    if c.tag == "struct":
        return {m.findtext("name"): rpc_decode(m.find("value")) for m in c}
    if c.tag == "array":
        return [rpc_decode(x) for x in c.findall("data/value")]
    return c.text.strip() in ("1", "true") if c.tag == "boolean" else c.text


def read_meta(xml):
    """The JSON fields that ova.xml determines, and all VDI sizes."""
    top = rpc_decode(ET.fromstring(xml))
    objs = {o["id"]: (o["class"], o["snapshot"]) for o in top["objects"]}
    vms = [i for i, (c, o) in objs.items() if c == "VM"
           and not o["is_control_domain"] and not o["is_a_snapshot"]]
    assert len(vms) == 1, "expected one VM"
    vm = objs[vms[0]][1]

    def linked(cls, listed):    # both ways: the VM's list and X.VM
        ids = set(listed) | {i for i, (c, o) in objs.items()
                             if c == cls and o["VM"] == vms[0]}
        return sorted((objs[i][1] for i in ids),
                      key=lambda o: int(o["userdevice" if cls == "VBD"
                                          else "device"]))
    disks, cds = [], []
    for vbd in linked("VBD", vm["VBDs"]):
        if vbd["type"].lower() == "cd":
            cds.append({"userdevice": int(vbd["userdevice"]),
                        "device": vbd["device"]})
            continue
        vdi = objs[vbd["VDI"]][1]
        if objs[vdi["SR"]][1]["content_type"] != "iso":
            disks.append({"ref": vbd["VDI"], "userdevice":
                          int(vbd["userdevice"]), "device": vbd["device"],
                          "virtual_size": int(vdi["virtual_size"]),
                          "name": vdi["name_label"],
                          "bootable": vbd["bootable"]})
    nics = [{"device": int(v["device"]), "mac": v["MAC"],
             "network": objs[v["network"]][1]["name_label"],
             "bridge": objs[v["network"]][1]["bridge"]}
            for v in linked("VIF", vm["VIFs"])]
    dt = vm.get("domain_type", "")
    return {"name": vm["name_label"], "uuid": vm["uuid"],
            "memory": int(vm["memory_static_max"]),
            "vcpus": int(vm["VCPUs_max"]),
            "firmware": vm["HVM_boot_params"].get("firmware", "bios"),
            "hvm": dt == "hvm" or (dt == "" and vm["HVM_boot_policy"] != ""),
            "disks": disks, "cdroms": cds, "nics": nics,
            "suspend_vdi": vm["suspend_VDI"] if vm["suspend_VDI"] in objs
            else None}, {i: int(o["virtual_size"])
                         for i, (c, o) in objs.items() if c == "VDI"}


def rebuild(chunks, vsize):
    """xapi's sequential rule (stream_vdi.ml): never n * 1 MiB."""
    out, pos, last = bytearray(), 0, -1
    for n, data in chunks:
        pos += (n - last - 1) * MIB
        out.extend(bytes(max(0, pos - len(out))))
        out[pos:pos + len(data)] = data
        pos, last = pos + len(data), n
    assert not any(out[vsize:]), "data beyond virtual_size"
    return bytes(out[:vsize]) + bytes(max(0, vsize - len(out)))


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(MIB), b""):
            h.update(b)
    return h.hexdigest()


def check_xva(prefix, raws=None, xva=None):
    """Check PREFIX.xva against PREFIX.json (AssertionError if not)."""
    exp = json.load(open(prefix + ".json"))
    raw = open(xva or prefix + ".xva", "rb").read()
    comp = {b"\x1f\x8b": "gzip", b"\x28\xb5": "zstd"}.get(raw[:2], "none")
    assert comp == exp["compression"], comp
    if comp == "gzip":
        raw = gzip.decompress(raw)
    elif comp == "zstd":
        raw = subprocess.run(["zstd", "-dc"], input=raw, check=True,
                             stdout=subprocess.PIPE).stdout
    tf = tarfile.open(fileobj=io.BytesIO(raw))
    ms = [m for m in tf.getmembers() if not m.isdir()]
    flavour = "pax" if any(m.pax_headers for m in ms) else {
        b"ustar\x0000": "ustar", b"ustar  \x00": "gnu",
        bytes(8): "v7"}.get(raw[257:265])
    assert flavour == exp["tar_format"], flavour
    if flavour == "v7":
        for m in ms:
            h = raw[m.offset:m.offset + BLOCK]
            s = sum(h[:148]) + 256 + sum(h[156:])
            assert h[156] == 0 and h[257:] == bytes(255) and h[148:156] in (
                b"%07o\0" % s, b"%06o\0 " % s), m.name
        end = ms[-1].offset_data + -(-ms[-1].size // BLOCK) * BLOCK
        assert len(raw) == end + 2 * BLOCK and not any(raw[end:]), "tail"
    names = [m.name for m in ms]
    assert names.index("ova.xml") == (len(ms) - 1 if "error" in exp else 0)
    meta, sizes = read_meta(tf.extractfile("ova.xml").read())
    for key, val in meta.items():
        want = exp[key]
        if key == "disks":
            want = [{k: d[k] for k in val[0]} for d in want] if val else want
        assert val == want, (key, val, want)
    per, prev, kinds, bad = {}, None, set(), []
    for m in ms:
        if m.name == "ova.xml":
            continue
        pre, _, base = m.name.partition("/")
        data = tf.extractfile(m).read()
        num, _, ext = base.partition(".")
        if ext:                         # a checksum, right after its data
            kind = {"checksum": "sha1", "xxhash": "xxhash"}[ext]
            assert prev and prev[0] == (pre, num), m.name
            assert len(data) == (40 if kind == "sha1" else 16) and data == (
                data.lower() if kind == "sha1" else data.upper()), m.name
            if data != SUM_FN[kind](prev[1]):
                bad.append({"ref": pre, "chunk": int(num)})
            kinds.add(kind)
            prev = None
        else:
            assert num.isdigit() and prev is None, m.name
            per.setdefault(pre, []).append((int(num), data))
            prev = ((pre, num), data)
    prefixes = list(dict.fromkeys(n.partition("/")[0] for n in names
                                  if "/" in n))
    assert prefixes == sorted(prefixes), "disk order"
    kinds = sorted(kinds) or ["none"]
    assert (kinds[0] if len(kinds) == 1 else "mixed") == exp["checksum"], \
        kinds
    assert bad == exp["bad_chunks"], ("bad chunks", bad)
    wanted = [d["ref"] for d in exp["disks"]] + [exp["suspend_vdi"]] * bool(
        exp["suspend_vdi"])
    assert sorted(per) == ([] if exp["metadata_only"] else sorted(wanted)), \
        ("disks in the tar", sorted(per))
    for n, d in enumerate(exp["disks"]):
        chunks = per.get(d["ref"], [])
        assert [c for c, _ in chunks] == sorted({c for c, _ in chunks}), \
            "%s: chunk numbers not strictly increasing" % d["ref"]
        assert (d["chunks"], d["stored_bytes"]) == (
            len(chunks), sum(len(b) for _, b in chunks)), d["ref"]
        if not exp["metadata_only"]:
            disk = rebuild(chunks, d["virtual_size"])
            assert hashlib.sha256(disk).hexdigest() == d["sha256"], d["ref"]
            path = (raws or {}).get(n, "%s-%d.raw" % (prefix, n))
            assert file_sha256(path) == d["sha256"], path
    if exp["suspend_vdi"]:
        rebuild(per[exp["suspend_vdi"]], sizes[exp["suspend_vdi"]])


def check_xva_img(d):
    """Debian's xva-img rebuilds v7-sha1 as we expect."""
    x = tempfile.mkdtemp(prefix="xva-img.", dir=d)
    subprocess.run(["tar", "-C", x, "-xf", os.path.join(d, "v7-sha1.xva")],
                   check=True)
    subprocess.run(["chmod", "-R", "u+rwX", x], check=True)
    ref = json.load(open(os.path.join(d, "v7-sha1.json")))["disks"][0]["ref"]
    subprocess.run(["xva-img", "-s", "disk-export", ref, "out.raw"], cwd=x,
                   check=True, stdout=subprocess.DEVNULL)
    assert file_sha256(os.path.join(x, "out.raw")) == \
        file_sha256(os.path.join(d, "v7-sha1-0.raw")), "xva-img differs"


def check_vectors():
    for got, want in [
            (xxh64_text(b""), b"EF46DB3751D8E999"),
            (xxh64_text(ZERO_MIB), b"87D2A1B6E1163EF1"),
            (xxh64_text(b"abc"), b"44BC2CF5AD770999"),
            (sha1_text(b""), b"da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (sha1_text(b"abc"), b"a9993e364706816aba3e25717850c26c9cd0d89d")]:
        assert got == want, (got, want)


def selftest(keep=None):
    d = keep or tempfile.mkdtemp(prefix="make-xva-selftest.")
    os.makedirs(d, exist_ok=True)
    me = [sys.executable, os.path.abspath(__file__)]
    result = [0, 0]

    def run(label, fn, *args):
        try:
            fn(*args)
            result[0] += 1
        except Exception as e:
            result[1] += 1
            print("FAIL %s: %s: %s" % (label, type(e).__name__, e))

    run("checksum test vectors", check_vectors)
    for name in list(GOOD) + ["bad-ova-not-first"]:
        p = os.path.join(d, name)
        run(name, lambda: (make_variant(name, p), check_xva(p)))
    if shutil.which("xva-img"):
        run("xva-img disk-export of v7-sha1", check_xva_img, d)
    else:
        print("SKIP xva-img cross-check: xva-img is not installed")
    for name in BAD:
        if name != "bad-ova-not-first":
            run(name, make_variant, name, os.path.join(d, name))
    bench = os.path.join(d, "bench.raw")
    run("bench-disk", bench_disk, 40, bench)
    for i, opts in enumerate([
            ["--checksum", "xxhash", "--keepalive-every", "3"],
            ["--checksum", "sha1", "--format", "pax", "--compress", "gzip"],
            ["--format", "gnu", "--compress", "zstd", "--uefi"],
            ["--format", "ustar", "--keepalive-every", "1", "--vcpus", "4"]]):
        out = os.path.join(d, "raw%d.xva" % i) + ".tmp" * (i == 0)
        run("from-raw " + " ".join(opts), lambda: (
            subprocess.run(me + ["--from-raw"] + opts + [out, bench, bench],
                           check=True),
            check_xva(os.path.splitext(out)[0], {0: bench, 1: bench}, out)))
    if not keep:
        shutil.rmtree(d)
    print("%d passed, %d failed" % tuple(result))
    return result[1] == 0


# ---------------------------------------------------------------------
# Hostile text: strings that would forge lines or drive the terminal
# if printed as they are (test-virt-xva-escape.sh).  Not in --list, so
# that the tests that take every variant do not see them.

FORGED = "\nvirt-xva: all chunks OK"
# What XML 1.0 can carry: newline, tab, CR (as &#13;: a raw CR reads
# as a newline), C1 controls (U+009B CSI, U+009D OSC, U+009C ST, U+0085
# NEL) and bidi overrides; not ESC or invalid UTF-8.
HOSTILE_TEXT = {
    "name": "evil" + FORGED + "\r\u009b2J\u202egpj.exe",
    "description": "line one" + FORGED + "\t\u0085\u009d0;title\u009c",
    "ref": "Ref:1\u009b2J" + FORGED,
    "disk_name": "disk\r" + FORGED + "\u2066",
    "network": "net\u009d0;pwned\u009c" + FORGED,
}
# Tar member names are bytes: ESC, BEL, a raw 0x9b and invalid UTF-8.
HOSTILE_MEMBER = (b"Ref:\x1b]0;pwned\x07\x1b[2J\x9b\xff" +
                  FORGED.encode() + b"/00000000")
HOSTILE_ABSOLUTE = b"/\x1b]0;pwned\x07\x1b[2J\x9b\xff" + FORGED.encode()


def hostile_xva(sc, extra):
    """A v7 XVA of sc with each (raw name, data) of extra appended."""
    buf = io.BytesIO()
    tar = TarOut(buf)
    xml = ova_xml(sc).replace(b"\r", b"&#13;").replace(
        b"made by make-xva.py",
        rpc(HOSTILE_TEXT["description"])[7:-8].encode().replace(
            b"\r", b"&#13;"))
    sc["ova_xml"] = xml
    tar.add("ova.xml", xml, mtime=NOW)
    stats = {}
    for d in sc["disks"]:
        stats[d.ref] = write_disk(tar, d, sc["checksum"], sc["width"])
    for raw, data in extra:
        name = "x" * len(raw)
        tar.add(name, data)
    tar.close()
    xva = buf.getvalue()
    for raw, _ in extra:
        xva = patch_header(xva, tar.index["x" * len(raw)][0], 0, raw)
    return xva


def hostile_variant(name, prefix):
    t = HOSTILE_TEXT
    disk = Disk(t["ref"], 0, 3 * MIB, "DDD", name=t["disk_name"], bad={1})
    sc = scenario(name=t["name"], disks=[disk], nics=[{
        "device": 0, "mac": DEFAULT_MAC, "network": t["network"],
        "bridge": "xenbr0"}])
    if name == "hostile-names":
        # A bad chunk (verify and convert name the disk), and a member
        # of a disk ova.xml does not list (a warning names it).
        xva = hostile_xva(sc, [(HOSTILE_MEMBER, disk.chunk(0))])
        doc = dict(t, error=None)
    else:
        xva = hostile_xva(sc, [(HOSTILE_ABSOLUTE, b"x")])
        doc = {"error": "an absolute member name with controls"}
    with Outputs() as outs:
        with open(outs.new(prefix + ".xva"), "wb") as f:
            f.write(xva)
        write_json(outs.new(prefix + ".json"), doc)


HOSTILE = ("hostile-names", "hostile-bad-name")

# Disk counts (issue 12): a VM at the reader's limit of 256 VBDs, one
# more (257), one more than old fixed arrays held (1100), and two VBDs
# sharing one VDI.  Tiny disks: 512 bytes, one chunk each.

def letters(i):
    """a, b, ..., z, aa, ab, ...: xvd device names past xvdz."""
    s = ""
    i += 1
    while i:
        s, i = chr(ord("a") + (i - 1) % 26) + s, (i - 1) // 26
    return s


def tiny_disks(n, bad_last=False):
    disks = []
    for i in range(n):
        d = Disk("Ref:%d" % (10000 + i), i, 512, "D",
                 name="disk %d" % i, bad={0} if bad_last and i == n - 1
                 else ())
        d.device = "xvd" + letters(i)
        disks.append(d)
    return disks


def shared_vdi_xva():
    """Two data VBDs, the second pointing at the first's VDI; the
    second's VDI stays, unattached, with its data."""
    ms = members([Disk("Ref:5", 0, 4096, "D"),
                  Disk("Ref:7", 1, 4096, "D")])
    xml = ms[0][1].replace(b"<name>VDI</name><value>Ref:7</value>",
                           b"<name>VDI</name><value>Ref:5</value>")
    assert xml != ms[0][1]
    return v7_tar([("ova.xml", xml)] + ms[1:])[0]


def many_vbds_xva(n):
    """n tiny disks, the last with a bad checksum."""
    rec = TarOut(None)
    pack(scenario(disks=tiny_disks(n, bad_last=True), nics=[]), rec)
    return v7_tar(rec.members)[0]


def shared_1100_xva():
    """1100 VBDs as an attacker writes them: 1099 on one good VDI, the
    last (userdevice 1099) on a VDI with a bad checksum.  Two tar
    directories only, so that no directory limit stops it first."""
    good = Disk("Ref:10000", 0, 512, "D")
    bad = Disk("Ref:10001", 1099, 512, "D", bad={0})
    bad.device = "xvd" + letters(1099)
    ms = members([good, bad])
    xml = ms[0][1].decode()
    vm = re.search(r"<name>class</name><value>VM</value></member>"
                   r"<member><name>id</name><value>(Ref:[0-9]+)</value>",
                   xml).group(1)
    extra = "".join(rpc({"class": "VBD", "id": "Ref:%d" % (20000 + i),
                         "snapshot": vbd_record(vm, good.ref, i,
                                                "xvd" + letters(i))})
                    for i in range(1, 1099))
    head = "<name>objects</name><value><array><data>"
    assert head in xml
    xml = xml.replace(head, head + extra)
    return v7_tar([("ova.xml", xml.encode())] + ms[1:])[0]


GOOD["disks-256-bad"] = lambda: scenario(disks=tiny_disks(256, bad_last=True),
                                     nics=[])
ISSUE12_BAD = {
    "bad-vbds-1100": ("1100 VBDs on two VDIs, the last one's with a bad "
                      "checksum", shared_1100_xva),
    "bad-vbds-257": ("257 VBDs, one more than the limit",
                     lambda: many_vbds_xva(257)),
    "bad-shared-vdi": ("two VBDs attach VDI Ref:5", shared_vdi_xva),
}
BAD.update((k, v[0]) for k, v in ISSUE12_BAD.items())
bad_xva_before_issue12 = bad_xva


def bad_xva(name):      # noqa: F811 (the variants above, then the rest)
    if name in ISSUE12_BAD:
        return ISSUE12_BAD[name][1]()
    return bad_xva_before_issue12(name)


# ---------------------------------------------------------------------

def main(argv):
    if argv == ["--list"]:
        print("\n".join(list(GOOD) + list(BAD)))
    elif argv[:1] == ["--selftest"]:
        p = argparse.ArgumentParser(prog="make-xva.py --selftest")
        p.add_argument("--keep", metavar="DIR")
        return 0 if selftest(p.parse_args(argv[1:]).keep) else 1
    elif argv[:1] == ["--bench-disk"] and len(argv) == 3:
        bench_disk(int(argv[1]), argv[2])
    elif argv[:1] == ["--from-raw"]:
        p = argparse.ArgumentParser(prog="make-xva.py --from-raw")
        p.add_argument("--name")
        p.add_argument("--memory", type=int, default=1 << 30)
        p.add_argument("--vcpus", type=int, default=2)
        p.add_argument("--uefi", action="store_true")
        for opt, choices in [("--checksum", "xxhash sha1"),
                             ("--format", "v7 ustar gnu pax"),
                             ("--compress", "none gzip zstd")]:
            p.add_argument(opt, choices=choices.split(),
                           default=choices.split()[0])
        p.add_argument("--mac", default=DEFAULT_MAC)
        p.add_argument("--bridge", default="xenbr0")
        p.add_argument("--keepalive-every", type=int, default=0, metavar="K")
        p.add_argument("--chunk-size", type=int, default=MIB, metavar="BYTES")
        p.add_argument("out", metavar="OUT.xva")
        p.add_argument("disks", nargs="+", metavar="DISK.raw")
        a = p.parse_args(argv[1:])
        if not 0 < a.chunk_size <= MIB or a.chunk_size % BLOCK:
            p.error("--chunk-size must be a multiple of 512, at most 1 MiB")
        set_chunk_size(a.chunk_size)
        from_raw(a)
    elif len(argv) == 2 and (argv[0] in GOOD or argv[0] in BAD):
        make_variant(argv[0], argv[1])
    elif len(argv) == 2 and argv[0] in HOSTILE:
        hostile_variant(argv[0], argv[1])
    else:
        sys.stderr.write(__doc__[__doc__.index("Usage"):
                                 __doc__.index("Outputs")])
        return 2
    return 0


# ---------------------------------------------------------------------
# Hostile VM names (issue 12, class 2): each name-* variant is v7-xxhash
# with one name_label that must not become a path, a second line or an
# escape sequence in what virt-v2v -i xva hands on.

class XmlCR(str):
    """A string whose CRs rpc() writes as &#13; (a raw CR in XML reads
    back as LF): the only way to carry one in ova.xml."""

    def translate(self, table):
        return str.translate(self, table).replace("\r", "&#13;")


HOSTILE_NAMES = {
    "name-dotdot": "../../../../etc/cron.d/x",
    "name-hidden": ".hidden",
    # ESC cannot be in XML 1.0 at all: C1 CSI (U+009B) is the escape
    # that can, with CR, LF, tab and DEL.
    "name-control": XmlCR("bad\nname\u009b[2J\rx\ty\u007fz"),
    "name-long": "long-" + "0123456789/." * 24 + "end",
    "name-empty": "",
    "name-utf8": "\u00dcn\u00efc\u00f8d\u00e9 VM \u2713",
}
for _v, _n in HOSTILE_NAMES.items():
    GOOD[_v] = (lambda n: lambda: scenario(name=n))(_n)
# Two CD drives whose HVM slots collide (userdevice 3, and 5 past the
# four IDE slots), a network name that is no bridge name.
GOOD["two-cdroms"] = lambda: scenario(
    cdroms=[{"userdevice": 3, "device": "xvdd"},
            {"userdevice": 5, "device": "xvdf"}],
    nics=[{"device": 0, "mac": DEFAULT_MAC, "bridge": "",
           "network": "Pool <net> & ../x"}])



# Compressed XVAs that expand past what their ova.xml declares (bombs),
# and honest ones near that bound (issue 12, class 4).  A bomb is made
# of whole compressed pieces, gzip members or zstd frames (a reader
# must take several: xva-format(5)); its big run is one piece
# compressed once and repeated, so a GiB costs next to nothing to make.

BOMB_BYTES = 1 << 30
# One byte, not zero, repeated: a spool keeps zeros as holes but must
# write this; and deflate packs a run of one byte best (1000:1).
BOMB_MIB = b"X" * MIB

BAD.update({
    "bad-bomb-zstd": "zstd: a 4 KiB disk whose chunk 1 is 1 GiB",
    "bad-bomb-gzip": "gzip: a 4 KiB disk and a 1 GiB member of no disk",
    "bad-bomb-undeclared": "gzip: 1 GiB of chunks in Ref:99/, no such disk",
    "bad-repacked-gzip": "gzip of a re-packed XVA, ova.xml last",
})


def compress_piece(data, how):
    if how == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    return subprocess.run(["zstd", "-q", "-c"], input=data, check=True,
                          stdout=subprocess.PIPE).stdout


def bomb_pieces(name):
    """The tar, as a list of bytes; BOMB_MIB stands for itself (the
    piece compressed once)."""
    tar = v7_tar(members([Disk("Ref:1", 0, 4096, "D")]))[0]
    pieces = [tar[:-2 * BLOCK]]         # ova.xml and the 4 KiB disk
    if name in ("bad-bomb-zstd", "bad-bomb-gzip"):
        big = "Ref:1/00000001" if name == "bad-bomb-zstd" else "junk.bin"
        pieces.append(v7_header(big, BOMB_BYTES))
        pieces += [BOMB_MIB] * (BOMB_BYTES // MIB)
    else:
        text = xxh64_text(BOMB_MIB)
        for i in range(BOMB_BYTES // MIB):
            pieces += [v7_header("Ref:99/%08d" % i, MIB), BOMB_MIB,
                       v7_header("Ref:99/%08d.xxhash" % i, len(text)) +
                       text + bytes(-len(text) % BLOCK)]
    pieces.append(bytes(2 * BLOCK))
    return pieces


def write_bomb(name, f):
    how = "zstd" if name == "bad-bomb-zstd" else "gzip"
    big = compress_piece(BOMB_MIB, how)
    for piece in bomb_pieces(name):
        f.write(big if piece is BOMB_MIB else compress_piece(piece, how))


def emit_xo_placeholder(sc, prefix, outs):
    """As emit_good, and after the one disk's last chunk a zero chunk
    numbered one past it, as older XO writes (xva-format(5))."""
    out = outs.stream(prefix + ".xva", sc["compress"])
    tar = TarOut(out, sc["flavour"], sc["mode"], sc["sum_style"])
    stats = pack(sc, tar)
    d, = sc["disks"]
    last = max(int(n.partition("/")[2]) for n in tar.index
               if n.startswith(d.ref + "/") and "." not in n)
    name = "%s/%0*d" % (d.ref, sc["width"], last + 1)
    tar.add(name, ZERO_MIB)
    tar.add(name + "." + SUM_EXT[sc["checksum"]],
            SUM_FN[sc["checksum"]](ZERO_MIB))
    stats[d.ref] = (stats[d.ref][0] + MIB, stats[d.ref][1] + 1)
    tar.close()
    sums = [write_raw(d, outs.new(prefix + "-0.raw"))]
    write_json(outs.new(prefix + ".json"), expected_json(sc, stats, sums))


# Honest, compressed, every kind of member the bound allows for: keep-
# alives, a last chunk padded to 1 MiB, XO's placeholder; the second is
# a 12 KiB disk that stores 2 MiB, the most data for the least size.
# (Names that no other variant's name and "-" begin: make_xva removes
# VARIANT-*.raw.)
XO_PLACEHOLDER = {
    "xo-keepalive-zstd": lambda: scenario(compress="zstd", disks=[Disk(
        "Ref:42", 0, 9 * MIB + 4096, "DZZZDZZDZD",
        keepalive={1: 1, 3: 1, 5: 2}, pad_last=True)]),
    "xo-small-gzip": lambda: scenario(compress="gzip", disks=[Disk(
        "Ref:5", 0, 12288, "D", pad_last=True)]),
}
GOOD.update(XO_PLACEHOLDER)

make_variant_before_bombs = make_variant


def make_variant(name, prefix):
    if name in XO_PLACEHOLDER:
        with Outputs() as outs:
            emit_xo_placeholder(XO_PLACEHOLDER[name](), prefix, outs)
    elif name == "bad-repacked-gzip":
        with Outputs() as outs:
            emit_good(scenario(flavour="gnu", compress="gzip"), prefix, outs,
                      ova_not_first)
    elif name.startswith("bad-bomb-"):
        with Outputs() as outs:
            with open(outs.new(prefix + ".xva"), "wb") as f:
                write_bomb(name, f)
            write_json(outs.new(prefix + ".json"), {"error": BAD[name]})
    else:
        make_variant_before_bombs(name, prefix)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Make test XVAs, independently of the C reader.

This is a second implementation of the XVA format (Python's tarfile,
hashlib and xxhash, and a hand-written V7 header writer), so that the
reader and the tests cannot share a bug.  It writes XVAs the way xapi
does (xen-api ocaml/xapi/stream_vdi.ml, export.ml): ova.xml first, then
each disk's non-zero 1 MiB chunks, each followed by its checksum, disks
in string order of their Ref: ids, keep-alive empty chunks that shift
the numbering.

  make-xva.py --list
      the variant names, one per line
  make-xva.py VARIANT PREFIX
      PREFIX.xva, PREFIX-N.raw (the expected disks, userdevice order)
      and PREFIX.json (the expected metadata)
  make-xva.py --from-raw [--name NAME] [--memory BYTES] [--vcpus N]
              [--uefi] [--checksum sha1|xxhash] [--format v7|ustar|gnu|pax]
              [--compress none|gzip|zstd] [--mac MAC] [--bridge BR]
              [--keepalive-every K] OUT.xva DISK.raw [DISK.raw...]
      pack raw disks (streamed, 1 MiB at a time) into OUT.xva + OUT.json
  make-xva.py --bench-disk SIZE_MIB OUT.raw
      a deterministic disk: ~60% random, ~15% text, ~25% zeros
  make-xva.py --selftest
      check every good variant with an independent rebuild
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile

import xxhash

MiB = 1 << 20
ZERO_MIB = bytes(MiB)


# ---------------------------------------------------------------------
# Tar writers

def v7_header(name, size):
    """A V7 header as xapi writes it: no ustar magic, NUL typeflag,
    mode 0400, zero uid/gid/mtime, 7-digit checksum + NUL."""
    name = name.encode()
    if len(name) > 99:
        raise ValueError("name too long for V7: %r" % name)
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000400\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"%011o\0" % 0
    h[148:156] = b" " * 8
    h[156] = 0
    h[148:156] = b"%07o\0" % sum(h)
    return bytes(h)


class TarOut:
    """Write members in one of four flavours to a file object."""

    def __init__(self, f, flavour):
        self.f = f
        self.flavour = flavour
        self.tar = None
        if flavour != "v7":
            fmt = {"ustar": tarfile.USTAR_FORMAT, "gnu": tarfile.GNU_FORMAT,
                   "pax": tarfile.PAX_FORMAT}[flavour]
            self.tar = tarfile.open(fileobj=f, mode="w", format=fmt)
        self.pax_done = False

    def add(self, name, data):
        if self.tar is None:
            self.f.write(v7_header(name, len(data)))
            self.f.write(data)
            pad = -len(data) % 512
            if pad:
                self.f.write(bytes(pad))
            return
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        ti.mode = 0o644
        ti.mtime = 0
        if self.flavour == "pax" and not self.pax_done:
            # Make sure a pax extended header is really there.
            ti.pax_headers = {"comment": "made by make-xva.py"}
            self.pax_done = True
        self.tar.addfile(ti, io.BytesIO(data))

    def close(self):
        if self.tar is None:
            self.f.write(bytes(1024))   # no padding to a 10 KiB record
        else:
            self.tar.close()


# ---------------------------------------------------------------------
# ova.xml (XML-RPC, as mirage/ocaml-rpc writes it)

def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def rpc(x):
    if isinstance(x, bool):
        return "<value><boolean>%d</boolean></value>" % x
    if isinstance(x, int):
        return "<value>%d</value>" % x
    if isinstance(x, dict):
        return "<value><struct>%s</struct></value>" % "".join(
            "<member><name>%s</name>%s</member>" % (k, rpc(v))
            for k, v in x.items())
    if isinstance(x, list):
        return "<value><array><data>%s</data></array></value>" % "".join(
            rpc(v) for v in x)
    if x == "":
        return "<value/>"
    return "<value>%s</value>" % esc(x)


def uuid_of(seed):
    r = random.Random(seed)
    h = "%032x" % r.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def make_ova_xml(vm):
    """vm: the scenario dict (see Scenario)."""
    objs = []
    vm_ref = "Ref:600"
    sr_user, sr_iso = "Ref:400", "Ref:401"
    vbd_refs, vif_refs = [], []
    # Disks and CDs are VBDs.
    for i, d in enumerate(vm["disks"]):
        vbd = "Ref:%d" % (100 + i)
        vbd_refs.append(vbd)
        objs.append(("VBD", vbd, {
            "uuid": uuid_of("vbd%d" % i), "VM": vm_ref, "VDI": d["ref"],
            "device": d["device"], "userdevice": str(d["userdevice"]),
            "bootable": d.get("bootable", False), "mode": "RW",
            "type": "Disk", "empty": False, "unpluggable": False,
            "currently_attached": False}))
        objs.append(("VDI", d["ref"], {
            "uuid": uuid_of("vdi" + d["ref"]), "name_label": d["name"],
            "name_description": "", "virtual_size": str(d["size"]),
            "type": "system" if i == 0 else "user", "SR": sr_user,
            "VBDs": [vbd], "is_a_snapshot": False, "sharable": False,
            "read_only": False}))
    for j, cd in enumerate(vm["cdroms"]):
        vbd = "Ref:%d" % (150 + j)
        vbd_refs.append(vbd)
        vdi = "OpaqueRef:NULL"
        if cd.get("iso"):
            vdi = "Ref:%d" % (160 + j)
            objs.append(("VDI", vdi, {
                "uuid": uuid_of("iso%d" % j), "name_label": "debian.iso",
                "virtual_size": "400000000", "type": "user", "SR": sr_iso,
                "VBDs": [vbd]}))
        objs.append(("VBD", vbd, {
            "uuid": uuid_of("cd%d" % j), "VM": vm_ref, "VDI": vdi,
            "device": cd["device"], "userdevice": str(cd["userdevice"]),
            "bootable": False, "mode": "RO", "type": "CD",
            "empty": not cd.get("iso"), "unpluggable": True}))
    for k, n in enumerate(vm["nics"]):
        vif, net = "Ref:%d" % (200 + k), "Ref:%d" % (300 + k)
        vif_refs.append(vif)
        objs.append(("VIF", vif, {
            "uuid": uuid_of("vif%d" % k), "device": str(n["device"]),
            "MAC": n["mac"], "MTU": "1500", "network": net, "VM": vm_ref,
            "MAC_autogenerated": False}))
        objs.append(("network", net, {
            "uuid": uuid_of("net%d" % k), "name_label": n["network"],
            "bridge": n["bridge"], "MTU": "1500", "VIFs": [vif]}))
    objs.append(("SR", sr_user, {"uuid": uuid_of("sr"),
                                 "name_label": "Local storage",
                                 "type": "lvm", "content_type": "user"}))
    objs.append(("SR", sr_iso, {"uuid": uuid_of("sriso"),
                                "name_label": "ISOs", "type": "iso",
                                "content_type": "iso"}))
    suspend_ref = "OpaqueRef:NULL"
    if vm.get("suspend"):
        s = vm["suspend"]
        suspend_ref = s["ref"]
        objs.append(("VDI", s["ref"], {
            "uuid": uuid_of("suspend"), "name_label": "Suspend image",
            "virtual_size": str(s["size"]), "type": "suspend",
            "SR": sr_user, "VBDs": []}))
    vm_fields = {
        "uuid": vm["uuid"], "name_label": vm["name"],
        "name_description": "made by make-xva.py",
        "power_state": vm.get("power_state", "Halted"),
        "is_a_template": False, "is_a_snapshot": False,
        "is_control_domain": False,
        "memory_static_max": str(vm["memory"]),
        "memory_dynamic_max": str(vm["memory"]),
        "memory_static_min": str(vm["memory"] // 2),
        "VCPUs_max": str(vm["vcpus"]), "VCPUs_at_startup": str(vm["vcpus"]),
        "HVM_boot_policy": "BIOS order" if vm["hvm"] else "",
        "HVM_boot_params": ({"order": "cd", "firmware": vm["firmware"]}
                            if vm["hvm"] else {}),
        "domain_type": "hvm" if vm["hvm"] else "pv",
        "PV_bootloader": "" if vm["hvm"] else "pygrub",
        "PV_args": "", "PV_kernel": "",
        "platform": {"acpi": "1", "apic": "true", "pae": "true",
                     "nx": "true", "viridian": "false",
                     "device-model": "qemu-upstream-compat"},
        "VBDs": vbd_refs,
        "VIFs": [] if vm.get("vifs_backlink_only") else vif_refs,
        "suspend_VDI": suspend_ref, "snapshots": [],
        "other_config": {"base_template_name": "Debian Bookworm 12"},
    }
    objs.insert(0, ("VM", vm_ref, vm_fields))
    if vm.get("snapshot"):
        # A snapshot VM of the same VM, with its own VBD/VDI, no data.
        snap = dict(vm_fields, uuid=uuid_of("snap"), is_a_snapshot=True,
                    name_label=vm["name"] + " snapshot", snapshot_of=vm_ref,
                    VBDs=["Ref:190"], VIFs=[], suspend_VDI="OpaqueRef:NULL")
        objs.append(("VM", "Ref:601", snap))
        objs.append(("VBD", "Ref:190", {
            "VM": "Ref:601", "VDI": "Ref:191", "userdevice": "0",
            "device": "xvda", "type": "Disk", "bootable": True,
            "mode": "RW", "empty": False}))
        objs.append(("VDI", "Ref:191", {
            "uuid": uuid_of("snapvdi"), "name_label": "snapshot disk",
            "virtual_size": str(vm["disks"][0]["size"]), "type": "system",
            "SR": sr_user, "is_a_snapshot": True,
            "snapshot_of": vm["disks"][0]["ref"]}))
    top = {
        "version": {"hostname": "localhost", "date": "2024-03-01",
                    "product_version": "8.2.1", "product_brand": "XCP-ng",
                    "build_number": "release/yangtze/master/58",
                    "xapi_major": "1", "xapi_minor": "20",
                    "export_vsn": "2"},
        "objects": [{"class": c, "id": i, "snapshot": s}
                    for c, i, s in objs],
    }
    return rpc(top).encode()


# ---------------------------------------------------------------------
# Disks and chunks

def checksum(kind, data):
    if kind == "sha1":
        return hashlib.sha1(data).hexdigest().encode()
    return b"%016X" % xxhash.xxh64_intdigest(data, seed=0)


def disk_pattern(disk_no, size, layout, seed):
    """A disk of size bytes: layout is a string, one letter per MiB:
    'd' data (with a zero 4 KiB block in it), 'z' zeros, 't' text.
    Every data sector starts with 'disk D sector S' so that misplaced
    data shows."""
    r = random.Random(seed)
    out = bytearray(size)
    for m in range((size + MiB - 1) // MiB):
        kind = layout[m % len(layout)]
        start, end = m * MiB, min(size, (m + 1) * MiB)
        if kind == "z":
            continue
        if kind == "t":
            line = b"The quick brown fox jumps over the lazy XVA %d.\n" % m
            block = (line * (MiB // len(line) + 1))[:end - start]
            out[start:end] = block
            continue
        out[start:end] = r.randbytes(end - start)
        for s in range(start, end, 512):
            tag = b"disk %d sector %d" % (disk_no, s // 512)
            out[s:s + len(tag)] = tag
        z = start + 8192
        if z + 4096 <= end:
            out[z:z + 4096] = bytes(4096)
    return bytes(out)


def write_disk_chunks(tar, ref, read_chunk, nchunks, opts):
    """Write one disk's members as xapi does.  read_chunk(i) gives chunk
    i's bytes (short for the last).  Returns (stored_bytes, members,
    bad_chunks)."""
    kind = opts.get("checksum", "xxhash")
    width = opts.get("width", 8)
    keepalive_at = set(opts.get("keepalive_at", ()))
    keepalive_every = opts.get("keepalive_every", 0)
    bad = set(opts.get("bad", ()))
    stored, members, k, skipped, bad_numbers = 0, 0, 0, 0, []

    def member(number, data):
        nonlocal stored, members
        name = "%s/%0*d" % (ref, width, number)
        tar.add(name, data)
        kd = kind
        if kind == "mixed":
            kd = "sha1" if number % 2 else "xxhash"
        if kd != "none":
            text = checksum(kd, data)
            if number in bad:
                text = (b"0" if text[:1] != b"0" else b"1") + text[1:]
                bad_numbers.append(number)
            tar.add(name + (".checksum" if kd == "sha1" else ".xxhash"), text)
        stored += len(data)
        members += 1

    for i in range(nchunks):
        data = read_chunk(i)
        if i in keepalive_at:
            member(i + k, b"")
            k += 1
        if i not in (0, nchunks - 1) and data.count(0) == len(data):
            skipped += 1
            if keepalive_every and skipped % keepalive_every == 0:
                member(i + k, b"")
                k += 1
            continue
        member(i + k, data)
    return stored, members, bad_numbers


# ---------------------------------------------------------------------
# Scenarios

def base_vm(**kw):
    vm = {"name": "test-vm", "uuid": uuid_of("vm"), "memory": 2 << 30,
          "vcpus": 2, "hvm": True, "firmware": "bios", "disks": [],
          "cdroms": [], "nics": [{"device": 0, "mac": "00:16:3e:5a:01:02",
                                  "network": "Pool-wide network associated with eth0",
                                  "bridge": "xenbr0"}],
          "format": "v7", "checksum": "xxhash", "compress": "none"}
    vm.update(kw)
    return vm


def disk(ref, userdevice, size, layout="dzdtdzzd", **kw):
    d = {"ref": ref, "userdevice": userdevice,
         "device": "xvd" + "abcdefgh"[userdevice % 8], "size": size,
         "layout": layout, "name": "disk %s" % ref,
         "bootable": userdevice == 0}
    d.update(kw)
    return d


def variant(name):
    """The scenario for a variant name (good ones)."""
    one = lambda **kw: [disk("Ref:1736", 0, 5 * MiB, **kw)]
    v = {
        "v7-sha1": lambda: base_vm(checksum="sha1", disks=one()),
        "v7-xxhash": lambda: base_vm(disks=one(layout="dzzzdtzd")),
        "ustar": lambda: base_vm(format="ustar", disks=one()),
        "gnu": lambda: base_vm(format="gnu", disks=one()),
        "pax": lambda: base_vm(format="pax", disks=one()),
        "keepalive": lambda: base_vm(disks=[disk(
            "Ref:42", 0, 9 * MiB, layout="dzzzdzzdz",
            keepalive_at=[2, 5, 6])]),
        "short-last": lambda: base_vm(disks=[disk(
            "Ref:7", 0, 5 * MiB + 12345)]),
        "padded-last": lambda: base_vm(disks=[disk(
            "Ref:7", 0, 3 * MiB + 4096, layout="dd", pad_last=True)]),
        "multi-disk": lambda: base_vm(
            disks=[disk("Ref:9", 0, 4 * MiB), disk("Ref:12", 1, 3 * MiB,
                                                   layout="zdt"),
                   disk("Ref:10", 2, 2 * MiB + 512, layout="dz")],
            cdroms=[{"userdevice": 3, "device": "xvdd"}],
            nics=[{"device": 0, "mac": "00:16:3e:00:00:01",
                   "network": "Pool-wide network associated with eth0",
                   "bridge": "xenbr0"},
                  {"device": 1, "mac": "00:16:3e:00:00:02",
                   "network": "Storage network", "bridge": "xapi1"}]),
        "cdrom-iso": lambda: base_vm(disks=one(), cdroms=[
            {"userdevice": 3, "device": "xvdd", "iso": True}]),
        "snapshot": lambda: base_vm(disks=one(), snapshot=True),
        "suspend": lambda: base_vm(disks=one(), power_state="Suspended",
                                   suspend={"ref": "Ref:77",
                                            "size": 2 * MiB}),
        "metadata-only": lambda: base_vm(disks=one(), metadata_only=True),
        "ref000": lambda: base_vm(
            format="ustar", vifs_backlink_only=True,
            disks=[disk("Ref:000", 1, 3 * MiB + 100, layout="dzd",
                        pad_last=True),
                   disk("Ref:001", 2, 2 * MiB, layout="dd")]),
        "width20": lambda: base_vm(disks=[disk("Ref:3", 0, 4 * MiB,
                                               width=20)]),
        "zero-disk": lambda: base_vm(disks=[disk("Ref:5", 0, 4 * MiB,
                                                 layout="z")]),
        "uefi": lambda: base_vm(firmware="uefi", disks=one()),
        "pv": lambda: base_vm(hvm=False, disks=one()),
        "gzip": lambda: base_vm(compress="gzip", disks=one()),
        "zstd": lambda: base_vm(compress="zstd", disks=one()),
        "sha1-bad": lambda: base_vm(checksum="sha1", disks=[disk(
            "Ref:1736", 0, 6 * MiB, layout="dddtdd", bad=[1, 4])]),
        "xxhash-bad": lambda: base_vm(disks=[disk(
            "Ref:1736", 0, 4 * MiB, layout="dddd", bad=[2])]),
        "mixed-checksum": lambda: base_vm(checksum="mixed", disks=one()),
        "bad-ova-not-first": lambda: base_vm(disks=one(), ova_last=True),
    }
    return v[name]()


GOOD = ["v7-sha1", "v7-xxhash", "ustar", "gnu", "pax", "keepalive",
        "short-last", "padded-last", "multi-disk", "cdrom-iso", "snapshot",
        "suspend", "metadata-only", "ref000", "width20", "zero-disk", "uefi",
        "pv", "gzip", "zstd", "sha1-bad", "xxhash-bad", "mixed-checksum"]
BAD = ["bad-truncated", "bad-truncated-header", "bad-header-checksum",
       "bad-no-ova", "bad-ova-not-first", "bad-dotdot", "bad-absolute",
       "bad-beyond", "bad-duplicate", "bad-xml", "bad-v1", "bad-not-xva",
       "bad-empty", "bad-missing-disk"]


def compress_file(path, how):
    if how == "gzip":
        with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
            shutil.copyfileobj(f, g, MiB)
        os.replace(path + ".gz", path)
    elif how == "zstd":
        subprocess.run(["zstd", "-q", "-f", "--rm", path, "-o",
                        path + ".zst"], check=True)
        os.replace(path + ".zst", path)


def build(vm, prefix):
    """Write PREFIX.xva, PREFIX-N.raw, PREFIX.json for a scenario."""
    disks = sorted(vm["disks"], key=lambda d: d["userdevice"])
    contents = {}
    for n, d in enumerate(disks):
        contents[d["ref"]] = disk_pattern(n, d["size"], d["layout"],
                                          seed=d["ref"])
    suspend = vm.get("suspend")
    if suspend:
        contents[suspend["ref"]] = disk_pattern(99, suspend["size"], "d",
                                                seed="suspend")
    info = {}
    tmp = prefix + ".xva.tmp"
    with open(tmp, "wb") as f:
        tar = TarOut(f, vm["format"])
        if not vm.get("ova_last"):
            tar.add("ova.xml", make_ova_xml(vm))
        if not vm.get("metadata_only"):
            with_data = list(disks) + ([suspend] if suspend else [])
            for d in sorted(with_data, key=lambda d: d["ref"]):
                data = contents[d["ref"]]
                nchunks = max(1, (len(data) + MiB - 1) // MiB)

                def read_chunk(i, data=data, d=d, nchunks=nchunks):
                    c = data[i * MiB:(i + 1) * MiB]
                    if d.get("pad_last") and i == nchunks - 1:
                        c += bytes(MiB - len(c))
                    return c
                info[d["ref"]] = write_disk_chunks(
                    tar, d["ref"], read_chunk, nchunks,
                    dict(d, checksum=vm["checksum"]))
        if vm.get("ova_last"):
            tar.add("ova.xml", make_ova_xml(vm))
        tar.close()
    compress_file(tmp, vm["compress"])
    for n, d in enumerate(disks):
        with open(prefix + "-%d.raw" % n, "wb") as f:
            f.write(contents[d["ref"]])
    expected = expected_json(vm, disks, info)
    with open(prefix + ".json", "w") as f:
        json.dump(expected, f, indent=2)
    os.replace(tmp, prefix + ".xva")
    return expected


def expected_json(vm, disks, info):
    bad = []
    out_disks = []
    for d in disks:
        stored, members, bad_numbers = info.get(d["ref"], (0, 0, []))
        bad += [{"ref": d["ref"], "chunk": n} for n in bad_numbers]
        out_disks.append({
            "ref": d["ref"], "userdevice": d["userdevice"],
            "device": d["device"], "virtual_size": d["size"],
            "stored_bytes": stored, "chunks": members, "name": d["name"],
            "bootable": d.get("bootable", False),
            "sha256": d.get("sha256")})
    return {
        "name": vm["name"], "uuid": vm["uuid"], "memory": vm["memory"],
        "vcpus": vm["vcpus"], "firmware": vm["firmware"],
        "hvm": vm["hvm"], "disks": out_disks,
        "cdroms": [{"userdevice": c["userdevice"], "device": c["device"]}
                   for c in vm["cdroms"]],
        "nics": vm["nics"],
        "suspend_vdi": vm["suspend"]["ref"] if vm.get("suspend") else None,
        "metadata_only": bool(vm.get("metadata_only")),
        "checksum": "none" if vm.get("metadata_only") else vm["checksum"],
        "tar_format": vm["format"],
        "compression": vm["compress"], "bad_chunks": bad,
    }


# ---------------------------------------------------------------------
# Bad variants

def write_bad(name, prefix):
    path = prefix + ".xva"
    tmp = path + ".tmp"
    small = base_vm(disks=[disk("Ref:1", 0, 3 * MiB, layout="ddd")])

    def members(vm, ova=None):
        """The members of a small good XVA as (name, data) pairs."""
        out = [("ova.xml", ova if ova is not None else make_ova_xml(vm))]
        for d in vm["disks"]:
            data = disk_pattern(0, d["size"], d["layout"], seed=d["ref"])
            for i in range((len(data) + MiB - 1) // MiB):
                c = data[i * MiB:(i + 1) * MiB]
                out.append(("%s/%08d" % (d["ref"], i), c))
                out.append(("%s/%08d.xxhash" % (d["ref"], i),
                            checksum("xxhash", c)))
        return out

    def write(ms):
        with open(tmp, "wb") as f:
            t = TarOut(f, "v7")
            for n, data in ms:
                t.add(n, data)
            t.close()

    if name in ("bad-truncated", "bad-truncated-header",
                "bad-header-checksum"):
        write(members(small))
        raw = bytearray(open(tmp, "rb").read())
        # ova.xml header + data, then the header of Ref:1/00000000.
        ova_len = len(make_ova_xml(small))
        chunk0_header = 512 + ova_len + (-ova_len % 512)
        if name == "bad-truncated":
            raw = raw[:chunk0_header + 512 + MiB + 512 + 512 + 300000]
        elif name == "bad-truncated-header":
            raw = raw[:chunk0_header + 512 + MiB + 512 + 512 + MiB +
                      512 + 512 + 100]
        else:
            raw[chunk0_header + 148] ^= 0x01   # checksum field
        open(tmp, "wb").write(raw)
    elif name == "bad-no-ova":
        write(members(small)[1:])
    elif name == "bad-dotdot":
        write(members(small) + [("Ref:1/../../etc/passwd", b"root:x:0:0\n")])
    elif name == "bad-absolute":
        write(members(small)[:1] + [("/etc/passwd", b"root:x:0:0\n")])
    elif name == "bad-beyond":
        vm = base_vm(disks=[disk("Ref:1", 0, 2 * MiB, layout="dd")])
        ms = members(vm)
        extra = disk_pattern(0, MiB, "d", seed="beyond")
        ms += [("Ref:1/00000002", extra),
               ("Ref:1/00000002.xxhash", checksum("xxhash", extra))]
        write(ms)
    elif name == "bad-duplicate":
        ms = members(small)
        ms.insert(5, ms[5])
        ms.insert(6, ms[7])
        write(ms)
    elif name == "bad-xml":
        write(members(small, ova=b"<value><struct></value>"))
    elif name == "bad-v1":
        ova = (b'<?xml version="1.0"?><appliance version="0.1">'
               b'<vm name="old"><label>old</label><config mem_set="268435456"'
               b' vcpus="1"/><vbd device="xvda" function="root" mode="w"'
               b' vdi="vdi1"/></vm><vdi name="vdi1" size="1048576"'
               b' source="file://xvda" type="dir-gzipped-chunks"/>'
               b'</appliance>')
        write([("ova.xml", ova),
               ("xvda/chunk-000000000.gz", gzip.compress(ZERO_MIB))])
    elif name == "bad-not-xva":
        write([("hello.txt", b"hello\n"), ("dir/file", b"data\n")])
    elif name == "bad-empty":
        open(tmp, "wb").close()
    elif name == "bad-missing-disk":
        vm = base_vm(disks=[disk("Ref:5", 0, 2 * MiB, layout="dd"),
                            disk("Ref:7", 1, 2 * MiB, layout="dd")])
        ms = [m for m in members(vm) if not m[0].startswith("Ref:7/")]
        write(ms)
    else:
        raise KeyError(name)
    os.replace(tmp, path)
    with open(prefix + ".json", "w") as f:
        json.dump({"error": name}, f)


# ---------------------------------------------------------------------
# --from-raw and --bench-disk

def from_raw(args):
    disks = []
    for i, path in enumerate(args.disks):
        size = os.stat(path).st_size
        disks.append(disk("Ref:%d" % (1000 + i * 7), i, size,
                          name="disk %d" % i, path=path,
                          keepalive_every=args.keepalive_every))
    vm = base_vm(name=args.name, uuid=uuid_of("raw" + args.name),
                 memory=args.memory, vcpus=args.vcpus,
                 firmware="uefi" if args.uefi else "bios",
                 checksum=args.checksum, format=args.format,
                 compress=args.compress, disks=disks,
                 nics=[{"device": 0, "mac": args.mac,
                        "network": "Pool-wide network associated with eth0",
                        "bridge": args.bridge}])
    tmp = args.out + ".tmp"
    info = {}
    with open(tmp, "wb") as f:
        tar = TarOut(f, vm["format"])
        tar.add("ova.xml", make_ova_xml(vm))
        for d in sorted(disks, key=lambda d: d["ref"]):
            with open(d["path"], "rb") as raw:
                nchunks = max(1, (d["size"] + MiB - 1) // MiB)
                sha = hashlib.sha256()

                def read_chunk(i, raw=raw, sha=sha):
                    raw.seek(i * MiB)
                    c = raw.read(MiB)
                    sha.update(c)
                    return c
                info[d["ref"]] = write_disk_chunks(
                    tar, d["ref"], read_chunk, nchunks,
                    dict(d, checksum=vm["checksum"]))
                d["sha256"] = sha.hexdigest()
        tar.close()
    compress_file(tmp, vm["compress"])
    with open(os.path.splitext(args.out)[0] + ".json", "w") as f:
        json.dump(expected_json(vm, disks, info), f, indent=2)
    os.replace(tmp, args.out)


def bench_disk(size_mib, out):
    """~60% random, ~15% text, ~25% zeros, in runs; deterministic."""
    r = random.Random(4096)
    rnd = [r.randbytes(MiB) for _ in range(8)]
    line = b"Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
    text = (line * (MiB // len(line) + 1))[:MiB]
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate(size_mib * MiB)
        m = 0
        while m < size_mib:
            x = r.random()
            run = r.randint(1, 8)
            for i in range(m, min(size_mib, m + run)):
                if x < 0.25:
                    continue                        # zeros: a hole
                if x < 0.40:
                    block = bytearray(text)
                else:
                    block = bytearray(rnd[(i * 7 + m) % 8])
                    block[0:16] = b"%016d" % i      # every MiB differs
                    z = r.randrange(0, MiB // 4096) * 4096
                    block[z:z + 4096] = bytes(4096)  # a zero block inside
                f.seek(i * MiB)
                f.write(block)
            m += run
    os.replace(tmp, out)


# ---------------------------------------------------------------------
# Self-test: rebuild each good variant with tarfile and xapi's rule

def rebuild(xva, ref, size):
    """xapi's reader (stream_vdi.ml recv_all): pos/last per member."""
    out = bytearray(size)
    pos, last = 0, -1
    with tarfile.open(xva) as t:
        for m in t.getmembers():
            name = m.name[2:] if m.name.startswith("./") else m.name
            if not name.startswith(ref + "/"):
                continue
            rest = name[len(ref) + 1:]
            if not rest.isdigit():
                continue
            n = int(rest)
            data = t.extractfile(m).read()
            pos += (n - last - 1) * MiB
            end = min(size, pos + len(data))
            if pos < size:
                out[pos:end] = data[:end - pos]
            pos += len(data)
            last = n
    return bytes(out)


def selftest():
    vectors = [(b"", "EF46DB3751D8E999",
                "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
               (ZERO_MIB, "87D2A1B6E1163EF1",
                "3b71f43ff30f4b15b5cd85dd9e95ebc7e84eb5a3"),
               (b"abc", "44BC2CF5AD770999",
                "a9993e364706816aba3e25717850c26c9cd0d89d")]
    passed = failed = 0
    for data, x, s in vectors:
        ok = (checksum("xxhash", data).decode() == x and
              checksum("sha1", data).decode() == s)
        passed += ok
        failed += not ok
    d = tempfile.mkdtemp()
    try:
        for v in GOOD:
            prefix = os.path.join(d, v)
            exp = build(variant(v), prefix)
            x = prefix + ".xva"
            if exp["compression"] != "none":
                raw = (gzip.decompress(open(x, "rb").read())
                       if exp["compression"] == "gzip" else
                       subprocess.run(["zstd", "-dc", x], check=True,
                                      capture_output=True).stdout)
                x = prefix + ".tar"
                open(x, "wb").write(raw)
            ok = True
            if not exp["metadata_only"]:
                for n, dk in enumerate(exp["disks"]):
                    got = rebuild(x, dk["ref"], dk["virtual_size"])
                    want = open(prefix + "-%d.raw" % n, "rb").read()
                    ok = ok and got == want
            print("%s: %s" % (v, "ok" if ok else "FAILED"))
            passed += ok
            failed += not ok
        if shutil.which("xva-img"):
            prefix = os.path.join(d, "v7-sha1")
            exp = json.load(open(prefix + ".json"))
            u = os.path.join(d, "unpacked")
            os.mkdir(u)
            subprocess.run(["tar", "-C", u, "-xf", prefix + ".xva"],
                           check=True)
            subprocess.run(["chmod", "-R", "u+rwX", u], check=True)
            subprocess.run(["xva-img", "-s", "disk-export",
                            os.path.join(u, exp["disks"][0]["ref"]),
                            os.path.join(d, "xi.raw")], check=True,
                           capture_output=True)
            ok = (open(os.path.join(d, "xi.raw"), "rb").read() ==
                  open(prefix + "-0.raw", "rb").read())
            print("xva-img disk-export v7-sha1: %s" % ("ok" if ok else "FAILED"))
            passed += ok
            failed += not ok
    finally:
        shutil.rmtree(d)
    print("%d passed, %d failed" % (passed, failed))
    return failed == 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--list":
        print("\n".join(GOOD + BAD))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--selftest":
        sys.exit(0 if selftest() else 1)
    if len(sys.argv) > 1 and sys.argv[1] == "--bench-disk":
        bench_disk(int(sys.argv[2]), sys.argv[3])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--from-raw":
        p = argparse.ArgumentParser(prog="make-xva.py --from-raw")
        p.add_argument("--name", default="guest")
        p.add_argument("--memory", type=int, default=1 << 30)
        p.add_argument("--vcpus", type=int, default=1)
        p.add_argument("--uefi", action="store_true")
        p.add_argument("--checksum", default="xxhash",
                       choices=["sha1", "xxhash"])
        p.add_argument("--format", default="v7",
                       choices=["v7", "ustar", "gnu", "pax"])
        p.add_argument("--compress", default="none",
                       choices=["none", "gzip", "zstd"])
        p.add_argument("--mac", default="00:16:3e:12:34:56")
        p.add_argument("--bridge", default="xenbr0")
        p.add_argument("--keepalive-every", type=int, default=0)
        p.add_argument("out")
        p.add_argument("disks", nargs="+")
        from_raw(p.parse_args(sys.argv[2:]))
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    name, prefix = sys.argv[1], sys.argv[2]
    if name in BAD and name != "bad-ova-not-first":
        write_bad(name, prefix)
    elif name in GOOD or name == "bad-ova-not-first":
        build(variant(name), prefix)
    else:
        sys.exit("make-xva.py: unknown variant %s (try --list)" % name)


if __name__ == "__main__":
    main()

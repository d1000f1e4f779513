#!/usr/bin/env bash
# virt-v2v-xva
# Copyright (C) 2026 the virt-v2v-xva authors
# SPDX-License-Identifier: LGPL-2.1-or-later

# The README's two commands, for a fresh Debian 12 machine (as root):
#
#   ./quickstart.sh          install what is needed, build, run the demo
#   ./quickstart.sh check    install what is needed, build, run every test
#
# Each step is skipped when it is already done, so both are cheap to
# run again.  .ci/run runs "./quickstart.sh check".

set -e
cd "$(dirname "$0")"

# Every Debian package the project needs to build, test and run.
packages=(
    # build
    autoconf automake libtool pkg-config make gcc perl
    libarchive-dev libxml2-dev libssl-dev libxxhash-dev
    nbdkit nbdkit-plugin-dev libnbd-dev libguestfs-dev
    # run and test
    libnbd-bin python3-libnbd qemu-utils qemu-system-x86
    libguestfs-tools guestfs-tools supermin linux-image-amd64 debootstrap
    e2fsprogs fdisk
    virt-v2v libvirt-clients libvirt-daemon-system xva-img
    python3 python3-xxhash zstd gzip jq bc util-linux
)

install_packages ()
{
    local missing=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
            grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "quickstart: installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
        echo "quickstart: run as root (or install: ${missing[*]})" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build ()
{
    if [ ! -x configure ] || [ configure.ac -nt configure ]; then
        autoreconf -fi
    fi
    if [ ! -f Makefile ] || [ configure -nt Makefile ]; then
        ./configure --enable-werror
    fi
    make -j"$(nproc)"
}

# Print the plain summary line from automake's test logs.
summary ()
{
    local log=tests/test-suite.log pass fail skip
    pass=$(sed -n 's/^# PASS: *//p' "$log")
    fail=$(( $(sed -n 's/^# FAIL: *//p' "$log") + $(sed -n 's/^# ERROR: *//p' "$log") + $(sed -n 's/^# XPASS: *//p' "$log") ))
    skip=$(sed -n 's/^# SKIP: *//p' "$log")
    echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
}

install_packages
build

case "${1:-demo}" in
    demo)
        ./run tests/demo.sh
        ;;
    check)
        status=0
        make -j"$(nproc)" check || status=$?
        [ $status -eq 0 ] || cat tests/test-suite.log
        summary
        exit $status
        ;;
    *)
        echo "usage: $0 [demo|check]" >&2
        exit 1
        ;;
esac

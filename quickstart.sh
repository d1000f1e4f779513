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
    python3 python3-xxhash zstd gzip xz-utils bzip2 jq bc util-linux
    # make check-valgrind
    valgrind
    # make fuzz
    clang libclang-rt-14-dev
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

# The second build of "check": ./configure --enable-sanitizers (ASan
# and UBSan) in build-asan/, from a clean copy of the sources made by
# "make distdir" (configure refuses to build out of a tree that is
# configured in place).  It runs every test but those that boot a
# guest or the libguestfs appliance, which the plain build has just run
# (and in whose launch code, libguestfs 1.48's own, ASan finds a
# heap overread: read_lpj_from_dmesg's strndup).
sanitized=build-asan
check_sanitized ()
{
    rm -rf "$sanitized"
    mkdir -p "$sanitized/build"
    if ! { make distdir distdir="$sanitized/src" >/dev/null &&
           ( cd "$sanitized/build" &&
             ../src/configure -q --enable-sanitizers --enable-werror \
                 >configure.out &&
             make -s -j"$(nproc)" >/dev/null ); }; then
        echo "quickstart: the sanitized build failed" >&2
        return 1
    fi
    make -C "$sanitized/build" -j"$(nproc)" check-fast
}

# Add one automake test log's counts to pass, fail and skip.
count ()
{
    local log="$1" n k
    [ -f "$log" ] || return 0
    n=$(sed -n 's/^# PASS: *//p' "$log"); pass=$(( pass + ${n:-0} ))
    for k in FAIL ERROR XPASS; do
        n=$(sed -n "s/^# $k: *//p" "$log"); fail=$(( fail + ${n:-0} ))
    done
    n=$(sed -n 's/^# SKIP: *//p' "$log"); skip=$(( skip + ${n:-0} ))
}

install_packages
build

case "${1:-demo}" in
    demo)
        ./run tests/demo.sh
        ;;
    check)
        status=0
        # -k: a failure in tests/ must not stop tests/fuzz from running.
        make -k -j"$(nproc)" check || status=$?
        [ $status -eq 0 ] ||
            cat tests/test-suite.log tests/fuzz/test-suite.log 2>/dev/null || :
        pass=0 fail=0 skip=0
        count tests/test-suite.log
        count tests/fuzz/test-suite.log

        start=$SECONDS
        echo "quickstart: the sanitized build (ASan, UBSan) in $sanitized/"
        s=0
        check_sanitized || s=$?
        log="$sanitized/build/tests/test-suite.log"
        fuzzlog="$sanitized/build/tests/fuzz/test-suite.log"
        if [ ! -f "$log" ]; then
            fail=$(( fail + 1 ))    # not built: one failure
        elif [ $s -ne 0 ]; then
            cat "$log" "$fuzzlog" 2>/dev/null || :
        fi
        count "$log"
        count "$fuzzlog"
        echo "quickstart: the sanitized build and its tests took $(( SECONDS - start )) s"
        [ $s -eq 0 ] || status=1

        # A short fuzz run of every harness (libFuzzer), counted as one
        # test: a crash fails it and leaves its input in
        # tests/fuzz/artifacts/.
        start=$SECONDS
        if make -C tests/fuzz fuzz FUZZ_TIME="${FUZZ_TIME:-30}" \
               > tests/fuzz/fuzz-run.log 2>&1; then
            pass=$(( pass + 1 ))
            echo "PASS: make fuzz (${FUZZ_TIME:-30} s a harness)"
        else
            fail=$(( fail + 1 )); status=1
            tail -60 tests/fuzz/fuzz-run.log
            echo "FAIL: make fuzz (see tests/fuzz/artifacts/)"
        fi
        echo "quickstart: the fuzz run took $(( SECONDS - start )) s"

        echo "$pass passed, $fail failed, $skip skipped"
        exit $status
        ;;
    *)
        echo "usage: $0 [demo|check]" >&2
        exit 1
        ;;
esac

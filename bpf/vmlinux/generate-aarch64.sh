#!/usr/bin/env bash
# Generates bpf/vmlinux/aarch64/vmlinux.h from a real arm64 kernel's BTF, on any
# Debian machine (no arm64 hardware, no `dpkg --add-architecture`):
#
#   1. download Debian's arm64 kernel image package with apt-get through a private
#      apt configuration (packaging/sensor/apt-download.sh);
#   2. take /boot/vmlinuz-* out of it: on Debian arm64 that is the kernel's `Image`
#      (uncompressed, or gzip'd on other builds), not an ELF file;
#   3. cut the kernel's BTF blob out of the Image: it is the bytes between
#      __start_BTF and __stop_BTF, found by its header (magic 0xeB9F, version 1,
#      header length 24, types first, strings right after);
#   4. `bpftool btf dump file <raw BTF> format c`.
#
# The committed header came from this exact command (2026-12-03):
#   bpf/vmlinux/generate-aarch64.sh linux-image-6.12.117+deb13-arm64-unsigned=6.12.117-1
# A point release leaves deb.debian.org when the next one comes; any other arm64
# kernel with CONFIG_DEBUG_INFO_BTF (Debian's all have it) serves as well: CO-RE
# relocates the programs' field accesses at load time.
#
# Needs: apt-get, bpftool (apt-get install bpftool), dd, od, grep, gzip.
set -euo pipefail

die() { echo "generate-aarch64: $*" >&2; exit 1; }

here="$(cd "$(dirname "$0")" && pwd)"
package="${1:-linux-image-6.12.117+deb13-arm64-unsigned=6.12.117-1}"
suite="${SUITE:-trixie}"
out="${OUT:-$here/aarch64/vmlinux.h}"
command -v bpftool >/dev/null || die "bpftool is missing (apt-get install bpftool)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

deb="$("$here/../../packaging/sensor/apt-download.sh" --arch arm64 --suite "$suite" \
    --state "$work/apt" --dest "$work/debs" "$package" | head -1)"
echo "generate-aarch64: kernel package $(basename "$deb")" >&2

dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" --wildcards './boot/vmlinuz-*'
vmlinuz=("$work"/boot/vmlinuz-*)
[[ -f "${vmlinuz[0]}" ]] || die "$(basename "$deb") has no /boot/vmlinuz-*"
image="$work/Image"
case "$(od -A n -t x1 -N 2 "${vmlinuz[0]}" | tr -d ' ')" in
    1f8b) gzip -dc "${vmlinuz[0]}" > "$image" ;;
    4d5a) cp "${vmlinuz[0]}" "$image" ;; # "MZ": the arm64 Image header (EFI stub)
    *) die "$(basename "${vmlinuz[0]}") is neither an arm64 Image nor gzip'd; a zboot/zstd image needs its own unpacking" ;;
esac
# The arm64 Image header says "ARM\x64" at offset 56.
[[ "$(dd if="$image" bs=1 skip=56 count=4 status=none)" == $'ARM\x64' ]] || die "not an arm64 kernel Image"

# The BTF header: magic 9f eb, version 1, flags 0, hdr_len 24, type_off 0.
mapfile -t offsets < <(LC_ALL=C grep -obUaP '\x9f\xeb\x01\x00\x18\x00\x00\x00\x00\x00\x00\x00' "$image" | cut -d: -f1)
((${#offsets[@]} == 1)) || die "expected one BTF header in the Image, found ${#offsets[@]} (kernel without CONFIG_DEBUG_INFO_BTF?)"
read -r type_off type_len str_off str_len < <(od -A n -t u4 -j $((offsets[0] + 8)) -N 16 "$image")
((type_off == 0 && str_off == type_len && str_len > 0)) || die "the BTF header at ${offsets[0]} is not a kernel's (types $type_off+$type_len, strings $str_off+$str_len)"
dd if="$image" of="$work/btf" iflag=skip_bytes,count_bytes skip="${offsets[0]}" count=$((24 + str_off + str_len)) status=none

mkdir -p "$(dirname "$out")"
bpftool btf dump file "$work/btf" format c > "$out.tmp"
grep -q '^struct user_pt_regs {' "$out.tmp" || die "the dumped header has no struct user_pt_regs: not an arm64 kernel's BTF"
mv "$out.tmp" "$out"
echo "generate-aarch64: wrote $out ($(wc -l < "$out") lines, sha256 $(sha256sum "$out" | cut -c1-16)...)" >&2

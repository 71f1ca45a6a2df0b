#!/usr/bin/env bash
# Renders the committed icon files from the SVG sources. Run it after editing an
# SVG and commit what it writes; builds use the committed files and need no tool.
#
#   icons/render.sh            (needs rsvg-convert: apt-get install librsvg2-bin,
#                               ImageMagick's convert for the .ico, python3 for the .icns)
#
# Writes:
#   png/nightjar-<N>.png  N = 16 24 32 48 64 128 256 512 (16-32 from nightjar-small.svg)
#   nightjar.ico          16 24 32 48 64 128 256, for the Windows installer
#   nightjar.icns         icp4 icp5 icp6 ic07 ic08 ic09 (16 32 64 128 256 512), for macOS
#   rendered-from.sha256  the SVGs these were rendered from; IconFilesTest fails
#                         when an SVG changed and this script was not run again
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert convert python3; do
    command -v "$tool" >/dev/null || { echo "render.sh needs '$tool' (apt-get install librsvg2-bin imagemagick python3)" >&2; exit 1; }
done

mkdir -p png
for size in 16 24 32 48 64 128 256 512; do
    source=nightjar.svg
    ((size <= 32)) && source=nightjar-small.svg
    rsvg-convert --width "$size" --height "$size" --format png "$source" --output "png/nightjar-$size.png"
done

convert png/nightjar-{16,24,32,48,64,128,256}.png nightjar.ico

# ICNS: 'icns' + total length, then per entry a 4-byte type, a 4-byte length
# (header included) and the PNG bytes. All lengths big-endian.
python3 - <<'PY'
import struct
entries = [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512)]
body = b""
for kind, size in entries:
    data = open(f"png/nightjar-{size}.png", "rb").read()
    body += kind + struct.pack(">I", 8 + len(data)) + data
open("nightjar.icns", "wb").write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY

sha256sum nightjar.svg nightjar-small.svg > rendered-from.sha256
ls -l png nightjar.ico nightjar.icns

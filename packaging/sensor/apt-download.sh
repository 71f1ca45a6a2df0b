#!/usr/bin/env bash
# Downloads Debian packages of any architecture and suite with apt-get, through a
# private apt configuration (its own sources, lists and cache under --state), so the
# machine's own apt setup is never touched: no `dpkg --add-architecture`, no new
# sources.list entries. Used for what the arm64 sensor needs from Debian (the arm64
# JDK's jmods in build-oci.sh, the arm64 kernel in bpf/vmlinux/generate-aarch64.sh).
#
#   apt-download.sh --arch arm64 --suite trixie --state DIR --dest DIR PACKAGE[=VERSION]...
#
# Prints the path of each downloaded .deb, one a line. Needs apt-get and the Debian
# archive keyring (/usr/share/keyrings/debian-archive-keyring.gpg, package
# debian-archive-keyring; bookworm's holds the trixie keys too).
set -euo pipefail

die() { echo "apt-download: $*" >&2; exit 1; }

arch="" suite="" state="" dest=""
mirror="http://deb.debian.org/debian" security="http://deb.debian.org/debian-security"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
packages=()
while (($#)); do
    case "$1" in
        --arch) arch="$2"; shift 2 ;;
        --suite) suite="$2"; shift 2 ;;
        --state) state="$2"; shift 2 ;;
        --dest) dest="$2"; shift 2 ;;
        --mirror) mirror="$2"; shift 2 ;;
        --security-mirror) security="$2"; shift 2 ;;
        --keyring) keyring="$2"; shift 2 ;;
        -*) die "unknown option $1" ;;
        *) packages+=("$1"); shift ;;
    esac
done
[[ -n "$arch" && -n "$suite" && -n "$state" && -n "$dest" && ${#packages[@]} -gt 0 ]] \
    || die "usage: $0 --arch ARCH --suite SUITE --state DIR --dest DIR PACKAGE[=VERSION]..."
command -v apt-get >/dev/null || die "apt-get is missing (this needs a Debian or Ubuntu machine)"
[[ -r "$keyring" ]] || die "no Debian archive keyring at $keyring (apt-get install debian-archive-keyring)"

mkdir -p "$state/etc/apt/sources.list.d" "$state/etc/apt/preferences.d" "$state/etc/apt/apt.conf.d" \
         "$state/lists/partial" "$state/cache/archives/partial" "$dest"
: > "$state/status"
{
    echo "deb [signed-by=$keyring] $mirror $suite main"
    # Stable suites get their fixes through -updates and the security archive;
    # sid and the like have neither, and apt only warns about a missing suite.
    if [[ "$suite" != sid && "$suite" != unstable && "$suite" != experimental ]]; then
        echo "deb [signed-by=$keyring] $mirror $suite-updates main"
        echo "deb [signed-by=$keyring] $security $suite-security main"
    fi
} > "$state/etc/apt/sources.list"

apt_opts=(
    -o "Dir::Etc=$state/etc/apt"
    -o "Dir::Etc::sourcelist=$state/etc/apt/sources.list"
    -o "Dir::Etc::sourceparts=$state/etc/apt/sources.list.d"
    -o "Dir::Etc::preferencesparts=$state/etc/apt/preferences.d"
    -o "Dir::Etc::parts=$state/etc/apt/apt.conf.d"
    -o "Dir::State::lists=$state/lists"
    -o "Dir::State::status=$state/status"
    -o "Dir::Cache=$state/cache"
    -o "APT::Architecture=$arch"
    -o "APT::Architectures=$arch"
    # The downloads land in directories root made; apt's _apt user cannot write there.
    -o "APT::Sandbox::User=root"
    -o "Acquire::Languages=none"
)
apt-get "${apt_opts[@]}" -qq update >&2 || die "apt-get update of $suite/$arch from $mirror failed (network? mirror?)"
(cd "$dest" && apt-get "${apt_opts[@]}" -qq download "${packages[@]}" >&2) \
    || die "cannot download ${packages[*]} for $arch from $suite (is the version still on the mirror? apt-cache policy shows what is)"
for p in "${packages[@]}"; do
    name="${p%%=*}"
    found=("$dest/${name}_"*"_$arch.deb")
    [[ -f "${found[0]}" ]] || die "apt-get download left no $dest/${name}_*_$arch.deb"
    printf '%s\n' "${found[@]}"
done

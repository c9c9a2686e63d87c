#!/usr/bin/env bash
# Software Vulkan (Mesa 25 lavapipe) for the webgpu backend, unpacked into a project-local folder.
#
# Dawn (the `webgpu` npm package) needs a Vulkan loader and an ICD. Debian 12's own Mesa 22.3 lavapipe gives no
# adapter (it lacks features Dawn requires); Mesa 25 from bookworm-backports works. This script:
#   1. copies the machine's apt sources into a private apt config and adds `<codename>-backports` as an extra suite
#      on the SAME Debian host the machine already uses (no new host; /etc/apt is not touched),
#   2. asks apt which packages `mesa-vulkan-drivers` (backports) + `libvulkan1` need on top of what is installed,
#   3. `apt-get download`s those .debs and unpacks them with `dpkg -x` into .vendor/vulkan/root (nothing is installed
#      system-wide),
#   4. rewrites the lavapipe ICD json's library_path to the local .so and writes .vendor/vulkan/env.sh, which exports
#      VK_ICD_FILENAMES / VK_DRIVER_FILES and LD_LIBRARY_PATH.
# Idempotent: when the unpacked driver and env.sh are present it only prints where they are (no network).
#
#   bash scripts/setup-lavapipe.sh          # then: . .vendor/vulkan/env.sh
#   bash scripts/setup-lavapipe.sh --force  # re-download and unpack
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT_DIR="$PWD"
VENDOR="$ROOT_DIR/.vendor/vulkan"
ENV_FILE="$VENDOR/env.sh"
STAMP="$VENDOR/.complete"
ARCH_TRIPLET="x86_64-linux-gnu"

die() { echo "setup-lavapipe: $*" >&2; exit 1; }

if [[ "${1:-}" == "--force" ]]; then rm -rf "$VENDOR"; fi
if [[ -f "$STAMP" && -f "$ENV_FILE" ]]; then
  echo "setup-lavapipe: present ($(cat "$STAMP")); env: . $ENV_FILE"
  exit 0
fi

[[ "$(uname -m)" == "x86_64" ]] || die "only x86_64 is supported (got $(uname -m))"
command -v apt-get >/dev/null && command -v dpkg >/dev/null || die "needs apt-get and dpkg (a Debian-based machine)"
# shellcheck disable=SC1091
. /etc/os-release
CODENAME="${VERSION_CODENAME:-}"
[[ -n "$CODENAME" ]] || die "cannot read VERSION_CODENAME from /etc/os-release"
BACKPORTS="$CODENAME-backports"

# --- 1. a private apt config: the machine's sources + the backports suite on its existing Debian host ---------------
APT_DIR="$VENDOR/apt"
rm -rf "$APT_DIR"
mkdir -p "$APT_DIR/parts" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
[[ -f /etc/apt/sources.list ]] && cp /etc/apt/sources.list "$APT_DIR/sources.list" || : >"$APT_DIR/sources.list"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] && cp "$f" "$APT_DIR/parts/"
done

# Find the URI (and key) of the source that serves "$CODENAME" main: deb822 stanzas first, then one-line entries.
read -r URI KEY < <(
  {
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null
    echo
  } | awk -v cn="$CODENAME" '
    function flush() {
      if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " suites " ") ~ (" " cn " ") && !found) {
        split(uris, u, " "); print u[1], (key == "" ? "-" : key); found = 1
      }
      types = ""; suites = ""; uris = ""; key = ""; enabled = ""
    }
    /^[ \t]*$/ { flush(); next }
    /^[ \t]*#/ { next }
    { line = $0; sub(/^[^:]*:[ \t]*/, "", line) }
    /^Types:/ { types = line } /^Suites:/ { suites = line } /^URIs:/ { uris = line }
    /^Signed-By:/ { key = line } /^Enabled:/ { enabled = line }
    END { flush() }'
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v cn="$CODENAME" '
      $1 == "deb" {
        key = "-"; i = 2
        if ($2 ~ /^\[/) { for (; i <= NF; i++) { if ($i ~ /^\[?signed-by=/) { key = $i; sub(/^\[?signed-by=/, "", key); sub(/\]$/, "", key) } if ($i ~ /\]$/) { i++; break } } }
        if ($(i + 1) == cn) { print $i, key; exit }
      }'
)
[[ -n "${URI:-}" ]] || die "no apt source for '$CODENAME' found in /etc/apt/sources.list{,.d}; add the Debian mirror first"
{
  echo "Types: deb"
  echo "URIs: $URI"
  echo "Suites: $BACKPORTS"
  echo "Components: main"
  [[ "$KEY" != "-" ]] && echo "Signed-By: $KEY"
} >"$APT_DIR/parts/ahpo-backports.sources"
echo "setup-lavapipe: apt source $URI, extra suite $BACKPORTS (private config in $APT_DIR)"

APT_OPTS=(
  -o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o "Dir::Etc::SourceParts=$APT_DIR/parts"
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache" -o "Dir::Etc::Preferences=/dev/null"
  -o "Dir::Etc::PreferencesParts=/dev/null" -o "Acquire::Languages=none" -o "APT::Sandbox::User=$(id -un)"
  -o "Debug::NoLocking=1"
)
apt-get "${APT_OPTS[@]}" -qq update || die "apt-get update failed (network or mirror?)"

# --- 2. what mesa-vulkan-drivers (backports) + libvulkan1 need beyond what is installed -------------------------------
# The simulated install resolves versions against the machine's dpkg status (e.g. Mesa 25 needs a newer libdrm); we
# keep only packages in the runtime dependency closure of the two (the simulation also upgrades unrelated Mesa
# packages that merely Break old versions).
WANT=(mesa-vulkan-drivers libvulkan1)
SIM="$(apt-get "${APT_OPTS[@]}" -s -t "$BACKPORTS" install --no-install-recommends "${WANT[@]}" 2>&1)" ||
  die "apt cannot resolve ${WANT[*]} from $BACKPORTS: $SIM"
CLOSURE="$(apt-cache "${APT_OPTS[@]}" -o "APT::Default-Release=$BACKPORTS" depends --recurse --no-recommends \
  --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${WANT[@]}" | grep -v '^ ' | sed 's/:.*//' | sort -u)"
mapfile -t PKGS < <(echo "$SIM" | awk '$1 == "Inst" { v = $0; sub(/^[^(]*\(/, "", v); sub(/ .*/, "", v); print $2 "=" v }' |
  while IFS== read -r p v; do grep -qx "${p%%:*}" <<<"$CLOSURE" && echo "$p=$v"; done)
printf '%s\n' "${PKGS[@]}" | grep -q '^mesa-vulkan-drivers=2[5-9]\.' ||
  die "expected mesa-vulkan-drivers >= 25 from $BACKPORTS, resolved: ${PKGS[*]:-nothing}"

# --- 3. download and unpack ------------------------------------------------------------------------------------------
DEBS="$VENDOR/debs"
UNPACK="$VENDOR/root"
rm -rf "$DEBS" "$UNPACK"
mkdir -p "$DEBS" "$UNPACK"
echo "setup-lavapipe: downloading ${PKGS[*]}"
(cd "$DEBS" && apt-get "${APT_OPTS[@]}" -qq download "${PKGS[@]}") || die "apt-get download failed"
for deb in "$DEBS"/*.deb; do dpkg -x "$deb" "$UNPACK"; done

# --- 4. ICD json with an absolute local library_path, and the env file ----------------------------------------------
LIB_DIR="$UNPACK/usr/lib/$ARCH_TRIPLET"
LVP_SO="$LIB_DIR/libvulkan_lvp.so"
SRC_ICD="$(find "$UNPACK/usr/share/vulkan/icd.d" -name 'lvp_icd*.json' 2>/dev/null | head -1)"
[[ -f "$LVP_SO" && -n "$SRC_ICD" ]] || die "unpacked packages lack libvulkan_lvp.so or lvp_icd json"
[[ -e "$LIB_DIR/libvulkan.so.1" ]] || die "unpacked packages lack libvulkan.so.1"
ICD="$VENDOR/lvp_icd.json"
sed -E "s#\"library_path\"[[:space:]]*:[[:space:]]*\"[^\"]*\"#\"library_path\": \"$LVP_SO\"#" "$SRC_ICD" >"$ICD"
grep -q "\"library_path\": \"$LVP_SO\"" "$ICD" || die "could not rewrite library_path in $SRC_ICD"
LLVM_DIRS="$(find "$UNPACK/usr/lib" -maxdepth 3 -type d -path '*/llvm-*/lib' 2>/dev/null | tr '\n' ':')"
cat >"$ENV_FILE" <<EOF
# Generated by scripts/setup-lavapipe.sh: Mesa lavapipe (software Vulkan) for the webgpu backend.
export VK_ICD_FILENAMES="$ICD"
export VK_DRIVER_FILES="$ICD"
export LD_LIBRARY_PATH="$LIB_DIR:${LLVM_DIRS}\${LD_LIBRARY_PATH:-}"
export AHPO_VULKAN_DIR="$VENDOR"
EOF
MESA_VER="$(printf '%s\n' "${PKGS[@]}" | sed -n 's/^mesa-vulkan-drivers=//p')"
rm -rf "$APT_DIR" "$DEBS"
echo "mesa-vulkan-drivers $MESA_VER, $(du -sh "$UNPACK" | cut -f1) unpacked" >"$STAMP"
echo "setup-lavapipe: done ($(cat "$STAMP")); env: . $ENV_FILE"

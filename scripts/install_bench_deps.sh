#!/bin/sh
# make bench drives intake with wrk (Debian's package). Idempotent.
set -eu
if ! command -v wrk >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y wrk
fi

#!/usr/bin/env bash
# Runs a single-node MinIO for ChartVault with the `minio` server binary, if the operator has one installed.
# Credentials come from the environment, never from this file:
#   MINIO_ROOT_USER, MINIO_ROOT_PASSWORD   the MinIO administrator (used once by create-bucket.sh, not by ChartVault)
# Optional:
#   MINIO_DATA              where MinIO keeps its data            (default /srv/minio/data)
#   MINIO_ADDRESS           where the S3 API listens               (default 127.0.0.1:9000: this machine only)
#   MINIO_CONSOLE_ADDRESS   where the web console listens          (default 127.0.0.1:9001)
#   MINIO_CERTS_DIR         folder with public.crt/private.key for https (default: MinIO's own, ~/.minio/certs)
# Object Lock needs no server flag: it is chosen per bucket when the bucket is made (create-bucket.sh).
# A single drive is fine on any MinIO release from late 2022 on; older releases ran one drive in "FS" mode,
# which has neither versioning nor Object Lock.
set -euo pipefail

: "${MINIO_ROOT_USER:?set MINIO_ROOT_USER (the MinIO administrator name)}"
: "${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD (at least 8 characters)}"
export MINIO_ROOT_USER MINIO_ROOT_PASSWORD

if ! command -v minio >/dev/null 2>&1; then
    echo "run-minio.sh: no 'minio' server binary on PATH; install MinIO, or point ChartVault at an existing" >&2
    echo "S3 server with MINIO_ENDPOINT (see storage-config/README.md)" >&2
    exit 1
fi

data="${MINIO_DATA:-/srv/minio/data}"
mkdir -p "$data"

# ChartVault reads MINIO_ACCESS_KEY / MINIO_SECRET_KEY as *its* user; old MinIO servers read the same names as
# their root credentials. Keep them out of the server's environment so the two can never be confused.
unset MINIO_ACCESS_KEY MINIO_SECRET_KEY

args=(server "$data" --address "${MINIO_ADDRESS:-127.0.0.1:9000}"
      --console-address "${MINIO_CONSOLE_ADDRESS:-127.0.0.1:9001}")
if [[ -n "${MINIO_CERTS_DIR:-}" ]]; then
    args+=(--certs-dir "$MINIO_CERTS_DIR")
fi
exec minio "${args[@]}"

#!/usr/bin/env bash
# Prepares MinIO for ChartVault with the `mc` client, once, against a running server:
#   1. the bucket, made WITH Object Lock (which also turns versioning on; a lock cannot be added later on
#      most MinIO releases), and versioning enabled explicitly;
#   2. ChartVault's own user, allowed only what chartvault-policy.json lists (no governance bypass).
# Everything comes from the environment:
#   MINIO_ENDPOINT                         e.g. http://127.0.0.1:9000 (as in chartvault.env)
#   MINIO_ROOT_USER, MINIO_ROOT_PASSWORD   the MinIO administrator
#   MINIO_ACCESS_KEY, MINIO_SECRET_KEY     the user to create for ChartVault (as in chartvault.env)
#   MINIO_BUCKET                           default chartvault
# The administrator's keys go to mc through MC_HOST_<alias> (nothing is written to ~/.mc/config.json and no
# key appears on a command line except the new user's in `mc admin user add`).
set -euo pipefail

: "${MINIO_ENDPOINT:?set MINIO_ENDPOINT, e.g. http://127.0.0.1:9000}"
: "${MINIO_ROOT_USER:?set MINIO_ROOT_USER}"
: "${MINIO_ROOT_PASSWORD:?set MINIO_ROOT_PASSWORD}"
: "${MINIO_ACCESS_KEY:?set MINIO_ACCESS_KEY (ChartVault's user)}"
: "${MINIO_SECRET_KEY:?set MINIO_SECRET_KEY (ChartVault's secret, 8 characters or more)}"
bucket="${MINIO_BUCKET:-chartvault}"
here="$(cd "$(dirname "$0")" && pwd)"

command -v mc >/dev/null 2>&1 || { echo "create-bucket.sh: the MinIO client 'mc' is not on PATH" >&2; exit 1; }

# Percent-encodes an (ASCII) credential for the user-info part of MC_HOST_: keys may contain '/', '+', '@' ...
encode() {
    local text="$1" out="" c i
    for ((i = 0; i < ${#text}; i++)); do
        c="${text:i:1}"
        case "$c" in
            [A-Za-z0-9._~-]) out+="$c" ;;
            *) out+="$(printf '%%%02X' "'$c")" ;;
        esac
    done
    printf '%s' "$out"
}
scheme="${MINIO_ENDPOINT%%://*}"
hostport="${MINIO_ENDPOINT#*://}"
hostport="${hostport%/}"
export MC_HOST_cvadmin="${scheme}://$(encode "$MINIO_ROOT_USER"):$(encode "$MINIO_ROOT_PASSWORD")@${hostport}"

mc mb --ignore-existing --with-lock "cvadmin/$bucket"
mc version enable "cvadmin/$bucket"

policy="$(mktemp)"
trap 'rm -f "$policy"' EXIT
sed "s/BUCKET/$bucket/g" "$here/chartvault-policy.json" > "$policy"
mc admin user add cvadmin "$MINIO_ACCESS_KEY" "$MINIO_SECRET_KEY"
mc admin policy create cvadmin chartvault-store "$policy"
mc admin policy attach cvadmin chartvault-store --user "$MINIO_ACCESS_KEY" \
    || echo "(policy chartvault-store was already attached to $MINIO_ACCESS_KEY)"

mc version info "cvadmin/$bucket"
echo "bucket $bucket is ready for ChartVault at $MINIO_ENDPOINT."
echo "ChartVault checks Object Lock itself at start and refuses a bucket without it while MINIO_OBJECT_LOCK=true."

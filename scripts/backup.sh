#!/usr/bin/env bash
# Back up hjemmepaed: the PostgreSQL database (pg_dump's custom format) and the generated files
# (MEDIA_ROOT: the report PDFs), with a manifest of which CPR keys the data needs, never the keys.
#
#   scripts/backup.sh TARGET_FOLDER
#
# Run it with the app's own environment (DATABASE_URL, MEDIA_ROOT, CPR_ENCRYPTION_KEYS,
# CPR_HASH_KEY). It writes TARGET_FOLDER/hjemmepaed-<UTC time>/ with database.dump, media.tar.gz,
# manifest.txt and SHA256SUMS, and prints that folder. The keys themselves are kept apart from
# every backup (docs/operations.md, "Keys"): without them every CPR number in it is unreadable.
set -euo pipefail

usage() { echo "usage: $0 TARGET_FOLDER" >&2; exit 2; }
[ $# -eq 1 ] || usage
project="$(cd "$(dirname "$0")/.." && pwd)"
: "${DATABASE_URL:?DATABASE_URL must be set (postgres://...): the database to back up}"
case "$DATABASE_URL" in
  postgres://* | postgresql://*) ;;
  *) echo "backup.sh backs up PostgreSQL only; DATABASE_URL is not a postgres:// URL." >&2; exit 2 ;;
esac
: "${CPR_ENCRYPTION_KEYS:?CPR_ENCRYPTION_KEYS must be set, as for the app: the manifest records which keys the data needs}"
: "${CPR_HASH_KEY:?CPR_HASH_KEY must be set, as for the app}"
media_root="${MEDIA_ROOT:-$project/var/media}"

# A key's fingerprint: the first 16 hex digits of SHA-256 over a fixed prefix and the key. It
# tells which key a backup needs and cannot be turned back into the key.
fingerprint() { printf 'hjemmepaed-key:%s' "$1" | sha256sum | cut -c1-16; }

folder="$1/hjemmepaed-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$1"
umask 077        # the dump holds personal data: the folder and its files are this user's only
mkdir "$folder"  # fails if it exists: a backup is never written over

pg_dump --format=custom --compress=6 --file="$folder/database.dump" --dbname="$DATABASE_URL"

if [ -d "$media_root" ]; then
  tar --create --gzip --file="$folder/media.tar.gz" --directory="$media_root" \
    --exclude=./health_check_storage_test .
else
  tar --create --gzip --file="$folder/media.tar.gz" --files-from=/dev/null
fi

{
  echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  # The database's name and host, never the URL's password.
  echo "database: $(psql "$DATABASE_URL" -tAc "SELECT current_database() || ' on ' || coalesce(inet_server_addr()::text, 'local socket')")"
  echo "server: $(psql "$DATABASE_URL" -tAc 'SHOW server_version')"
  echo "pg_dump: $(pg_dump --version)"
  echo "media files: $(tar --list --gzip --file="$folder/media.tar.gz" | grep -vc '/$' || true)"
  IFS=',' read -r -a keys <<<"$CPR_ENCRYPTION_KEYS"
  for key in "${keys[@]}"; do
    key="${key//[[:space:]]/}"
    [ -n "$key" ] && echo "cpr encryption key: $(fingerprint "$key")"
  done
  echo "cpr hash key: $(fingerprint "$CPR_HASH_KEY")"
} >"$folder/manifest.txt"

(cd "$folder" && sha256sum database.dump media.tar.gz manifest.txt >SHA256SUMS)
echo "$folder"

#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database and a new media folder.
#
#   scripts/restore.sh BACKUP_FOLDER NEW_DATABASE_URL NEW_MEDIA_ROOT
#
# Run it with the CPR keys the backup needs in the environment (CPR_ENCRYPTION_KEYS,
# CPR_HASH_KEY): it refuses when one is missing, before touching anything, since the CPR numbers
# would be unreadable (or unsearchable) without it. It refuses a database that exists and a
# media folder that is not empty: a restore never writes over data. Then point the app at the
# new database and folder (DATABASE_URL, MEDIA_ROOT) and run `manage.py migrate`
# (docs/operations.md, "Restore").
set -euo pipefail

usage() { echo "usage: $0 BACKUP_FOLDER NEW_DATABASE_URL NEW_MEDIA_ROOT" >&2; exit 2; }
[ $# -eq 3 ] || usage
backup="$1" url="$2" media_root="$3"
fail() { echo "restore.sh: $*" >&2; exit 1; }

[ -f "$backup/manifest.txt" ] || fail "$backup has no manifest.txt: not a backup made by backup.sh"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || fail "the backup's files do not match SHA256SUMS"

# The keys: every key fingerprint in the manifest must belong to a key in this environment.
: "${CPR_ENCRYPTION_KEYS:?CPR_ENCRYPTION_KEYS must be set: the keys the backup's CPR numbers are encrypted with}"
: "${CPR_HASH_KEY:?CPR_HASH_KEY must be set: the key the backup's CPR look-ups are made with}"
fingerprint() { printf 'hjemmepaed-key:%s' "$1" | sha256sum | cut -c1-16; }
present=()
IFS=',' read -r -a keys <<<"$CPR_ENCRYPTION_KEYS"
for key in "${keys[@]}"; do
  key="${key//[[:space:]]/}"
  [ -n "$key" ] && present+=("$(fingerprint "$key")")
done
while read -r needed; do
  [[ " ${present[*]} " == *" $needed "* ]] \
    || fail "CPR_ENCRYPTION_KEYS lacks the key $needed that the backup was made with; without it its CPR numbers cannot be read"
done < <(sed -n 's/^cpr encryption key: //p' "$backup/manifest.txt")
[ "$(sed -n 's/^cpr hash key: //p' "$backup/manifest.txt")" = "$(fingerprint "$CPR_HASH_KEY")" ] \
  || fail "CPR_HASH_KEY is not the key the backup was made with; searching by CPR number would find nothing"

# The new database: postgres://user@host:port/NAME?options; created on the same server.
case "$url" in postgres://* | postgresql://*) ;; *) fail "NEW_DATABASE_URL is not a postgres:// URL" ;; esac
base="${url%%\?*}"
query="${url#"$base"}"
name="${base##*/}"
[[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "the new database's name must be letters, digits and _"
maintenance="${base%/*}/postgres$query"
if [ -n "$(psql "$maintenance" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
  fail "the database $name exists; restore into a new one"
fi
if [ -d "$media_root" ] && [ -n "$(ls -A "$media_root")" ]; then
  fail "$media_root is not empty; restore the files into a new folder"
fi

createdb --maintenance-db="$maintenance" "$name"
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$url" "$backup/database.dump"
mkdir -p "$media_root"
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$media_root"

echo "Restored $backup into the database $name and $media_root."
echo "Next: set DATABASE_URL and MEDIA_ROOT to them, run 'manage.py migrate', then start the app."

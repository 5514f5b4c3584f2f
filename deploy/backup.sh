#!/usr/bin/env bash
# Backups with pgBackRest (Debian's `pgbackrest`): full backups and every
# WAL segment archived as PostgreSQL finishes it, into one repository
# folder, so a cluster can be restored to any moment since the first
# backup. docs/operations.md, "Backups and restore", says how the office
# runs it; bench/restore_drill.sh proves a restore with these functions.
#
# Source it (after deploy/lib.sh):
#   of_backup_configure WORK DATA PORT  writes WORK/pgbackrest.conf for the
#                                       cluster in DATA on PORT, its
#                                       repository WORK/repository, and
#                                       archive settings into DATA's
#                                       postgresql.conf (restart to apply)
#   of_backup COMMAND [OPTIONS...]      runs pgBackRest with that config as
#                                       the postgres user (stanza-create,
#                                       check, backup, info, restore), for
#                                       at most OF_BACKUP_TIMEOUT seconds
# The stanza (pgBackRest's name for one cluster) is "ombudsflow".

OF_BACKUP_STANZA=ombudsflow

of_backup_configure() {
  local work=$1 data=$2 port=$3
  OF_BACKUP_CONF="$work/pgbackrest.conf"
  mkdir -p "$work/repository" "$work/backup-log" "$work/backup-lock"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work/repository" "$work/backup-log" "$work/backup-lock"
  chmod 700 "$work/repository"
  cat > "$OF_BACKUP_CONF" <<CONF
[global]
repo1-path=$work/repository
# Two full backups and the WAL between and after them; older ones expire.
repo1-retention-full=2
log-path=$work/backup-log
lock-path=$work/backup-lock
log-level-console=warn
log-level-file=info
# The backup starts at once (an immediate checkpoint), not at the next one.
start-fast=y

[$OF_BACKUP_STANZA]
pg1-path=$data
pg1-port=$port
pg1-socket-path=$data
pg1-user=postgres
CONF
  chmod 644 "$OF_BACKUP_CONF"
  cat >> "$data/postgresql.conf" <<CONF
# Continuous archiving to pgBackRest's repository (deploy/backup.sh).
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$OF_BACKUP_CONF --stanza=$OF_BACKUP_STANZA archive-push %p'
# A finished segment at least once a minute, however quiet the office.
archive_timeout = 60
CONF
}

of_backup() {
  of_as_pg timeout "${OF_BACKUP_TIMEOUT:-86400}" pgbackrest --config="$OF_BACKUP_CONF" --stanza="$OF_BACKUP_STANZA" "$@"
}

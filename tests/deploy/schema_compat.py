#!/usr/bin/env python3
"""Checks that the schema of this tree still serves the previous release's
server: the expand and contract rule of docs/operations.md ("Upgrades").

The previous release is the newest manifest in sql/releases/ (written by
deploy/release.sh when the release was cut): the checksums of the
migrations it shipped. The check
  1. verifies those migrations are unchanged in this tree;
  2. applies them to a new database, as that release's `migrate` did, and
     reads the catalogue;
  3. applies each later migration in turn with this tree's `migrate` and
     compares the catalogue before and after it.
A migration that expands (the default) may add tables, columns with a
default or nullable, functions, triggers, and may relax constraints. One
that drops or narrows what existed before it (a table, a column, a
column's type, NOT NULL on an old column, a new constraint or unique index
on an old table, a function's signature or result, an enum label) fails
the check unless its header marks it `contract` or `breaking` with its
reason, which the check prints.

The catalogue decides, not a reading of the SQL: PostgreSQL parses it.

  schema_compat.py --ombudsflow BIN --sql DIR --admin CONNINFO
  schema_compat.py --self-test ...   # each kind of narrowing is caught
"""
import argparse
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

CATALOGUE = {
    "relations": """
        SELECT c.relname, c.relkind::text FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND c.relname <> 'schema_migrations'""",
    "columns": """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
               (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '')::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'schema_migrations'""",
    "constraints": """
        SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con
        JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND con.contype IN ('c', 'u', 'f', 'x', 'p')
          AND c.relname <> 'schema_migrations'""",
    "unique_indexes": """
        SELECT t.relname, i.relname, regexp_replace(pg_get_indexdef(i.oid), '^.* USING ', '')
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND x.indisunique AND t.relname <> 'schema_migrations'""",
    "functions": """
        SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
               coalesce(pg_get_function_result(p.oid), '')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'""",
    "enum_labels": """
        SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
        JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public'""",
}


def psql(conninfo, sql):
    result = subprocess.run(["psql", "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", conninfo, "-c", sql],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr.strip()}")
    return [tuple(line.split("\t")) for line in result.stdout.splitlines() if line]


def read_catalogue(conninfo):
    # One psql for all parts: each part's rows follow a line naming it.
    script = "".join(f"\\echo @@{part}\n{sql};\n" for part, sql in CATALOGUE.items())
    result = subprocess.run(["psql", "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", conninfo],
                            input=script, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"psql failed: {result.stderr.strip()}")
    catalogue = {part: [] for part in CATALOGUE}
    part = None
    for line in result.stdout.splitlines():
        if line.startswith("@@"):
            part = line[2:]
        elif line:
            catalogue[part].append(tuple(line.split("\t")))
    return catalogue


def narrowings(before, after):
    """What `after` took away from, or narrowed in, the objects of `before`."""
    found = []
    relations_before = dict(before["relations"])
    relations_after = dict(after["relations"])
    for name, kind in relations_before.items():
        if name not in relations_after:
            found.append(f"drops {name}")
        elif relations_after[name] != kind:
            found.append(f"changes what {name} is ({kind} to {relations_after[name]})")
    old_tables = {name for name in relations_before if name in relations_after}

    columns_before = {(t, c): (ty, nn, df) for t, c, ty, nn, df in before["columns"]}
    columns_after = {(t, c): (ty, nn, df) for t, c, ty, nn, df in after["columns"]}
    for (table, column), (kind, not_null, default) in columns_before.items():
        if table not in old_tables:
            continue
        now = columns_after.get((table, column))
        if now is None:
            found.append(f"drops column {table}.{column}")
            continue
        if now[0] != kind:
            found.append(f"changes {table}.{column} from {kind} to {now[0]}")
        if not_null == "false" and now[1] == "true":
            found.append(f"makes {table}.{column} NOT NULL")
        if now[1] == "true" and default == "true" and now[2] == "false":
            found.append(f"takes the default from {table}.{column}, which is NOT NULL")
    for (table, column), (kind, not_null, default) in columns_after.items():
        if (table in old_tables and (table, column) not in columns_before and not_null == "true"
                and default == "false" and relations_after[table] in ("r", "p")):
            found.append(f"adds {table}.{column} NOT NULL without a default: the previous server's INSERTs fail")

    for part, what in (("constraints", "constraint"), ("unique_indexes", "unique index")):
        had = {(t, n): d for t, n, d in before[part]}
        for table, name, definition in after[part]:
            if table in old_tables and had.get((table, name)) != definition:
                found.append(f"adds {what} {name} on {table} ({definition}): "
                             f"the previous server's writes may fail it")

    functions_after = dict(after["functions"])
    for signature, result in before["functions"]:
        if signature not in functions_after:
            found.append(f"drops function {signature}")
        elif functions_after[signature] != result:
            found.append(f"changes what {signature} returns ({result} to {functions_after[signature]})")

    labels_after = set(after["enum_labels"])
    for label in before["enum_labels"]:
        if label not in labels_after:
            found.append(f"drops {label[1]} from {label[0]}")
    return sorted(set(found))


def previous_release(sql):
    manifests = sorted((sql / "releases").glob("v*.sha256"),
                       key=lambda p: [int(x) for x in re.findall(r"\d+", p.stem)])
    if not manifests:
        raise SystemExit(f"no release manifest in {sql / 'releases'}: cut one with deploy/release.sh")
    manifest = manifests[-1]
    shipped = []
    for line in manifest.read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        shipped.append((name.strip(), digest))
    return manifest.stem, shipped


def migrate(ombudsflow, conninfo, folder):
    result = subprocess.run([ombudsflow, "migrate", "--db", conninfo, "--migrations", str(folder)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"migrate failed: {result.stderr.strip() or result.stdout.strip()}")


def changed_since_shipped(sql, release, shipped):
    problems = []
    for name, digest in shipped:
        path = sql / name
        if not path.exists():
            problems.append(f"{name}, shipped in {release}, is gone")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}, shipped in {release}, has changed: add a migration instead")
    return problems


class Release:
    """The previous release's schema, migrated once into a template database."""

    def __init__(self, ombudsflow, sql, admin):
        self.ombudsflow, self.sql, self.admin = ombudsflow, sql, admin
        self.name, self.shipped = previous_release(sql)
        self.template = f"ombudsflow_compat_release_{os.getpid()}"
        self.problems = changed_since_shipped(sql, self.name, self.shipped)
        if self.problems:
            return
        psql(admin, f"DROP DATABASE IF EXISTS {self.template}")
        psql(admin, f"CREATE DATABASE {self.template}")
        with tempfile.TemporaryDirectory(prefix="ombudsflow-compat-") as folder:
            for name, _ in self.shipped:
                shutil.copy(sql / name, pathlib.Path(folder) / name)
            migrate(ombudsflow, self.conninfo(self.template), folder)

    def conninfo(self, database):
        return re.sub(r"dbname=\S+", f"dbname={database}", self.admin)

    def drop(self):
        psql(self.admin, f"DROP DATABASE IF EXISTS {self.template}")

    def check(self, later, out=print):
        """The problems of the migrations `later`, (name, text), applied in turn."""
        if self.problems:
            return list(self.problems)
        problems = []
        database = f"ombudsflow_compat_{os.getpid()}"
        psql(self.admin, f"DROP DATABASE IF EXISTS {database}")
        psql(self.admin, f"CREATE DATABASE {database} TEMPLATE {self.template}")
        conninfo = self.conninfo(database)
        folder = pathlib.Path(tempfile.mkdtemp(prefix="ombudsflow-compat-"))
        try:
            for name, _ in self.shipped:
                shutil.copy(self.sql / name, folder / name)
            catalogue = read_catalogue(conninfo)
            out(f"{self.name}: {len(self.shipped)} migrations; {len(later)} since")
            for name, text in later:
                (folder / name).write_text(text)
                migrate(self.ombudsflow, conninfo, folder)
                after = read_catalogue(conninfo)
                kind = psql(conninfo, f"SELECT compatibility FROM schema_migrations WHERE name = '{name}'")[0][0]
                found = narrowings(catalogue, after)
                out(f"  {name}: {kind}" + "".join(f"\n    {item}" for item in found))
                if found and kind == "expand":
                    problems.append(f"{name} is an expansion but " + "; ".join(found) +
                                    ": split it (expand now, contract in the next release) or mark it "
                                    "'-- compatibility: contract: <why>'")
                catalogue = after
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            psql(self.admin, f"DROP DATABASE IF EXISTS {database}")
        return problems


# Each narrowing the check must catch, on objects a first expansion adds,
# and each expansion it must let through.
SELF_TEST_BASE = """CREATE TABLE compat_probe (id int PRIMARY KEY, note text, size int NOT NULL DEFAULT 0);
CREATE TYPE compat_mood AS ENUM ('calm', 'cross');
CREATE FUNCTION compat_double(x int) RETURNS int LANGUAGE sql AS 'SELECT x * 2';"""
SELF_TEST_NARROWINGS = {
    "drops a table": "DROP TABLE compat_probe;",
    "drops a column": "ALTER TABLE compat_probe DROP COLUMN note;",
    "changes a type": "ALTER TABLE compat_probe ALTER COLUMN size TYPE bigint;",
    "sets NOT NULL": "ALTER TABLE compat_probe ALTER COLUMN note SET NOT NULL;",
    "takes a default": "ALTER TABLE compat_probe ALTER COLUMN size DROP DEFAULT;",
    "adds a required column": "ALTER TABLE compat_probe ADD COLUMN owner text NOT NULL;",
    "adds a check": "ALTER TABLE compat_probe ADD CHECK (size < 10);",
    "adds a unique index": "CREATE UNIQUE INDEX compat_probe_note ON compat_probe (note);",
    "drops a function": "DROP FUNCTION compat_double(int);",
    "changes a result": "DROP FUNCTION compat_double(int); "
                        "CREATE FUNCTION compat_double(x int) RETURNS bigint LANGUAGE sql AS 'SELECT x * 2';",
    "drops an enum label": "DROP TYPE compat_mood; CREATE TYPE compat_mood AS ENUM ('calm');",
}
SELF_TEST_EXPANSIONS = {
    "adds a nullable column": "ALTER TABLE compat_probe ADD COLUMN owner text;",
    "adds a column with a default": "ALTER TABLE compat_probe ADD COLUMN kept boolean NOT NULL DEFAULT true;",
    "adds a table with constraints": "CREATE TABLE compat_new (id int PRIMARY KEY CHECK (id > 0));",
    "relaxes NOT NULL": "ALTER TABLE compat_probe ALTER COLUMN size DROP NOT NULL;",
    "adds an enum label": "ALTER TYPE compat_mood ADD VALUE 'glad';",
    "replaces a function's body": "CREATE OR REPLACE FUNCTION compat_double(x int) RETURNS int "
                                  "LANGUAGE sql AS 'SELECT x + x';",
}


def self_test(release):
    base = ("9990_compat_base.sql", SELF_TEST_BASE)
    failures = []
    quiet = lambda _line: None  # noqa: E731
    for what, statement in SELF_TEST_NARROWINGS.items():
        problems = release.check([base, ("9991_narrows.sql", f"-- {what}\n{statement}\n")], quiet)
        if not any("9991_narrows.sql is an expansion" in p for p in problems):
            failures.append(f"an expansion that {what} was not caught: {problems}")
        marked = f"-- compatibility: contract: the self-test's own table\n{statement}\n"
        if problems := release.check([base, ("9991_narrows.sql", marked)], quiet):
            failures.append(f"a contract that {what} was refused: {problems}")
    for what, statement in SELF_TEST_EXPANSIONS.items():
        if problems := release.check([base, ("9991_expands.sql", statement)], quiet):
            failures.append(f"an expansion that {what} was refused: {problems}")
    # A shipped migration edited afterwards.
    edited = [(name, "0" * 64) for name, _ in release.shipped[:1]] + release.shipped[1:]
    if not any("has changed" in p for p in changed_since_shipped(release.sql, release.name, edited)):
        failures.append("an edited shipped migration was not caught")
    for failure in failures:
        print(f"self-test: {failure}", file=sys.stderr)
    print(f"self-test: {len(SELF_TEST_NARROWINGS)} narrowings caught and allowed when marked, "
          f"{len(SELF_TEST_EXPANSIONS)} expansions passed, an edited migration caught" if not failures else f"self-test: {len(failures)} failures")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ombudsflow", required=True)
    parser.add_argument("--sql", required=True, type=pathlib.Path)
    parser.add_argument("--admin", default=os.environ.get("OMBUDSFLOW_TEST_ADMIN_DB"))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if not args.admin:
        raise SystemExit("no database: run the tests with deploy/test.sh (OMBUDSFLOW_TEST_ADMIN_DB)")
    release = Release(args.ombudsflow, args.sql, args.admin)
    try:
        if args.self_test:
            return self_test(release)
        names = {name for name, _ in release.shipped}
        later = [(path.name, path.read_text()) for path in sorted(args.sql.glob("[0-9][0-9][0-9][0-9]_*.sql"))
                 if path.name not in names]
        problems = release.check(later)
    finally:
        release.drop()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

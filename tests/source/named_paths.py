#!/usr/bin/env python3
"""Fails when a comment in the C++ names a file of this repository that is
not there: a file that moved leaves its old name behind in the comments
that point readers to it.

Usage: named_paths.py REPOSITORY_ROOT
"""
import pathlib
import re
import sys

PATH = re.compile(r"\b((?:engine|api|tests|sql|workflows|templates|deploy|proto|bench|docs|static)/"
                  r"[A-Za-z0-9_./-]*[A-Za-z0-9_]\.(?:h|cc|sql|textproto|sh|mjs|py|proto|md|json|mustache))\b")


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    missing = []
    for folder in ("engine", "api", "tests"):
        for source in sorted((root / folder).rglob("*")):
            if source.suffix not in (".h", ".cc") or "node_modules" in source.parts:
                continue
            for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
                comment = line.find("//")
                if comment < 0:
                    continue
                for named in PATH.findall(line[comment:]):
                    if not (root / named).exists():
                        missing.append(f"{source.relative_to(root)}:{number}: names {named}, which is not there")
    for problem in missing:
        print(problem)
    print(f"{len(missing)} comments name files that are not there")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

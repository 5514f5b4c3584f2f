#!/usr/bin/env python3
"""Fails when C++ outside the engine's core names a workflow's step, state
or guard: the reports and pages ask by meaning (workflow.proto's
StepMeaning and StateMeaning), so a definition that renames a step, or
another office's own definition, keeps its figures and its buttons.

Usage: definition_names.py REPOSITORY_ROOT

The names are read from every workflows/<name>/v<N>.textproto. C++ under
engine/core/workflow and engine/core/rules may name them (they implement
the definitions); everything else under api/ and engine/ may not, in a
string literal, but for the words below that are also something else.
"""
import pathlib
import re
import sys

# Words that are a step's or state's name and also another thing's, with
# what that other thing is. Each use of them is that other thing.
ALSO_SOMETHING_ELSE = {
    "received": "the tally measure of a registered case, and the queue filter of new cases",
    "published": "a publication's status (publications.state)",
    "withdrawn": "a publication's status (publications.state)",
    "hearing": "a notice's kind (notices.notice), which actions name in their arguments",
}

# Uses still to be replaced by meanings, each as (file, name). Empty now;
# the list only ever shrinks: a new use anywhere fails.
NOT_YET_BY_MEANING = set()

ALLOWED_DIRS = ("engine/core/workflow/", "engine/core/rules/")


def definition_names(root):
    names = set()
    for path in sorted(root.glob("workflows/*/v*.textproto")):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(?:state|transition|guard)\s*\{\s*name:\s*"([a-z0-9_]+)"', text):
            names.add(match.group(1))
    return names


def main():
    root = pathlib.Path(sys.argv[1])
    names = definition_names(root)
    if len(names) < 50:
        print(f"only {len(names)} names read from workflows/: is the root right?")
        return 1
    found = []
    seen_allowed = set()
    for path in sorted(list(root.glob("api/**/*.cc")) + list(root.glob("api/**/*.h")) +
                       list(root.glob("engine/**/*.cc")) + list(root.glob("engine/**/*.h"))):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(ALLOWED_DIRS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//")[0]
            for literal in re.findall(r'"([a-z0-9_]+)"', code):
                if literal not in names or literal in ALSO_SOMETHING_ELSE:
                    continue
                if (relative, literal) in NOT_YET_BY_MEANING:
                    seen_allowed.add((relative, literal))
                    continue
                found.append(f"{relative}:{number}: names the definitions' '{literal}'; ask by its meaning")
    stale = sorted(NOT_YET_BY_MEANING - seen_allowed)
    for relative, literal in stale:
        found.append(f"{relative} no longer names '{literal}': remove it from NOT_YET_BY_MEANING")
    for problem in found:
        print(problem)
    print(f"{len(names)} definition names; {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fails when a public method of a service takes a request message and
does not check the request against its fields' limits (CheckRequestLimits,
the proto's max_length and max_items): the API decodes and checks, but the
workplace's pages build their requests from forms, and a page or any later
caller must not be able to forget the check. The services are where every
path meets, so the check is there.

Usage: request_limits.py REPOSITORY_ROOT
"""
import pathlib
import re
import sys

# A request message, by value, reference or pointer, named or not.
REQUEST_PARAMETER = re.compile(r"v1::\w+Request\b\s*[&*]?\s*(\w*)")


def public_methods(header_text):
    """(class, method) of each public method declared with a request."""
    found = []
    for klass in re.finditer(r"\nclass (\w+)[^;{]*\{", header_text):
        body = block(header_text, klass.end() - 1)
        # Declarations may span lines: read each section whole.
        section_public = False
        for part in re.split(r"(\bpublic:|\bprivate:|\bprotected:)", body):
            if part in ("public:", "private:", "protected:"):
                section_public = part == "public:"
                continue
            if not section_public:
                continue
            # A default argument may be "= {}": braces are no body there.
            for declaration in re.finditer(r"\b(\w+)\s*\(([^;{)]*(?:(?:\([^)]*\)|\{\})[^;{)]*)*)\)", part):
                if REQUEST_PARAMETER.search(declaration.group(2)):
                    found.append((klass.group(1), declaration.group(1)))
    return found


def block(text, open_brace):
    """The text between the brace at `open_brace` and its match."""
    depth = 0
    for index in range(open_brace, len(text)):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return text[open_brace + 1:index]
    return text[open_brace + 1:]


def definition(sources, klass, method):
    """(parameters, body) of Klass::Method's definition, or None."""
    pattern = re.compile(r"\b" + klass + r"::" + method + r"\s*\(")
    for text in sources:
        for match in pattern.finditer(text):
            depth, index = 1, match.end()
            while index < len(text) and depth:
                depth += {"(": 1, ")": -1}.get(text[index], 0)
                index += 1
            after = re.match(r"\s*(?:const\s*)?(?:noexcept\s*)?\{", text[index:])
            if after:  # a definition, not a call
                return text[match.end():index - 1], block(text, index + after.end() - 1)
    return None


def first_statement(body):
    """The body's first line of code, comments left out."""
    for line in body.splitlines():
        code = line.split("//")[0].strip()
        if code:
            return code
    return ""


def main():
    root = pathlib.Path(sys.argv[1])
    service = root / "engine" / "service"
    sources = [path.read_text(encoding="utf-8") for path in sorted(service.glob("*.cc"))]
    checked, missing = 0, []
    for header in sorted(service.glob("*.h")):
        for klass, method in public_methods(header.read_text(encoding="utf-8")):
            found = definition(sources, klass, method)
            if found is None:
                missing.append(f"{header.relative_to(root)}: {klass}::{method}: no definition found")
                continue
            parameters, body = found
            name = REQUEST_PARAMETER.search(parameters)
            if name is None or not name.group(1):
                missing.append(f"{header.relative_to(root)}: {klass}::{method}: its request has no name to check")
            elif f"CheckRequestLimits({name.group(1)})" not in first_statement(body):
                missing.append(f"{header.relative_to(root)}: {klass}::{method} takes a request and does not "
                               f"begin by checking it: CheckRequestLimits({name.group(1)})")
            else:
                checked += 1
    if checked < 15:
        print(f"only {checked} service methods that take a request were found: is the root right?")
        return 1
    for line in missing:
        print(line)
    if not missing:
        print(f"{checked} service methods take a request, and each checks its limits")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Every make_problem("code", status, ...) the server can answer with must use the code's one status from
shared/include/faltlogg/core/problem_catalogue.hpp. Scans server/ and shared/ (the client's local problems,
such as a locked vault, never travel over HTTP and are not listed). Exit 1 on any mismatch."""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOGUE = os.path.join(ROOT, "shared", "include", "faltlogg", "core", "problem_catalogue.hpp")
ENTRY = re.compile(r'ProblemKind\{"([a-z_]+)",\s*(\d+),')
CALL = re.compile(r'make_problem\(\s*"([a-z_]+)",\s*(\d+)')


def main():
    catalogue = {}
    duplicates = []
    for code, status in ENTRY.findall(open(CATALOGUE, encoding="utf-8").read()):
        if code in catalogue:
            duplicates.append(code)
        catalogue[code] = int(status)
    errors = [f"catalogue lists {code} twice" for code in duplicates]
    calls = 0
    for area in ("server", "shared"):
        for folder, _, files in os.walk(os.path.join(ROOT, area)):
            for name in files:
                if not name.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(folder, name)
                text = open(path, encoding="utf-8").read()
                for match in CALL.finditer(text):
                    calls += 1
                    code, status = match.group(1), int(match.group(2))
                    line = text.count("\n", 0, match.start()) + 1
                    where = f"{os.path.relpath(path, ROOT)}:{line}"
                    if code not in catalogue:
                        errors.append(f"{where}: {code} is not in the problem catalogue")
                    elif catalogue[code] != status:
                        errors.append(f"{where}: {code} answers {status}, the catalogue says {catalogue[code]}")
    for error in errors:
        print(error, file=sys.stderr)
    print(f"problem codes: {calls} calls checked against {len(catalogue)} codes")
    print(f"problem codes: {0 if errors else 1} passed, {1 if errors else 0} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

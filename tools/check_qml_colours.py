#!/usr/bin/env python3
"""Every colour of the tablet UI comes from qml/Theme.qml (docs/decisions/0090): a colour written into a
page would stay light in the dark theme (or the other way round) and escape the contrast test
(tests/qml/tst_appearance.qml). Fails naming each hard-coded colour outside Theme.qml; "transparent" is
not a colour and is allowed."""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
NAMED = ("white", "black", "red", "green", "blue", "gray", "grey", "yellow", "orange", "silver", "darkgray",
         "lightgray", "lightgrey", "darkgrey", "navy", "maroon", "purple")
PATTERNS = [
    re.compile(r'"#[0-9a-fA-F]{3,8}"'),
    re.compile(r'\bQt\.(rgba|hsla|hsva|darker|lighter|tint)\s*\('),
    re.compile(r'\b(color|border\.color|foreground|background)\s*:\s*.*"(' + "|".join(NAMED) + r')"', re.IGNORECASE),
]


def problems(directory: pathlib.Path):
    for path in sorted(directory.glob("*.qml")):
        if path.name == "Theme.qml":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("//", 1)[0]
            for pattern in PATTERNS:
                if pattern.search(code):
                    yield f"{path.relative_to(ROOT)}:{number}: colour outside Theme.qml: {line.strip()}"
                    break


def main() -> int:
    directory = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "qml"
    found = list(problems(directory))
    for problem in found:
        print(problem)
    pages = len(list(directory.glob("*.qml")))
    if pages == 0:
        print(f"no QML files in {directory}")
        return 1
    print(f"{pages} QML files checked, {len(found)} hard-coded colours")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())

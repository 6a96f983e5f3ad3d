"""Build portal/static/vendor/ from the npm packages in node_modules (``make vendor``).

The portal uses NL Design System components from the Utrecht component library
(``@utrecht/component-library-css``, EUPL-1.2, from the npm registry; pinned in
package-lock.json). Only the components the portal's templates use are concatenated, in a
fixed order and without timestamps, so a rebuild from the same packages is byte-identical.
The result is committed, so ``pip install .`` serves it without npm; a test rebuilds it
from node_modules and compares. Nothing is fetched at run time or from a CDN.

The colours, spacing and type of the components come from design tokens (CSS custom
properties). The portal sets them itself, per municipality theme, in
``portal/static/css/themes.css``; no municipality's proprietary token package is shipped.

    .venv/bin/python scripts/build_vendor.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NODE_MODULES = REPO / "node_modules"
OUT = REPO / "portal" / "static" / "vendor" / "utrecht-components.css"
LIBRARY = "@utrecht/component-library-css"
#: The components the templates use (base.html and the macros in templates/_macros).
COMPONENTS = (
    "skip-link-css",
    "link-css",
    "button-css",
    "form-field-css",
    "form-fieldset-css",
    "form-label-css",
    "form-field-description-css",
    "form-field-error-message-css",
    "textbox-css",
    "textarea-css",
    "select-css",
    "checkbox-css",
    "radio-button-css",
    "alert-css",
)


def _package_dir(name: str) -> Path:
    nested = NODE_MODULES / LIBRARY / "node_modules" / "@utrecht" / name
    return nested if nested.exists() else NODE_MODULES / "@utrecht" / name


def _version(path: Path) -> str:
    return json.loads((path / "package.json").read_text(encoding="utf-8"))["version"]


def build() -> str:
    library = NODE_MODULES / LIBRARY
    if not library.exists():
        raise SystemExit(
            "node_modules has no @utrecht/component-library-css: run npm ci"
        )
    parts = [
        "/*!\n"
        f" * NL Design System components from {LIBRARY} {_version(library)}\n"
        " * @license EUPL-1.2 - Copyright (c) 2020-2024 Frameless B.V., (c) 2021-2024 Gemeente Utrecht\n"
        " * https://github.com/nl-design-system/utrecht - built by scripts/build_vendor.py; do not edit.\n"
        " */\n"
    ]
    for name in COMPONENTS:
        package = _package_dir(name)
        css = (package / "dist" / "index.css").read_text(encoding="utf-8")
        parts.append(f"/* @utrecht/{name} {_version(package)} */\n{css.strip()}\n")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if the committed file differs"
    )
    args = parser.parse_args(argv)
    css = build()
    if args.check:
        if OUT.read_text(encoding="utf-8") != css:
            print(f"{OUT} differs from a fresh build: run make vendor", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(css, encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(REPO)} ({len(css)} bytes, {len(COMPONENTS)} components)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

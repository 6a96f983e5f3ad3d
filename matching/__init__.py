"""Werkbrug matching: a pure library that proposes candidate–vacancy matches.

It depends only on the standard library, NumPy, SciPy and scikit-learn, never on the
portal, Flask or a database, so it can be tested, benchmarked and run from the command
line (``python -m matching``) on its own. Import the submodules you need, e.g.
``from matching.taxonomy import load_taxonomy``; importing this package is cheap.
"""

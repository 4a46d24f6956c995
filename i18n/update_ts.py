#!/usr/bin/env python3
"""Regenerate i18n/segassess_<lang>.ts from the strings in segassess_qgis/**/*.py and core/**/*.py.

Why not pylupdate5: the algorithms translate through a module-level `tr()` helper with the
fixed context "SegAssess", which pylupdate5 would file under the wrong contexts. This script
finds every `tr("...")`, `self.tr("...")` and `QCoreApplication.translate("SegAssess", "...")`
with a literal string, and the core's progress texts `msg("...")` (translated by the plugin)
(ast, so implicit concatenation works), and writes one context
"SegAssess" per language with the translations from i18n/translations_<lang>.json.
Strings without a translation are written as type="unfinished" and listed on stderr.

    python i18n/update_ts.py            # rewrite the .ts files
    python i18n/update_ts.py --check    # exit 1 if any string lacks a translation
"""
from __future__ import annotations

import argparse
import ast
import json
import runpy
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# the plugin's strings (tr) and the core's translatable progress texts (core.common.progress.msg)
SOURCES = (ROOT / "segassess_qgis", ROOT / "core")
CONTEXT = "SegAssess"
LANGUAGES = {"zh_CN": "zh_CN", "fr": "fr_FR"}
# the project's one atomic writer, loaded by path: this script runs without the package installed
atomic_write_text = runpy.run_path(str(ROOT / "core" / "common" / "files.py"))["atomic_write_text"]


def extract(sources=SOURCES):
    """[(text, 'relative/file.py', line)] in source order, first occurrence of each text."""
    seen, out = set(), []
    for path in sorted(p for folder in sources for p in Path(folder).rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fname = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            args = node.args
            text = None
            if fname in ("tr", "msg") and len(args) >= 1 and isinstance(args[0], ast.Constant):
                text = args[0].value
            elif (fname == "translate" and len(args) >= 2 and isinstance(args[0], ast.Constant)
                  and args[0].value == CONTEXT and isinstance(args[1], ast.Constant)):
                text = args[1].value
            if isinstance(text, str) and text and text not in seen:
                seen.add(text)
                out.append((text, path.relative_to(ROOT).as_posix(), node.lineno))
    out.sort(key=lambda t: (t[1], t[2]))
    return out


def load_translations(lang: str) -> dict:
    p = HERE / f"translations_{lang}.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}


def render_ts(lang: str, messages, translations: dict) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             f'<TS version="2.1" language="{LANGUAGES[lang]}" sourcelanguage="en">',
             "<context>", f"    <name>{CONTEXT}</name>"]
    for text, file, line in messages:
        tr = translations.get(text)
        lines += ["    <message>", f'        <location filename="../{file}" line="{line}"/>',
                  f"        <source>{escape(text)}</source>",
                  f"        <translation>{escape(tr)}</translation>" if tr else
                  '        <translation type="unfinished"></translation>',
                  "    </message>"]
    lines += ["</context>", "</TS>", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report missing translations")
    ap.add_argument("--list", action="store_true", help="print the source strings as JSON")
    a = ap.parse_args(argv)
    messages = extract()
    if a.list:
        print(json.dumps([m[0] for m in messages], ensure_ascii=False, indent=1))
        return 0
    missing_any = False
    for lang in LANGUAGES:
        trans = load_translations(lang)
        missing = [m[0] for m in messages if not trans.get(m[0])]
        if missing:
            missing_any = True
            print(f"{lang}: {len(missing)} of {len(messages)} strings untranslated:", file=sys.stderr)
            for t in missing:
                print("   ", json.dumps(t, ensure_ascii=False), file=sys.stderr)
        if not a.check:
            atomic_write_text(HERE / f"segassess_{lang}.ts", render_ts(lang, messages, trans))
    print(f"{len(messages)} strings, languages: {', '.join(LANGUAGES)}")
    return 1 if (a.check and missing_any) else 0


if __name__ == "__main__":
    sys.exit(main())

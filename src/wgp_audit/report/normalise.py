"""One committed form for the notebooks: outputs kept (nbval compares them), metadata normalised.

JupyterLab, papermill and `make notebooks` each write a notebook a little differently: the kernel
the auditor picked, the Python patch version in `language_info`, papermill's timings, UI state in
cell metadata (collapsed, scrolled, ...), missing cell ids. `normalise` keeps only what the project
means to commit, so saving a notebook in Lab does not churn the file:

- notebook metadata: the `wgp-audit` kernelspec, `language_info` without its `version`;
  every other key is dropped;
- cell metadata: only `tags` (papermill's `parameters`, nbval's `nbval-*`);
- cell ids: kept; a missing or repeated id becomes `cell-<index>` (nbformat 4.5 and later);
- outputs and execution counts: kept as they are, only `transient` output fields are dropped;
- text: nbformat's own layout (one-space indent, sorted keys, multi-line text as line lists).

Used by `make notebooks` (wgp_audit.report.refresh), by JupyterLab when it saves (`make lab`
starts it with `pre_save_hook`) and by the pre-commit hook, so all three write the same form.
`--stdin` also makes it usable as a git clean filter.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

#: The kernel the notebooks run with (`make lab` installs it; wgp_audit.report.kernel for runs).
KERNELSPEC: Final = {"name": "wgp-audit", "display_name": "wgp-audit", "language": "python"}
#: Notebook-level metadata keys that are committed; the rest is run- or editor-specific.
NOTEBOOK_METADATA_KEPT: Final = frozenset({"kernelspec", "language_info"})
#: Cell metadata keys that are committed.
CELL_METADATA_KEPT: Final = frozenset({"tags"})


def _is_json_mime(mime: str) -> bool:
    """JSON mime types hold structured data that nbformat leaves unsplit."""
    return mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json"))


def _split_text(value: Any) -> Any:
    """Multi-line text as a list of lines (nbformat's file layout); other values unchanged."""
    return value.splitlines(True) if isinstance(value, str) else value


def _normalise_output(output: dict[str, Any]) -> dict[str, Any]:
    """An output without transient fields, its text split into lines."""
    output.pop("transient", None)
    if output.get("output_type") == "stream":
        output["text"] = _split_text(output.get("text", ""))
    data = output.get("data")
    if isinstance(data, dict):
        for mime, value in data.items():
            if not _is_json_mime(mime):
                data[mime] = _split_text(value)
    return output


def normalise(nb: dict[str, Any]) -> dict[str, Any]:
    """Return the notebook `nb` (a parsed .ipynb) in its committed form (changed in place too)."""
    meta = nb.get("metadata", {})
    language = {k: v for k, v in meta.get("language_info", {"name": "python"}).items() if k != "version"}
    nb["metadata"] = {k: v for k, v in meta.items() if k in NOTEBOOK_METADATA_KEPT}
    nb["metadata"]["kernelspec"] = dict(KERNELSPEC)
    nb["metadata"]["language_info"] = language
    with_ids = (nb.get("nbformat", 4), nb.get("nbformat_minor", 0)) >= (4, 5)
    seen: set[str] = set()
    for index, cell in enumerate(nb.get("cells", [])):
        cell["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k in CELL_METADATA_KEPT}
        cell["source"] = _split_text(cell.get("source", ""))
        if with_ids:
            cell_id = cell.get("id")
            if not isinstance(cell_id, str) or not cell_id or cell_id in seen:
                cell_id = f"cell-{index}"
            cell["id"] = cell_id
            seen.add(cell_id)
        if cell.get("cell_type") == "code":
            cell["outputs"] = [_normalise_output(o) for o in cell.get("outputs", [])]
    return nb


def dumps(nb: dict[str, Any]) -> str:
    """The notebook as nbformat writes a file: one-space indent, sorted keys, final newline."""
    return json.dumps(nb, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False) + "\n"


def normalise_text(text: str) -> str:
    """The committed form of the .ipynb text `text` (raises ValueError if it is not a notebook)."""
    nb = json.loads(text)
    if not isinstance(nb, dict) or "cells" not in nb:
        raise ValueError("not a notebook (no cells)")
    return dumps(normalise(nb))


def normalise_file(path: Path) -> bool:
    """Rewrite the notebook at `path` in its committed form; return whether it changed."""
    text = path.read_text(encoding="utf-8")
    wanted = normalise_text(text)
    if wanted == text:
        return False
    path.write_text(wanted, encoding="utf-8")
    return True


def pre_save_hook(model: dict[str, Any], path: str, **_: Any) -> None:
    """Jupyter server pre-save hook (`make lab`): a template notebook is saved in its committed form.

    Only notebooks under a `notebooks/` folder (the templates) are touched; others are saved as is.
    """
    if model.get("type") == "notebook" and "notebooks" in Path(path).parts[:-1]:
        normalise(model["content"])


def main(argv: Sequence[str] | None = None) -> int:
    """Normalise notebooks in place (0; 1 if --check finds one to change), or stdin to stdout."""
    parser = argparse.ArgumentParser(
        prog="python -m wgp_audit.report.normalise", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument("paths", nargs="*", type=Path, help="notebooks to rewrite in place")
    parser.add_argument("--check", action="store_true", help="only list the notebooks that would change")
    parser.add_argument(
        "--stdin", action="store_true", help="read one notebook on stdin, write its committed form on stdout"
    )
    args = parser.parse_args(argv)
    if args.stdin:
        text = sys.stdin.read()
        try:
            sys.stdout.write(normalise_text(text))
        except ValueError:  # mid-merge conflict markers, or not a notebook: git keeps it as it is
            sys.stdout.write(text)
        return 0
    changed = []
    for path in args.paths:
        try:
            text = path.read_text(encoding="utf-8")
            wanted = normalise_text(text)
        except (OSError, ValueError) as exc:
            print(f"{path}: cannot be normalised ({exc}); fix the file, then run again", file=sys.stderr)
            return 2
        if wanted != text:
            changed.append(path)
            if not args.check:
                path.write_text(wanted, encoding="utf-8")
    for path in changed:
        print(f"{'would normalise' if args.check else 'normalised'} {path}")
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())

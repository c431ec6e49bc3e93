"""Every path given or found becomes one ``Found``: a file to read, or a line that says why not.

Folders are walked without following links out of them (``follow_links`` does), so a link to
``/etc/passwd`` inside an input folder never reaches the output. Dangling links, link loops,
unreadable folders and files that are not regular files are accounted for with their cause;
nothing found is dropped in silence.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pipeline.batch.names import shown
from pipeline.readers import format_of

Status = Literal["todo", "skipped", "error"]
KIND_NAMES = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class Found:
    path: Path
    explicit: bool  # named on the command line (or by a glob) rather than found in a folder
    status: Status = "todo"
    reason: str = ""


def discover(
    args: list[str], follow_links: bool = False, exclude: Path | None = None
) -> list[Found]:
    """Expand files, folders (recursive) and globs into one ``Found`` per path, in order.
    ``exclude`` (the output folder) is not read when it lies inside an input folder."""
    found: list[Found] = []
    skip = os.path.realpath(exclude) if exclude is not None else None
    for raw in args:
        found.extend(_argument(raw, follow_links, skip))
    return _unique(found)


def _argument(raw: str, follow_links: bool, skip: str | None) -> list[Found]:
    path = Path(raw)
    try:
        os.lstat(path)
    except FileNotFoundError:
        if glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if matches:
                return [f for m in matches for f in _named(Path(m), follow_links, skip)]
            return [Found(path, True, "error", "no file matches this pattern")]
        return [Found(path, True, "error", "no such file or folder")]
    except OSError as exc:
        return [Found(path, True, "error", f"cannot access: {_cause(exc)}")]
    return _named(path, follow_links, skip)


def _named(path: Path, follow_links: bool, skip: str | None) -> list[Found]:
    """A path named on the command line: a link named there is followed (that is the ask)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return [Found(path, True, "error", _link_problem(path, exc))]
    if stat.S_ISDIR(st.st_mode):
        return _walk(path, follow_links, skip)
    if not stat.S_ISREG(st.st_mode):
        return [Found(path, True, "error", f"not a regular file ({_kind(st.st_mode)})")]
    return [Found(path, True)]


def _walk(root: Path, follow_links: bool, skip: str | None) -> list[Found]:
    """Depth-first in name order; folders reached twice (through links) are read once."""
    real_root = os.path.realpath(root)
    seen_dirs = {_dir_id(root)}
    out: list[Found] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.append(Found(folder, False, "error", f"cannot read folder: {_cause(exc)}"))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            found, descend = _entry(entry, real_root, follow_links, skip, seen_dirs)
            if found is not None:
                out.append(found)
            if descend is not None:
                subfolders.append(descend)
        stack.extend(reversed(subfolders))
    return out


def _entry(
    entry: os.DirEntry[str],
    real_root: str,
    follow_links: bool,
    skip: str | None,
    seen_dirs: set[tuple[int, int]],
) -> tuple[Found | None, Path | None]:
    """What one folder entry is: a ``Found`` line, a folder to descend into, or both."""
    path = Path(entry.path)
    if entry.name.startswith("."):
        what = "folder" if entry.is_dir(follow_symlinks=False) else "file"
        return Found(path, False, "skipped", f"hidden {what}, not read"), None
    try:
        is_link = entry.is_symlink()
        st = os.stat(path) if is_link else entry.stat(follow_symlinks=False)
    except OSError as exc:
        return Found(path, False, "error", _link_problem(path, exc)), None
    if is_link and not follow_links and not _inside(path, real_root):
        return (
            Found(
                path,
                False,
                "skipped",
                "link to outside the input folder, not followed (--follow-links follows it)",
            ),
            None,
        )
    if stat.S_ISDIR(st.st_mode):
        if skip is not None and os.path.realpath(path) == skip:
            return Found(path, False, "skipped", "the output folder, not read"), None
        if is_link and not follow_links:
            return Found(path, False, "skipped", "link to a folder of this input, read there"), None
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            return Found(path, False, "error", "link loop: this folder is already being read"), None
        seen_dirs.add(key)
        return None, path
    if not stat.S_ISREG(st.st_mode):
        return Found(path, False, "skipped", f"not a regular file ({_kind(st.st_mode)})"), None
    if format_of(path) is None:
        reason = f"not a supported document type ({path.suffix or 'no extension'})"
        return Found(path, False, "skipped", reason), None
    return Found(path, False), None


def _unique(found: list[Found]) -> list[Found]:
    """One line per path; of several paths to the same file (a link, a folder given twice) the
    first that is not a link is read, and the others say which one."""
    by_path: dict[str, Found] = {}
    for f in found:
        by_path.setdefault(shown(f.path), f)
    files: dict[Path, tuple[int, int]] = {}
    readers: dict[tuple[int, int], Path] = {}
    out: list[Found] = []
    for f in by_path.values():
        if f.status == "todo":
            try:
                st = os.stat(f.path)
            except OSError as exc:
                f = Found(f.path, f.explicit, "error", f"cannot access: {_cause(exc)}")
            else:
                key = files[f.path] = (st.st_dev, st.st_ino)
                if key not in readers or (
                    os.path.islink(readers[key]) and not os.path.islink(f.path)
                ):
                    readers[key] = f.path
        out.append(f)
    return [
        Found(f.path, f.explicit, "skipped", f"same file as {shown(readers[files[f.path]])}")
        if f.path in files and readers[files[f.path]] != f.path
        else f
        for f in out
    ]


def _inside(path: Path, real_root: str) -> bool:
    target = os.path.realpath(path)
    return target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)


def _dir_id(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_dev, st.st_ino


def _kind(mode: int) -> str:
    return KIND_NAMES.get(stat.S_IFMT(mode), "not a file or folder")


def _link_problem(path: Path, exc: OSError) -> str:
    """A path that cannot be followed: a loop, a link to nothing, or a plain access problem."""
    if exc.errno == errno.ELOOP:
        return "link loop: the link leads back to itself"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and os.path.islink(path):
        return f"dangling link: its target {shown(os.readlink(path))} does not exist"
    return f"cannot access: {_cause(exc)}"


def _cause(exc: OSError) -> str:
    return exc.strerror or exc.__class__.__name__

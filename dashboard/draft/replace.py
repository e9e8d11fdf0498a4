"""Write a set of files into the data folder all or nothing, keeping the files it replaces.

Each new file is written beside its target under a temporary name; only when all are written,
and every target that exists could be opened for writing (on Windows a CSV open in Excel or WPS
is locked), are the old files copied to backups/<YYYYMMDD-HHMMSS>/ and the new ones moved into
place with os.replace. If a move still fails, the files already moved are put back. Either way
an Unwritable names the file, and the data folder is as it was."""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from dashboard.messages import M, MessageError
from dashboard.schema import BACKUPS_DIR

UNDO = """\
python -m dashboard.draft merge, {when}: the files of {data} it replaced, as they were.
本文件夹是 {when} 合并草稿之前的数据文件，可用来撤销那次合并。

Replaced (copied here) / 被替换的文件（原样保存在这里）:
{replaced}
Added (not here) / 新增的文件（这里没有）:
{added}

To undo the merge: copy the files of this folder (not this README.txt) back into {data},
keeping their folders, over the files there, and delete the added files.
撤销合并：把本文件夹里的文件（本说明除外）按原来的子文件夹复制回 {data}，覆盖同名文件，
再删除上面列出的新增文件。
"""


class Unwritable(MessageError):
    """A file of the data folder that cannot be written now; nothing was changed."""

    def __init__(self, path: Path, error: OSError, restore_from: Path | None = None):
        super().__init__(M("merge.unwritable", path=path, error=error.strerror or str(error)))
        self.path = path
        self.restore_from = restore_from  # set only if putting the old files back failed too


def backup_folder(data: Path, now: datetime) -> Path:
    """backups/<YYYYMMDD-HHMMSS> (-2, -3 … after a merge in the same second), not yet made."""
    base = data / BACKUPS_DIR / now.strftime("%Y%m%d-%H%M%S")
    folder, n = base, 1
    while folder.exists():
        n += 1
        folder = base.with_name(f"{base.name}-{n}")
    return folder


def _discard(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)


def _write_beside(target: Path, content: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".merging")
    try:
        with os.fdopen(handle, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
    except OSError:
        _discard([name])
        raise
    return Path(name)


def replace_all(data: Path, contents: dict[str, bytes], now: datetime | None = None) -> Path:
    """Put `contents` (path inside `data` -> new bytes) in place, all or none; return the backup
    folder that holds the replaced files and a README.txt on how to undo. Raises Unwritable."""
    now = now or datetime.now()
    targets = {name: data / name for name in contents}
    temporary: dict[str, Path] = {}
    try:
        for name, target in targets.items():
            if target.exists():
                with target.open("r+b"):  # locked (Windows) or read-only: say so before any change
                    pass
            temporary[name] = _write_beside(target, contents[name])
    except OSError as error:
        _discard(temporary.values())
        raise Unwritable(target, error) from error
    backup = backup_folder(data, now)
    replaced = [name for name, target in targets.items() if target.exists()]
    try:
        for name in replaced:
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(targets[name], backup / name)
        (backup / "README.txt").write_bytes(UNDO.format(
            when=now.strftime("%Y-%m-%d %H:%M:%S"), data=data,
            replaced="".join(f"  {n}\n" for n in replaced) or "  -\n",
            added="".join(f"  {n}\n" for n in contents if n not in replaced) or "  -\n",
        ).replace("\n", "\r\n").encode("utf-8-sig"))
    except OSError as error:
        _discard(temporary.values())
        shutil.rmtree(backup, ignore_errors=True)
        raise Unwritable(backup, error) from error
    done: list[str] = []
    for name, target in targets.items():
        try:
            os.replace(temporary[name], target)
        except OSError as error:
            _discard(temporary.values())
            try:
                _undo(data, backup, done, replaced)
            except OSError:
                raise Unwritable(target, error, restore_from=backup) from error
            shutil.rmtree(backup, ignore_errors=True)
            raise Unwritable(target, error) from error
        done.append(name)
    return backup


def _undo(data: Path, backup: Path, done: list[str], replaced: list[str]) -> None:
    """Put back the files already moved: the old copy, or no file where there was none."""
    for name in done:
        if name in replaced:
            os.replace(_write_beside(data / name, (backup / name).read_bytes()), data / name)
        else:
            (data / name).unlink()

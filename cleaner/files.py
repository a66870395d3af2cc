"""Reading inputs safely and writing outputs atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024  # a larger "article" is a dump, not a document
BINARY_PROBE = 8192  # bytes looked at for NUL characters


class InputError(Exception):
    """A document that cannot be read as text; the message says why and what to do."""


def decode(data: bytes, encoding: str = "utf-8", max_bytes: int = MAX_BYTES) -> str:
    """Text of a document's bytes, or `InputError` saying why not."""
    if not data.strip():
        raise InputError("empty document: nothing to clean")
    if len(data) > max_bytes:
        raise InputError(f"document too large ({len(data):,} bytes > {max_bytes:,}): split it")
    if b"\x00" in data[:BINARY_PROBE]:
        raise InputError("binary data (NUL bytes), not text: is this file really an article?")
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"not valid {encoding} (byte {error.start}): pass --encoding with the file's encoding"
        ) from error
    except LookupError as error:
        raise InputError(f"unknown encoding {encoding!r}") from error


def read_document(path: Path, encoding: str = "utf-8", max_bytes: int = MAX_BYTES) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"document too large ({size:,} bytes > {max_bytes:,}): split it")
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}") from error
    return decode(data, encoding, max_bytes)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` so that `path` is either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

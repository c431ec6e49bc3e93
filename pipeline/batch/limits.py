"""Per-file bounds, so that one pathological file costs at most one bounded slot of one worker."""

from __future__ import annotations

from dataclasses import dataclass

# Defaults sized on the corpus: its slowest file takes 10 s, its longest text is 91,000
# characters and no worker went past 170 MB. OCR of a long scan is the slow case they allow for.
TIMEOUT_S = 600.0
MEMORY_MB = 2048
MAX_FILE_MB = 200.0
MAX_CHARS = 5_000_000
# UTF-8 spends at most 4 bytes on a character: a text file larger than this many bytes per
# allowed character is refused before it is read.
MAX_BYTES_PER_CHAR = 4
TEXT_FORMATS = ("txt", "md", "html")


@dataclass(frozen=True)
class Limits:
    timeout: float = TIMEOUT_S  # seconds one file may take (reading, extracting)
    memory_mb: int = MEMORY_MB  # resident memory of a worker and the programs it starts
    max_file_mb: float = MAX_FILE_MB  # size of an input file
    max_chars: int = MAX_CHARS  # characters read from one file

    def too_large(self, size: int, fmt: str | None) -> str | None:
        """Why a file of ``size`` bytes is refused before it is read, or ``None``."""
        if size > self.max_file_mb * 1024 * 1024:
            return (
                f"too large: {size / 2**20:,.0f} MB (limit {self.max_file_mb:g} MB, --max-file-mb)"
            )
        if fmt in TEXT_FORMATS and size > self.max_chars * MAX_BYTES_PER_CHAR:
            return (
                f"too large: {size:,} bytes of text is more than {self.max_chars:,} characters"
                " (--max-chars)"
            )
        return None

    def too_many_chars(self, chars: int) -> str | None:
        if chars > self.max_chars:
            return f"too large: {chars:,} characters (limit {self.max_chars:,}, --max-chars)"
        return None

"""The progress bar on a terminal: files, pages, errors, rate. Quiet when stderr is not a
terminal (a log or CI), where each error is still one line."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from tqdm import tqdm


class Progress:
    def __init__(self, total: int, log: Callable[[str], object], show: bool | None = None) -> None:
        self.log = log
        self.pages = self.errors = 0
        self.t0 = time.monotonic()
        visible = sys.stderr.isatty() if show is None else show
        self.bar: tqdm | None = (
            tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
            if visible and total
            else None
        )

    def done(self, pages: int | None, error: str | None) -> None:
        self.pages += pages or 0
        self.errors += int(error is not None)
        if error is not None:
            self.note(error)
        if self.bar is not None:
            rate = self.pages / max(time.monotonic() - self.t0, 1e-6)
            errors = f"{self.errors} error" + ("" if self.errors == 1 else "s")
            self.bar.set_postfix_str(
                f"{self.pages} pages, {rate:.1f} pages/s, {errors}", refresh=False
            )
            self.bar.update(1)

    def note(self, message: str) -> None:
        if self.bar is not None:
            self.bar.write(message, file=sys.stderr)
        else:
            self.log(message)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

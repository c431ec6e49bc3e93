"""Broken and hostile files (made by the tests): a clear error by cause, nothing lost that can be
read, nothing fetched from outside, every encoding of Vietnamese text detected."""

from __future__ import annotations

import os
import socket
import threading
import unicodedata

import pytest

from pipeline.assemble import build_record
from pipeline.model.source import ReadError
from pipeline.normalize import normalise
from pipeline.readers import read
from pipeline.readers.doc import network_isolation
from tests.conftest import SAMPLES
from tests.hostile_files import (
    ENCODED,
    SAMPLE,
    docx_with_external_entity,
    pdf_with_a_broken_page,
    zip_bomb_docx,
)


@pytest.mark.parametrize(
    ("name", "content", "cause"),
    [
        ("empty.pdf", b"", "empty file"),
        ("empty.doc", b"", "empty file"),
        ("empty.docx", b"", "empty file"),
        ("random.pdf", os.urandom(3000), "not readable as PDF"),
        ("random.docx", os.urandom(3000), "corrupt DOCX"),
        ("random.doc", b"\x01\x02" + os.urandom(3000), "not a Word document"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<<", "not readable as PDF"),
        ("truncated.docx", b"PK\x03\x04" + os.urandom(200), "corrupt DOCX"),
        ("binary.txt", b"\x00\x01\x02\x03" * 500, "not a text file"),
    ],
)
def test_broken_files_give_a_clear_error_by_cause(tmp_path, name, content, cause):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match=cause):
        read(path)


def test_encrypted_pdf_is_named_so(tmp_path):
    import subprocess

    from pipeline.readers.doc import soffice_binary

    options = (
        '{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    subprocess.run(
        [
            soffice_binary() or "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            f"pdf:writer_pdf_Export:{options}",
            "--outdir",
            str(tmp_path),
            str(SAMPLES / "003_b3c289cca53b4e1f.docx"),
        ],
        capture_output=True,
        timeout=180,
        check=True,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    with pytest.raises(ReadError, match="encrypted PDF"):
        read(tmp_path / "003_b3c289cca53b4e1f.pdf")


def test_a_pdf_with_one_unloadable_page_keeps_the_others(tmp_path):
    path = tmp_path / "broken-page.pdf"
    path.write_bytes(pdf_with_a_broken_page())
    source = read(path)
    text = " ".join(b.text for b in source.blocks)
    assert "Page one" in text and "Page three" in text
    assert any("page 2 could not be read" in w for w in source.warnings)


def test_a_docx_zip_bomb_is_refused_before_parsing(tmp_path):
    with pytest.raises(ReadError, match="too large"):
        read(zip_bomb_docx(tmp_path / "bomb.docx"))


def test_a_docx_with_an_external_entity_is_refused(tmp_path):
    path = docx_with_external_entity(SAMPLES / "003_b3c289cca53b4e1f.docx", tmp_path / "x.docx")
    with pytest.raises(ReadError, match="declares a DTD"):
        read(path)


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener():
    found = Listener()
    yield found
    found.close()


def test_a_doc_that_is_html_with_remote_images_opens_no_connection(tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}"
    path = tmp_path / "page.doc"
    path.write_text(
        f'<html><head><link rel="stylesheet" href="{url}/a.css"></head><body>'
        f'<p>KẾ HOẠCH thực hiện giảm nghèo</p><img src="{url}/logo.png"></body></html>',
        encoding="utf-8",
    )
    source = read(path)
    assert source.format == "html" and "KẾ HOẠCH" in source.blocks[0].text
    assert listener.connections == 0


def test_libreoffice_fetches_no_linked_picture(tmp_path, listener):
    url = f"http://127.0.0.1:{listener.port}/picture.png"
    path = tmp_path / "linked.doc"
    path.write_bytes(
        b"{\\rtf1\\ansi{\\fonttbl{\\f0 Times New Roman;}}\\f0 Ke hoach so 12\\par"
        b'{\\field{\\*\\fldinst INCLUDEPICTURE "' + url.encode() + b'" \\\\d}{\\fldrslt }}\\par}'
    )
    source = read(path)
    assert "Ke hoach so 12" in " ".join(b.text for b in source.blocks)
    assert listener.connections == 0


def test_libreoffice_runs_without_a_network():
    assert network_isolation(), "unshare cannot give LibreOffice a network namespace here"


@pytest.mark.parametrize("encoding", sorted(ENCODED))
def test_every_encoding_of_vietnamese_text_is_detected_and_flagged(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ENCODED[encoding])
    source = read(path)
    doc = normalise(source)
    assert source.legacy_encoding == encoding.replace("-no-bom", "")
    assert doc.text.split("\n")[0] == unicodedata.normalize("NFC", SAMPLE.split("\n")[0])
    assert not source.warnings


def test_text_that_decodes_badly_is_a_warning(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"K\x81 ho\x8dch \x9d\x90 " * 50)
    record = build_record(path)
    assert any("decodes badly" in w for w in record.warnings)

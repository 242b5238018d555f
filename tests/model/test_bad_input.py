"""Bad input to ``read_document``: always a one-line ReadError naming the file, never a crash."""

from __future__ import annotations

import gzip
import io
import random
import zipfile
from pathlib import Path

import pytest

from resolute.model.readers import MAX_BYTES, read_document
from resolute.model.records import ReadError

AKN = """<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">
  <statement name="resolution">
    <meta><identification source="#test"><FRBRWork>
      <FRBRthis value="/akn/un/statement/deliberation/unga/2099-12-01/99-12/!main/"/>
    </FRBRWork></identification></meta>
    <preamble>
      <formula name="enactingFormula"><p>The General Assembly,</p></formula>
      <container name="Recalling"><p><span class="italic">Recalling</span> resolution 98/1,</p></container>
    </preamble>
    <mainBody>
      <paragraph><num>1.</num><content><p><span class="italic">Decides</span> to meet;</p></content>
      </paragraph>
      <paragraph><num>2.</num><content><p><span class="italic">Requests</span> a report.</p></content>
      </paragraph>
    </mainBody>
  </statement>
</akomaNtoso>
"""
NOISE = random.Random(20990101).randbytes(4096)


def _error(path: Path) -> str:
    """The message of the ReadError that reading ``path`` must raise."""
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: "), message
    assert "\n" not in message and "Traceback" not in message
    assert caught.value.reason
    return message


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name", ["empty.xml", "empty.xml.gz", "empty.txt", "empty.docx"])
def test_empty_file_of_each_kind(tmp_path, name):
    assert "empty" in _error(_write(tmp_path, name, b""))


@pytest.mark.parametrize("name", ["blank.txt", "blank.xml"])
def test_white_space_only(tmp_path, name):
    _error(_write(tmp_path, name, b" \r\n\t\n  \n"))


@pytest.mark.parametrize("name", ["noise.txt", "noise.xml", "noise.docx", "noise.xml.gz"])
def test_random_binary(tmp_path, name):
    _error(_write(tmp_path, name, NOISE))


def test_binary_with_nul_bytes_as_text(tmp_path):
    _error(_write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)))


def test_gzip_of_nothing_and_gzip_of_noise(tmp_path):
    _error(_write(tmp_path, "nothing.xml.gz", gzip.compress(b"")))
    _error(_write(tmp_path, "noise.xml.gz", gzip.compress(NOISE)))


def test_truncated_gzip(tmp_path):
    data = gzip.compress(AKN.encode() * 20)
    assert "gzip" in _error(_write(tmp_path, "cut.xml.gz", data[: len(data) // 2]))


def test_gzip_with_a_broken_header(tmp_path):
    _error(_write(tmp_path, "header.xml.gz", b"\x1f\x8b\x08" + NOISE[:64]))


def test_malformed_xml_without_a_resolution_body(tmp_path):
    xml = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement><preface><p>Draft'
    assert "body" in _error(_write(tmp_path, "malformed.xml", xml))


def test_xml_that_is_not_akn(tmp_path):
    _error(_write(tmp_path, "other.xml", b"<?xml version='1.0'?><catalog><book>Title</book></catalog>"))


def test_xml_with_undecodable_bytes_and_no_body(tmp_path):
    _error(
        _write(
            tmp_path,
            "latin.xml",
            b'<?xml version="1.0" encoding="UTF-8"?><akomaNtoso>\xff\xfe\x80</akomaNtoso>',
        )
    )


def test_truncated_akn_before_the_body_is_an_error(tmp_path):
    data = AKN.encode()
    _error(_write(tmp_path, "early.xml", data[: data.index(b"<preamble>")]))


def test_truncated_akn_inside_the_body_keeps_what_was_read(tmp_path):
    data = AKN.encode()
    cut = _write(tmp_path, "late.xml", data[: data.index(b"<paragraph><num>2.")])

    document = read_document(cut)

    assert [p.number for p in document.paragraphs if p.number] == ["1"]


def test_a_valid_file_still_reads(tmp_path):
    document = read_document(_write(tmp_path, "ok.xml.gz", gzip.compress(AKN.encode())))

    assert document.symbol == "A/RES/99/12"
    assert len(document.paragraphs) == 3


def test_docx_that_is_not_a_zip(tmp_path):
    assert "zip" in _error(_write(tmp_path, "text.docx", b"Recalling its resolution 98/1,\nDecides to meet.\n"))


def test_docx_that_is_a_zip_of_something_else(tmp_path):
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    _error(_write(tmp_path, "odt.docx", stream.getvalue()))


def test_truncated_docx(tmp_path, make_docx):
    draft = make_docx()
    draft.add("*Decides* to meet again.")
    data = draft.to_bytes()
    _error(_write(tmp_path, "cut.docx", data[: len(data) - 100]))


def test_directory(tmp_path):
    folder = tmp_path / "folder.xml"
    folder.mkdir()
    assert "directory" in _error(folder)


def test_missing_file(tmp_path):
    _error(tmp_path / "absent.txt")


def test_huge_file_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:  # sparse: no disk blocks written
        stream.truncate(MAX_BYTES + 1)
    assert "too large" in _error(path)


def test_huge_file_once_decompressed(tmp_path):
    bomb = gzip.compress(b" " * (MAX_BYTES + 1024), compresslevel=9)
    assert "too large" in _error(_write(tmp_path, "bomb.xml.gz", bomb))


@pytest.mark.parametrize("name", ["resolution.pdf", "resolution", "notes.md"])
def test_unknown_extension(tmp_path, name):
    assert "unknown file type" in _error(_write(tmp_path, name, AKN.encode()))

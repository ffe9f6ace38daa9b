"""Makes N distinct copies of each benchmark picture (so uploads never deduplicate) by adding a small, valid
comment: a COM segment after a JPEG's SOI, a tEXt chunk after a PNG's IHDR, an unknown chunk at a WebP's end.
Usage: make-inputs.py SOURCE_DIR OUTPUT_DIR COPIES"""
import os
import struct
import sys
import zlib


def tagged(data: bytes, name: str, label: bytes) -> bytes:
    if name.endswith(".jpg"):
        return data[:2] + b"\xff\xfe" + struct.pack(">H", len(label) + 2) + label + data[2:]
    if name.endswith(".png"):
        chunk = b"tEXt" + b"Comment\x00" + label
        crc = struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
        block = struct.pack(">I", len(chunk) - 4) + chunk + crc
        return data[:33] + block + data[33:]
    if name.endswith(".webp"):
        body = label + (b"\x00" if len(label) % 2 else b"")
        extra = b"UNIQ" + struct.pack("<I", len(label)) + body
        out = data + extra
        return out[:4] + struct.pack("<I", len(out) - 8) + out[8:]
    raise ValueError(name)


def main() -> None:
    source, output, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(output, exist_ok=True)
    for name in sorted(os.listdir(source)):
        data = open(os.path.join(source, name), "rb").read()
        stem, ext = os.path.splitext(name)
        for index in range(copies):
            label = f"discordination benchmark copy {index} {os.getpid()}".encode()
            with open(os.path.join(output, f"{stem}-{index}{ext}"), "wb") as handle:
                handle.write(tagged(data, name, label))


main()

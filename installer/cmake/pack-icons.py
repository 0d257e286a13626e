#!/usr/bin/env python3
"""Packs the PNG renderings of the app icon into a Windows .ico or a macOS .icns.

Pure standard library, so the same recipe runs on every build machine (Linux, Windows, macOS)
and can be checked on Linux, where the packages are built and tested.

  pack-icons.py ico  OUT.ico  16.png 24.png 32.png 48.png 64.png 256.png
  pack-icons.py icns OUT.icns 16.png 32.png 64.png 128.png 256.png 512.png 1024.png

The size of each image is read from its PNG header, not from its name.

.ico: images up to 64 px are stored as 32-bit DIBs (what the Windows shell, the resource
compiler and NSIS's icon replacement all accept); larger ones as PNG (Vista and later).
.icns: every image is stored as PNG under the element types macOS 10.7+ reads.
"""
import struct
import sys
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunks(data):
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def png_size(data):
    for kind, body in png_chunks(data):
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            return width, height
    raise ValueError("PNG without IHDR")


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def png_rgba_rows(data):
    """Decodes an 8-bit, non-interlaced RGBA or RGB PNG (what rsvg-convert writes) into rows of RGBA."""
    header = None
    idat = b""
    for kind, body in png_chunks(data):
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError("only 8-bit non-interlaced RGB/RGBA PNGs are supported")
    channels = 4 if colour == 6 else 3
    stride = width * channels
    raw = zlib.decompress(idat)
    rows = []
    previous = bytearray(stride)
    pos = 0
    for _ in range(height):
        kind = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            upper_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                line[i] = (line[i] + paeth(left, up, upper_left)) & 0xFF
        previous = line
        if channels == 3:
            line = bytearray(b"".join(bytes(line[i:i + 3]) + b"\xff" for i in range(0, stride, 3)))
        rows.append(bytes(line))
    return width, height, rows


def dib_from_png(data):
    width, height, rows = png_rgba_rows(data)
    info = struct.pack("<IiiHHIIiiII", 40, width, height * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    pixels = bytearray()
    for row in reversed(rows):  # DIBs are stored bottom-up, as BGRA
        for i in range(0, len(row), 4):
            r, g, b, a = row[i:i + 4]
            pixels += bytes((b, g, r, a))
    mask_stride = ((width + 31) // 32) * 4  # the AND mask: all zero, the alpha channel decides
    return info + bytes(pixels) + bytes(mask_stride * height)


def make_ico(pngs):
    images = []
    for data in sorted(pngs, key=lambda d: png_size(d)[0]):
        width, height = png_size(data)
        if width > 256 or height > 256:
            continue
        body = dib_from_png(data) if width <= 64 else data
        images.append((width, height, body))
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for width, height, body in images:
        out += struct.pack("<BBBBHHII", width % 256, height % 256, 0, 0, 1, 32, len(body), offset)
        offset += len(body)
    return out + b"".join(body for _, _, body in images)


# (pixel size) -> element types; an image serves as 1x of its size and as 2x of half its size.
ICNS_TYPES = {
    16: [b"icp4"],
    32: [b"icp5", b"ic11"],
    64: [b"icp6", b"ic12"],
    128: [b"ic07"],
    256: [b"ic08", b"ic13"],
    512: [b"ic09", b"ic14"],
    1024: [b"ic10"],
}


def make_icns(pngs):
    elements = b""
    for data in sorted(pngs, key=lambda d: png_size(d)[0]):
        width, height = png_size(data)
        if width != height or width not in ICNS_TYPES:
            raise ValueError(f"no icns element type for a {width}x{height} image")
        for kind in ICNS_TYPES[width]:
            elements += kind + struct.pack(">I", 8 + len(data)) + data
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def main(argv):
    if len(argv) < 4 or argv[1] not in ("ico", "icns"):
        sys.stderr.write(__doc__)
        return 2
    pngs = []
    for path in argv[3:]:
        with open(path, "rb") as f:
            pngs.append(f.read())
    packed = make_ico(pngs) if argv[1] == "ico" else make_icns(pngs)
    with open(argv[2], "wb") as f:
        f.write(packed)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""How much of a screenshot is drawn: the browser and serve checks decode a PNG (8-bit,
not interlaced; every filter type) with the standard library only and count its colours
and the share of pixels that are not the background (the most common colour)."""

import struct
import zlib


def decode(data):
    """(width, height, channels, rows) of PNG bytes, each row the unfiltered bytes."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour})")
    raw, bpp, stride = zlib.decompress(idat), channels, width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def ink(data):
    """(width, height, share not background, colours) of PNG bytes, sampling every
    fourth row and column."""
    width, height, channels, rows = decode(data)
    counts = {}
    for row in rows[::4]:
        for x in range(0, len(row), channels * 4):
            px = row[x:x + channels]
            counts[px] = counts.get(px, 0) + 1
    return width, height, 1 - max(counts.values()) / sum(counts.values()), len(counts)

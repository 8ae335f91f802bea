#!/usr/bin/env python3
"""Draws Skiff's app icons (style/icon-192.png, style/icon-512.png, for manifest.webmanifest)
from the logo of style/favicon.svg: its three polygons on a white rounded square, with no
dependency (a scanline fill, 4x4 samples a pixel, PNG written with zlib). Run it again only
when the logo changes; its output is committed."""
import struct
import zlib
from pathlib import Path

# style/favicon.svg's shapes in its 32x32 box: (points, colour).
SHAPES = [
    ([(4, 20), (28, 20), (24, 27), (8, 27)], (0x25, 0x63, 0xEB)),
    ([(15, 4), (15, 18), (7, 18)], (0x60, 0xA5, 0xFA)),
    ([(17, 7), (17, 18), (24, 18)], (0x93, 0xC5, 0xFD)),
]


def inside(poly, x, y):
    hit = False
    j = len(poly) - 1
    for i, (xi, yi) in enumerate(poly):
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def draw(size):
    # The logo fills the middle 80% (the "maskable" safe zone), on white.
    pad, scale = size * 0.1, size * 0.8 / 32
    radius = size * 0.18
    rows = []
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(4):
                for sx in range(4):
                    x, y = px + (sx + 0.5) / 4, py + (sy + 0.5) / 4
                    # Rounded square: outside its corners stays transparent.
                    cx = min(max(x, radius), size - radius)
                    cy = min(max(y, radius), size - radius)
                    if (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2:
                        continue
                    colour = (255, 255, 255)
                    lx, ly = (x - pad) / scale, (y - pad) / scale
                    for poly, c in SHAPES:
                        if inside(poly, lx, ly):
                            colour = c
                    acc[0] += colour[0]
                    acc[1] += colour[1]
                    acc[2] += colour[2]
                    acc[3] += 255
            n = 16
            row += bytes([acc[0] // n, acc[1] // n, acc[2] // n, acc[3] // n])
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


root = Path(__file__).resolve().parent.parent
for size in (192, 512):
    (root / "style" / f"icon-{size}.png").write_bytes(draw(size))
    print(f"style/icon-{size}.png")

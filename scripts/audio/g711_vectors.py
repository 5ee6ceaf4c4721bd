#!/usr/bin/env python3
"""Golden vectors for ParleyAudio's G.711 codec.

An independent Python model of the ITU-T G.191 Software Tool Library G.711
module (the `alaw_compress`, `alaw_expand`, `ulaw_compress` and `ulaw_expand`
routines of `g711.c`), written from the algorithm as the STL describes it:

  * linear samples are 16-bit two's complement, left-justified: A-law uses the
    13 most significant bits, mu-law the 14 most significant bits;
  * compression takes the one's complement of negative samples (so -1 behaves
    like 0 with the sign bit cleared), which is why G.191 maps -1...-4 to
    mu-law 0x7F while Python's `audioop` maps them to 0xFF;
  * mu-law adds the bias 33 (in 14-bit units) and clips the magnitude at
    0x1FFF before finding the segment;
  * A-law toggles the even bits (XOR 0x55), mu-law inverts the code.

It does not use `audioop`. As a cross-check it also rebuilds both decode tables
from the closed-form reconstruction values of ITU-T G.711 Tables 1 and 2, and
checks a few well-known code points.

Usage:
  scripts/audio/g711_vectors.py            print a summary
  scripts/audio/g711_vectors.py --swift F  (re)write the Swift golden file F
                                           (Tests/ParleyAudioTests/G711GoldenVectors.swift)
"""

import argparse
import sys

INPUTS = range(-32768, 32768)


# --- ITU-T G.191 STL algorithms -------------------------------------------

def alaw_compress(linear):
    """16-bit linear sample -> 8-bit A-law code (G.191 alaw_compress)."""
    ix = (~linear) >> 4 if linear < 0 else linear >> 4  # 0 <= ix < 2048
    if ix > 15:  # segment 0 needs no exponent
        exponent = 1
        while ix > 16 + 15:
            ix >>= 1
            exponent += 1
        ix -= 16  # drop the leading one of the mantissa
        ix += exponent << 4
    if linear >= 0:
        ix |= 0x80
    return ix ^ 0x55


def alaw_expand(code):
    """8-bit A-law code -> 16-bit linear sample (G.191 alaw_expand)."""
    ix = (code ^ 0x55) & 0x7F
    exponent = ix >> 4
    mantissa = ix & 0x0F
    if exponent > 0:
        mantissa += 16
    mantissa = (mantissa << 4) + 0x08  # left-justify, add half a step
    if exponent > 1:
        mantissa <<= exponent - 1
    return mantissa if code > 127 else -mantissa


def ulaw_compress(linear):
    """16-bit linear sample -> 8-bit mu-law code (G.191 ulaw_compress)."""
    absno = ((~linear) >> 2) + 33 if linear < 0 else (linear >> 2) + 33
    if absno > 0x1FFF:
        absno = 0x1FFF
    i = absno >> 6
    segment = 1
    while i != 0:
        segment += 1
        i >>= 1
    high_nibble = 0x08 - segment
    low_nibble = 0x0F - ((absno >> segment) & 0x0F)
    code = (high_nibble << 4) | low_nibble
    if linear >= 0:
        code |= 0x80
    return code


def ulaw_expand(code):
    """8-bit mu-law code -> 16-bit linear sample (G.191 ulaw_expand)."""
    sign = -1 if code < 0x80 else 1
    inverted = ~code
    exponent = (inverted >> 4) & 0x07
    segment = exponent + 1
    mantissa = inverted & 0x0F
    step = 4 << segment
    return sign * ((0x80 << exponent) + step * mantissa + step // 2 - 4 * 33)


# --- Cross-checks from ITU-T G.711 ----------------------------------------

def g711_table_mulaw(code):
    """Reconstruction value from G.711 Table 2 (14-bit units, scaled to 16 bits)."""
    c = (~code) & 0xFF
    exponent, mantissa = (c >> 4) & 7, c & 0x0F
    magnitude = ((2 * mantissa + 33) << exponent) - 33
    return 4 * (magnitude if code & 0x80 else -magnitude)


def g711_table_alaw(code):
    """Reconstruction value from G.711 Table 1 (13-bit units, scaled to 16 bits)."""
    c = code ^ 0x55
    exponent, mantissa = (c >> 4) & 7, c & 0x0F
    if exponent == 0:
        magnitude = 2 * mantissa + 1
    else:
        magnitude = (2 * mantissa + 33) << (exponent - 1)
    return 8 * (magnitude if code & 0x80 else -magnitude)


def self_check():
    for code in range(256):
        assert ulaw_expand(code) == g711_table_mulaw(code), code
        assert alaw_expand(code) == g711_table_alaw(code), code
    assert ulaw_compress(0) == 0xFF and alaw_compress(0) == 0xD5
    assert [ulaw_compress(x) for x in (-1, -2, -3, -4)] == [0x7F] * 4
    assert ulaw_compress(-5) == 0x7E
    assert ulaw_expand(0x00) == -32124 and ulaw_expand(0x80) == 32124
    assert alaw_expand(0xD5) == 8 and alaw_expand(0x55) == -8
    assert alaw_expand(0xAA) == 32256 and alaw_expand(0x2A) == -32256


# --- Golden data ------------------------------------------------------------

def fnv1a64(data):
    """FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3)."""
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def selected_inputs():
    """Edges, every segment boundary of both laws (both sides), and a fixed pseudo-random sample."""
    picks = {-32768, -32767, -32766, -32125, -32124, 32123, 32124, 32125, 32766, 32767, 0}
    picks.update(range(-8, 9))
    for compress in (ulaw_compress, alaw_compress):
        previous = compress(-32768)
        for x in range(-32767, 32768):
            code = compress(x)
            # A segment (chord) boundary: the exponent bits change.
            if (code ^ previous) & 0x70 and (code ^ previous) & 0x80 == 0:
                picks.update((x - 1, x))
            previous = code
    state = 0x2545F4914F6CDD1D  # xorshift64, fixed seed
    for _ in range(200):
        state ^= (state << 13) & 0xFFFFFFFFFFFFFFFF
        state ^= state >> 7
        state ^= (state << 17) & 0xFFFFFFFFFFFFFFFF
        picks.add((state & 0xFFFF) - 32768)
    return sorted(picks)


def swift_source(pairs, mu_table, a_table, mu_hash, a_hash):
    def rows(values, per_line, fmt):
        items = [fmt(v) for v in values]
        return "\n".join(
            "        " + ", ".join(items[i:i + per_line]) + ","
            for i in range(0, len(items), per_line)
        )

    return f"""// Generated by scripts/audio/g711_vectors.py --swift; do not edit by hand.
// Source of truth: an independent Python model of the ITU-T G.191 STL G.711 routines
// (alaw_compress/alaw_expand/ulaw_compress/ulaw_expand), cross-checked against the
// reconstruction values of ITU-T G.711 Tables 1 and 2.

/// Golden G.711 data computed outside Swift.
enum G711GoldenVectors {{
    /// μ-law code 0...255 → 16-bit linear sample (G.191 `ulaw_expand`).
    static let muLawDecode: [Int16] = [
{rows(mu_table, 8, str)}
    ]

    /// A-law code 0...255 → 16-bit linear sample (G.191 `alaw_expand`).
    static let aLawDecode: [Int16] = [
{rows(a_table, 8, str)}
    ]

    /// FNV-1a 64 of the μ-law codes of every input from -32768 through 32767, in order.
    static let muLawEncodeFNV1a64: UInt64 = 0x{mu_hash:016x}

    /// FNV-1a 64 of the A-law codes of every input from -32768 through 32767, in order.
    static let aLawEncodeFNV1a64: UInt64 = 0x{a_hash:016x}

    /// Flattened triples: linear input, μ-law code, A-law code ({len(pairs)} inputs).
    static let encodeTriples: [Int32] = [
{rows([v for triple in pairs for v in triple], 9, str)}
    ]
}}
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--swift", metavar="FILE", help="write the Swift golden vectors to FILE")
    args = parser.parse_args()

    self_check()
    mu_table = [ulaw_expand(c) for c in range(256)]
    a_table = [alaw_expand(c) for c in range(256)]
    mu_hash = fnv1a64(ulaw_compress(x) for x in INPUTS)
    a_hash = fnv1a64(alaw_compress(x) for x in INPUTS)
    pairs = [(x, ulaw_compress(x), alaw_compress(x)) for x in selected_inputs()]

    print(f"mu-law encode FNV-1a64: 0x{mu_hash:016x}")
    print(f"A-law  encode FNV-1a64: 0x{a_hash:016x}")
    print(f"explicit inputs: {len(pairs)}")
    print("codes that do not survive decode->encode:",
          "mu-law", [f"0x{c:02X}" for c in range(256) if ulaw_compress(mu_table[c]) != c],
          "A-law", [f"0x{c:02X}" for c in range(256) if alaw_compress(a_table[c]) != c])

    if args.swift:
        with open(args.swift, "w", encoding="utf-8") as out:
            out.write(swift_source(pairs, mu_table, a_table, mu_hash, a_hash))
        print(f"wrote {args.swift}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

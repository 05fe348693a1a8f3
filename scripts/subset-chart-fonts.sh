#!/bin/sh
# Rebuilds assets/fonts/DejaVuSans{,-Bold}-Latin.ttf, the subsets of DejaVu Sans that chart PNGs are drawn with
# (src/charts/render-png.ts). resvg's cost per glyph grows with the size of the font file it parses (for every
# glyph); the full 750 KB DejaVu Sans made text ~40% of a radar's render. The subsets keep every outline, the
# kerning and the other layout tables of the characters below, so their PNGs are byte-identical to the full
# font's (test/charts/radar.test.ts checks this). Text with other characters loads the full fonts as fallback.
#
# Needs fontTools (`python3 -m pip install fonttools==4.66.1`; made with 4.66.1 from dejavu-fonts-ttf 2.37.3).
# If you change RANGES, change SUBSET_RANGES in src/charts/render-png.ts to the same ranges.
set -eu
cd "$(dirname "$0")/.."
RANGES="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2212"
for name in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "node_modules/dejavu-fonts-ttf/ttf/$name.ttf" --unicodes="$RANGES" --layout-features='*' --no-hinting \
    --output-file="assets/fonts/$name-Latin.ttf"
done
cp node_modules/dejavu-fonts-ttf/LICENSE assets/fonts/LICENSE

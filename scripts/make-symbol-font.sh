#!/bin/sh
# Rebuilds assets/fonts/DejaVuSans-Symbols.ttf: the symbol blocks of DejaVu Sans that
# egui's fonts and Droid Sans Fallback lack (℃, arrows, maths, shapes).
# Needs: apt-get install fonts-dejavu-core; pip install fonttools==4.55.3
set -eu
cd "$(dirname "$0")/.."
pyftsubset /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
  --unicodes="U+00A0-00FF,U+0100-017F,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+2700-27BF" \
  --layout-features='*' --no-hinting \
  --output-file=assets/fonts/DejaVuSans-Symbols.ttf
ls -l assets/fonts/DejaVuSans-Symbols.ttf

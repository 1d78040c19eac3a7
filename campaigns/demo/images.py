"""Illustrations, posters and leaflets drawn with Pillow: nothing is downloaded.

Text is drawn with an installed font that covers the language's script (Debian's Noto or DejaVu
fonts; right-to-left scripts also need Pillow's libraqm to shape them); otherwise Latin text
uses Pillow's built-in font and other scripts are left out, so the poster still works.
"""

import hashlib
import math
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw, ImageFont, features
from wagtail.documents import get_document_model

from campaigns.i18n.languages import get_language
from campaigns.models import CampaignImage

FONT_DIR = Path("/usr/share/fonts/truetype")

# key -> (title, alt text). Titles are the natural key; keys name the drawing functions.
ILLUSTRATIONS = {
    "sea": ("Demo illustration: open sea at dusk",
            "Illustration: a small wooden boat on a dark, rough sea under a grey evening sky"),
    "desert": ("Demo illustration: desert crossing",
               "Illustration: sand dunes stretching to the horizon under a hot orange sky"),
    "mountains": ("Demo illustration: mountain pass",
                  "Illustration: snowy mountain peaks with a narrow path climbing between them"),
    "forest": ("Demo illustration: winter forest",
               "Illustration: a dark pine forest in winter, with snow on the ground"),
    "city": ("Demo illustration: city at night",
             "Illustration: the skyline of a city at night with lit windows"),
    "fields": ("Demo illustration: fields at home",
               "Illustration: green fields and small houses of a village in morning light"),
    "community": ("Demo illustration: community meeting",
                  "Illustration: a group of people sitting in a circle under a large tree"),
    "portrait-1": ("Demo portrait: ochre", "Illustration: a person's silhouette, ochre background"),
    "portrait-2": ("Demo portrait: teal", "Illustration: a person's silhouette, teal background"),
    "portrait-3": ("Demo portrait: plum", "Illustration: a person's silhouette, plum background"),
    "portrait-4": ("Demo portrait: sky", "Illustration: a person's silhouette, sky blue backdrop"),
}  # fmt: skip

SIZE = (1200, 800)


def _gradient(draw: ImageDraw.ImageDraw, box, top, bottom) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        t = (y - y0) / max(1, y1 - y0 - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(x0, y), (x1, y)], fill=colour)


def _sea(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, 420), (70, 80, 100), (150, 150, 160))
    _gradient(draw, (0, 420, w, h), (20, 40, 70), (5, 15, 30))
    for row in range(8):
        y = 440 + row * 45
        points = [(x, y + 10 * math.sin(x / 40 + row)) for x in range(0, w + 20, 20)]
        draw.line(points, fill=(90, 120, 150), width=3)
    draw.polygon([(520, 470), (700, 470), (670, 505), (550, 505)], fill=(90, 60, 40))
    draw.line([(610, 470), (610, 400)], fill=(60, 40, 30), width=5)


def _desert(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, h), (240, 140, 60), (250, 210, 140))
    draw.ellipse([850, 120, 990, 260], fill=(255, 240, 200))
    for i, colour in enumerate([(214, 160, 90), (196, 140, 75), (170, 115, 60)]):
        base = 430 + i * 110
        points = [(x, base + 40 * math.sin(x / (180 + 40 * i) + i)) for x in range(0, w + 20, 20)]
        draw.polygon([*points, (w, h), (0, h)], fill=colour)


def _mountains(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, h), (120, 160, 210), (225, 235, 245))
    for x0, peak, colour in [(-100, 180, (90, 100, 120)), (350, 120, (70, 80, 100)),
                             (750, 220, (100, 110, 130))]:  # fmt: skip
        draw.polygon([(x0, h), (x0 + 350, peak), (x0 + 700, h)], fill=colour)
        draw.polygon([(x0 + 300, peak + 60), (x0 + 350, peak), (x0 + 400, peak + 60)],
                     fill=(245, 245, 250))  # fmt: skip
    draw.line([(600, h), (560, 650), (640, 560), (590, 470)], fill=(200, 180, 150), width=8)


def _forest(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, 560), (40, 50, 70), (110, 120, 140))
    draw.rectangle([0, 560, w, h], fill=(230, 235, 240))
    for i in range(16):
        x = 40 + i * 75 + (i % 3) * 12
        top = 220 + (i * 37) % 140
        draw.polygon([(x, top), (x - 55, 600), (x + 55, 600)], fill=(20, 45 + (i % 4) * 8, 35))


def _city(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, h), (15, 20, 45), (45, 40, 80))
    for i in range(14):
        x0 = i * 88
        top = 300 + (i * 53) % 260
        draw.rectangle([x0, top, x0 + 80, h], fill=(25, 28, 40))
        for wy in range(top + 20, h - 20, 40):
            for wx in range(x0 + 12, x0 + 70, 24):
                if (wx * 7 + wy * 3 + i) % 5 < 2:
                    draw.rectangle([wx, wy, wx + 10, wy + 16], fill=(250, 210, 110))


def _fields(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, 380), (170, 210, 240), (250, 235, 200))
    for i, colour in enumerate([(120, 170, 80), (90, 150, 70), (140, 180, 90), (70, 130, 60)]):
        y = 380 + i * 105
        draw.polygon([(0, y), (w, y - 30 + i * 15), (w, h), (0, h)], fill=colour)
    for x in (200, 320, 860):
        draw.rectangle([x, 330, x + 90, 400], fill=(210, 170, 120))
        draw.polygon([(x - 10, 330), (x + 45, 290), (x + 100, 330)], fill=(150, 80, 60))


def _community(draw):
    w, h = SIZE
    _gradient(draw, (0, 0, w, h), (250, 220, 160), (230, 170, 100))
    draw.rectangle([575, 200, 625, 560], fill=(100, 70, 40))
    draw.ellipse([330, 60, 870, 360], fill=(60, 120, 60))
    for i in range(10):
        angle = math.pi * (0.1 + 0.8 * i / 9)
        x = 600 + 420 * math.cos(angle)
        y = 640 + 90 * math.sin(angle) - 60
        draw.ellipse([x - 28, y - 110, x + 28, y - 54], fill=(60, 40, 35))
        draw.rounded_rectangle([x - 45, y - 50, x + 45, y + 60], radius=30, fill=(60, 40, 35))


PORTRAIT_COLOURS = {
    "portrait-1": (214, 160, 60),
    "portrait-2": (40, 140, 140),
    "portrait-3": (120, 60, 110),
    "portrait-4": (150, 200, 230),
}


def _portrait(draw, colour):
    w, h = SIZE
    _gradient(draw, (0, 0, w, h), colour, tuple(max(0, c - 60) for c in colour))
    draw.ellipse([480, 170, 720, 440], fill=(30, 30, 35))
    draw.rounded_rectangle([360, 470, 840, 900], radius=160, fill=(30, 30, 35))


def draw_illustration(key: str) -> bytes:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    if key in PORTRAIT_COLOURS:
        _portrait(draw, PORTRAIT_COLOURS[key])
    else:
        globals()[f"_{key}"](draw)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def ensure_images() -> dict[str, CampaignImage]:
    """One CampaignImage per illustration, found again by its title."""
    images = {}
    for key, (title, alt_text) in ILLUSTRATIONS.items():
        image = CampaignImage.objects.filter(title=title).first()
        if image is None:
            image = CampaignImage(
                title=title,
                description=alt_text,
                file=ImageFile(BytesIO(draw_illustration(key)), name=f"demo-{key}.jpg"),
            )
            image._set_image_file_metadata()
            image.save()
        images[key] = image
    return images


# --- Posters and leaflets (PNG documents) ----------------------------------------------------


def _font_files(script: str) -> list[Path]:
    """Candidate fonts for a script, best first; only those installed."""
    names = {
        "Latn": ["noto/NotoSans-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"],
        "Arab": ["noto/NotoSansArabic-Bold.ttf", "dejavu/DejaVuSans-Bold.ttf"],
        # Noto's Georgian font lacks ASCII punctuation (':', '.'); DejaVu has both.
        "Geor": ["dejavu/DejaVuSans-Bold.ttf", "noto/NotoSansGeorgian-Bold.ttf"],
        "Ethi": ["noto/NotoSansEthiopic-Bold.ttf"],
    }.get(script, [])
    return [FONT_DIR / name for name in names if (FONT_DIR / name).exists()]


@cache
def _truetype(path: Path, size: int):
    return ImageFont.truetype(str(path), size)


def _glyph(path: Path, character: str) -> bytes:
    font = _truetype(path, 24)
    image = Image.new("L", (48, 48))
    ImageDraw.Draw(image).text((0, 0), character, font=font, fill=255)
    return image.tobytes()


@cache
def _has_glyph(path: Path, character: str) -> bool:
    """False when the font draws the character as its .notdef box."""
    return _glyph(path, character) != _glyph(path, "\ue000")  # private use: never drawn


def font_for(language_code: str, size: int, text: str = ""):
    """A font able to draw `text` in this language's script, or None when none is installed.

    Debian's fonts-noto-core / fonts-dejavu-core are used when present; right-to-left text
    also needs Pillow's libraqm for shaping. Latin text falls back to Pillow's own font.
    """
    language = get_language(language_code)
    if not language.bidi or features.check("raqm"):
        paths = _font_files(language.script)
        characters = {ch for ch in text if not ch.isspace()}
        for path in paths:
            if all(_has_glyph(path, ch) for ch in characters):
                return _truetype(path, size)
        if paths and language.script != "Latn":
            return _truetype(paths[0], size)
    if language.script == "Latn":
        return ImageFont.load_default(size=size)
    return None


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=font) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _paragraph(draw, xy, text, font, width, fill, rtl=False, bullet=False) -> int:
    """Wrapped text from (x, y), right-aligned for right-to-left; returns the next y."""
    x, y = xy
    size = font.size
    indent = round(size * 0.9) if bullet else 0
    for number, line in enumerate(_wrap(draw, text, font, width - indent)):
        if bullet and number == 0:  # drawn, not typed: not every font has a glyph for '•'
            cx = x + width - indent // 2 if rtl else x + indent // 2
            cy, r = y + round(size * 0.6), max(3, size // 6)
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill)
        if rtl:
            draw.text((x + width - indent, y), line, font=font, fill=fill, anchor="ra")
        else:
            draw.text((x + indent, y), line, font=font, fill=fill)
        y += round(size * 1.35)
    return y


def _colour_for(seed: str) -> tuple[int, int, int]:
    digest = hashlib.sha1(seed.encode()).digest()
    palette = [(200, 70, 40), (20, 110, 140), (90, 60, 130), (30, 120, 70), (180, 120, 20)]
    return palette[digest[0] % len(palette)]


def draw_poster(title: str, lines: list[str], language_code: str, hotline: str, seed: str) -> bytes:
    """A 600x850 poster (or leaflet, when `lines` are given): title, messages, hotline band.

    Where no installed font can draw the language's script, the text is left out and the
    poster keeps its shapes and the hotline number.
    """
    width, height, margin = 600, 850, 40
    colour = _colour_for(seed)
    leaflet = bool(lines)
    image = Image.new("RGB", (width, height), (250, 248, 240) if leaflet else colour)
    draw = ImageDraw.Draw(image)
    if leaflet:
        draw.rectangle([0, 0, width, 300], fill=colour)
    else:  # a rising sun over a horizon, so that a poster without text still reads as one
        draw.ellipse([350, 420, 650, 720], fill=tuple(min(255, c + 60) for c in colour))
        draw.rectangle([0, 600, width, height], fill=tuple(max(0, c - 50) for c in colour))
    rtl = get_language(language_code).bidi
    text_width = width - 2 * margin
    font = font_for(language_code, 46, title)
    if font is not None:
        y = _paragraph(draw, (margin, margin), title, font, text_width, "white", rtl=rtl)
    small = font_for(language_code, 26, "".join(lines))
    if small is not None:
        y = 330
        for line in lines:
            y = _paragraph(draw, (margin, y), line, small, text_width, (30, 30, 30), rtl=rtl,
                           bullet=True) + 12  # fmt: skip
    draw.rectangle([0, height - 110, width, height], fill=colour if leaflet else "white")
    draw.text((width // 2, height - 55), hotline, font=font_for("en", 40, hotline),
              fill="white" if leaflet else colour, anchor="mm")  # fmt: skip
    buffer = BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue()


def ensure_document(title: str, filename: str, draw: Callable[[], bytes]):
    """A Wagtail document found again by its title; the PNG is drawn only when it is missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, file=ContentFile(draw(), name=filename))
        document._set_document_file_metadata()  # file_size and file_hash: not filled by save()
        document.save()
    return document

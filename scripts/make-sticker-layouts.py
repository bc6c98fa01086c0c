#!/usr/bin/env python3
"""make-sticker-layouts.py: writes layouts/stickers/<kind>-<shape>[-color].json for every group kind.

Re-runnable: run from the top of the tree (python3 scripts/make-sticker-layouts.py);
the generated files are committed. Geometry is in mm from the page's top-left corner.
"""
import json
import os
import sys

# kind -> (display title, accent colour for colour variants)
KINDS = {
    "cloud": ("Cloud user group", "#1f6fd1"),
    "containers": ("Containers user group", "#264653"),
    "women-in-tech": ("Women in tech / FLINTA group", "#8e3bd1"),
    "startups": ("Startups user group", "#e63946"),
    "public-sector": ("Public sector user group", "#1b4f8a"),
    "enterprise": ("Enterprise user group", "#33415c"),
    "ml": ("Machine learning user group", "#7b61ff"),
    "iot": ("IoT user group", "#00897b"),
    "security": ("Security user group", "#1a7f37"),
    "devops": ("DevOps user group", "#fb5607"),
    "hpc": ("HPC user group", "#22223b"),
    "pizza": ("City sticker: deep-dish pizza with cloud cheese", "#c8352b"),
}

CUSTOM_FIELDS = ["group_url", "group_short"]

# Optional segments keep the stickers tidy when a field is empty (walk-ins, no date).
EVENT_LINE = "{event}{?date: · {date}}"
ATTENDEE_LINE = "{?checkin_number:#{checkin_number} }{first_name}"
NUMBER = "{?checkin_number:#{checkin_number}}"


def text(eid, x, y, w, h, tmpl, size, min_size, lines, bold=False, color=None):
    e = {"type": "text", "id": eid, "x": x, "y": y, "w": w, "h": h, "text": tmpl,
         "font": "Noto Sans", "size": size, "min_size": min_size, "lines": lines,
         "align": "center", "valign": "middle"}
    if bold:
        e["weight"] = "bold"
    if color:
        e["color"] = color
    return e


def round51(kind, art, accent):
    """51 mm round die-cut sticker; every box lies inside the circle less the 2 mm margin."""
    els = []
    if accent:
        els.append({"type": "ellipse", "id": "ring", "x": 2.6, "y": 2.6, "w": 45.8, "h": 45.8,
                    "stroke": accent, "stroke_width": 1.2})
    els += [
        {"type": "image", "id": "art", "x": 14.6, "y": 5, "w": 21.8, "h": 13,
         "src": art, "fit": "contain"},
        text("group", 5, 18.3, 41, 7.7, "{group}", 12, 6, 2, True, accent),
        text("event", 6, 26.2, 39, 3.2, EVENT_LINE, 6.5, 4.5, 1),
        text("attendee", 8, 29.6, 35, 3.4, ATTENDEE_LINE, 7, 4.5, 1),
        {"type": "qr", "id": "qr", "x": 18.5, "y": 33.8, "size": 14, "ecc": "L", "data": "{group_url}"},
    ]
    page = {"width": "51mm", "height": "51mm", "shape": "round", "margin": "2mm"}
    if not accent:
        page["media"] = "oe_round-51mm_51x51mm"
    return page, els


def square62(kind, art, accent):
    """62 mm square cut from Brother 62 mm continuous tape (DK-22205); 3 mm margins."""
    els = []
    if accent:
        els.append({"type": "rect", "id": "band", "x": 3, "y": 3, "w": 56, "h": 1.4,
                    "fill": accent})
    els += [
        {"type": "image", "id": "art", "x": 8, "y": 5, "w": 46, "h": 23,
         "src": art, "fit": "contain"},
        text("group", 4, 28.5, 54, 10, "{group}", 16, 7, 2, True, accent),
        text("event", 4, 39, 54, 4, EVENT_LINE, 8, 5, 1),
        text("number", 4, 43.5, 38, 6.5, NUMBER, 18, 8, 1, True),
        text("name", 4, 50, 38, 8, "{display_name}", 11, 6, 2),
        {"type": "qr", "id": "qr", "x": 43, "y": 43, "size": 15, "ecc": "L", "data": "{group_url}"},
    ]
    page = {"width": "62mm", "height": "62mm", "shape": "rect", "margin": "3mm"}
    if not accent:
        page["media"] = "custom_62x62mm_62x62mm"
    return page, els


SHAPES = {"round51": ("51 mm round", round51), "square62": ("62 mm square", square62)}


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(top, "layouts", "stickers")
    written = 0
    for kind, (title, accent) in KINDS.items():
        for shape, (shape_title, build) in SHAPES.items():
            for color in (False, True):
                art = "art/%s-%s.svg" % (kind, "color" if color else "mono")
                if not os.path.exists(os.path.join(out_dir, art)):
                    sys.exit("make-sticker-layouts: missing %s" % art)
                page, els = build(kind, art, accent if color else None)
                layout = {
                    "name": "%s, %s%s" % (title, shape_title, ", colour" if color else ""),
                    "kind": "sticker",
                    "custom_fields": CUSTOM_FIELDS,
                    "page": page,
                    "elements": els,
                }
                name = "%s-%s%s.json" % (kind, shape, "-color" if color else "")
                with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
                    json.dump(layout, f, indent=2, ensure_ascii=False)
                    f.write("\n")
                written += 1
    print("make-sticker-layouts: wrote %d layouts to layouts/stickers/" % written)


if __name__ == "__main__":
    main()

"""Layout of right-to-left text for wkhtmltopdf (models/ir_actions_report.py).

Plain Python, unit-tested without Odoo (``tests/unit``).
"""

import re
import unicodedata


def _is_rtl_letter(char):
    return unicodedata.bidirectional(char) in ("R", "AL", "NSM")


def bidi_pieces(text):
    """Split ``text`` into the pieces Debian's wkhtmltopdf can lay out right to
    left: runs of spaces, and inside every word its runs of right-to-left
    letters apart from its digits, punctuation or Latin letters.

    Its unpatched Qt WebKit measures a part of an Arabic text node wrongly: a
    line mixing letters with digits or punctuation is misplaced and Arabic
    text never wraps.  Printing every piece in its own inline element avoids
    both.  A text without right-to-left letters stays whole.
    """
    if not any(_is_rtl_letter(char) for char in text or ""):
        return [text] if text else []
    pieces = []
    for token in re.findall(r"\s+|\S+", text or ""):
        if token.isspace():
            pieces.append(token)
            continue
        run = token[0]
        for char in token[1:]:
            if _is_rtl_letter(char) == _is_rtl_letter(run[-1]):
                run += char
            else:
                pieces.append(run)
                run = char
        pieces.append(run)
    return pieces

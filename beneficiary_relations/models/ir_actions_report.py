import lxml.html

from odoo import fields, models

from ..reports.bidi import bidi_pieces

# the documents of beneficiary_relations.letter_layout
LETTER = "//div[contains(concat(' ', normalize-space(@class), ' '), ' o_br_letter ')]"


def _wrap_pieces(element):
    """Put every word of the text under ``element``, and every run of digits
    or punctuation inside a word, in its own ``<span>`` (reports/bidi.py)."""
    for node in list(element.iter()):
        if not isinstance(node.tag, str) or node.tag in ("script", "style"):
            continue
        _split(node, node.text, inside=True)
        for child in list(node):
            _split(child, child.tail, inside=False)


def _split(node, text, inside):
    pieces = bidi_pieces(text)
    if len(pieces) < 2:
        return
    lead = pieces.pop(0) if pieces[0].isspace() else ""
    spans = []
    for piece in pieces:
        if piece.isspace():
            spans[-1].tail = piece
        else:
            span = lxml.html.Element("span")
            span.text = piece
            spans.append(span)
    if inside:
        node.text = lead
        for index, span in enumerate(spans):
            node.insert(index, span)
    else:
        node.tail = lead
        parent = node.getparent()
        position = parent.index(node)
        for offset, span in enumerate(spans, start=1):
            parent.insert(position + offset, span)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    beneficiary_access_log = fields.Boolean(
        string="Logged in the Beneficiaries' Access Log",
        help="Every rendering of this document records who printed it, when, and the "
        "beneficiaries whose data it shows.",
    )

    def _get_rendering_context(self, report, docids, data):
        """Log who renders a document about beneficiaries (PDF or HTML, one
        line per record and beneficiary)."""
        data = super()._get_rendering_context(report, docids, data)
        if report.beneficiary_access_log and docids:
            self.env["beneficiary.access.log"]._log_records(
                self.env[report.model].browse(docids), report.name
            )
        return data

    def _prepare_html(self, html, report_model=False):
        """Debian's wkhtmltopdf (unpatched Qt) misplaces Arabic lines mixing
        letters with digits or punctuation and never wraps Arabic text: print
        the Arabic words of the module's documents one by one."""
        is_bytes = isinstance(html, bytes)
        if (b"o_br_letter" if is_bytes else "o_br_letter") in html:
            root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
            for letter in root.xpath(LETTER):
                _wrap_pieces(letter)
            html = lxml.html.tostring(root, encoding="unicode")
            if is_bytes:
                html = html.encode()
        return super()._prepare_html(html, report_model=report_model)

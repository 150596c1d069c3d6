import re

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

PLACEHOLDER = re.compile(r"%\(\w+\)s|%s")


@tagged("post_install", "-at_install")
class TestArabicTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        path = f"{get_module_path('beneficiary_relations')}/i18n/ar.po"
        cls.path = path
        cls.po = polib.pofile(path)
        reader = TranslationModuleReader(cls.env.cr, modules=["beneficiary_relations"])
        cls.terms = {
            source
            for module, _t, _n, _r, source, _v, _c in reader
            if module == "beneficiary_relations"
        }

    def test_every_term_has_arabic(self):
        """Every translatable term of the module (code, views, data, fields,
        selections, menus) has a non-fuzzy Arabic translation in ar.po."""
        translated = {
            entry.msgid for entry in self.po if entry.msgstr and "fuzzy" not in entry.flags
        }
        missing = sorted(self.terms - translated)
        self.assertFalse(missing, "Terms without an Arabic translation:\n" + "\n".join(missing))

    def test_model_terms_reach_the_database(self):
        """Odoo loads the translation of a field label, a selection or a view
        string only from an ar.po entry that names where it is used (export
        the .pot and msgmerge, as the README says): an entry without it is
        never shown."""
        reader = TranslationModuleReader(self.env.cr, modules=["beneficiary_relations"])
        occurrences = {}
        for entry in self.po:
            for occurrence, _line in entry.occurrences:
                occurrences.setdefault(entry.msgid, set()).add(occurrence)
        missing = sorted(
            f"{ttype}:{name}:{res_id} {source!r}"
            for module, ttype, name, res_id, source, _v, _c in reader
            if module == "beneficiary_relations"
            and ttype in ("model", "model_terms")
            and f"{ttype}:{name}:{res_id}" not in occurrences.get(source, ())
        )
        self.assertFalse(missing, "Terms ar.po does not place:\n" + "\n".join(missing))

    def test_every_term_is_loaded(self):
        """Odoo reads ar.po merged with the .pot, where each term has its
        places: a translation whose term is not in the .pot is dropped and
        never shown.  After adding terms, export the .pot (README)."""
        loaded = {row["src"] for row in PoFileReader(self.path) if row["value"]}
        missing = sorted(self.terms - loaded)
        self.assertFalse(
            missing, "Terms missing from beneficiary_relations.pot:\n" + "\n".join(missing)
        )

    def test_placeholders_kept(self):
        for entry in self.po.translated_entries():
            self.assertEqual(
                sorted(PLACEHOLDER.findall(entry.msgid)),
                sorted(PLACEHOLDER.findall(entry.msgstr)),
                f"placeholders differ in the translation of {entry.msgid!r}",
            )

    def test_arabic_shown_to_arabic_users(self):
        self.env["res.lang"]._activate_lang("ar_001")
        self.env["ir.module.module"]._load_module_terms(["beneficiary_relations"], ["ar_001"])
        channel = self.env.ref("beneficiary_relations.channel_interview").with_context(
            lang="ar_001"
        )
        self.assertEqual(channel.name, "المقابلة")
        selection = dict(
            self.env["res.partner"]
            .with_context(lang="ar_001")
            ._fields["stakeholder_type"]
            ._description_selection(self.env(context={"lang": "ar_001"}))
        )
        self.assertEqual(selection["government"], "جهة حكومية")

from odoo import models

from ..tools import check_may_render


class MailComposerMixin(models.AbstractModel):
    """A composer renders its template as superuser when its text is the
    template's (``mail.composer.mixin._render_field``): check the user
    before, as when the template renders in his name."""

    _inherit = "mail.composer.mixin"

    def _render_field(self, field, res_ids, *args, **kwargs):
        check_may_render(self.env, self.render_model, res_ids)
        return super()._render_field(field, res_ids, *args, **kwargs)

    def _render_lang(self, res_ids, *args, **kwargs):
        check_may_render(self.env, self.render_model, res_ids)
        return super()._render_lang(res_ids, *args, **kwargs)

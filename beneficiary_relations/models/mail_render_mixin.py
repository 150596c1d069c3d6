from odoo import api, models


def check_may_render(env, model, res_ids):
    """Refuse to render a template on records of the module holding personal
    data (``_beneficiary_private``) on which the user may not post: writing
    to the record, as Odoo requires to post on it, which implies reading it."""
    if env.su or not model or not getattr(env[model], "_beneficiary_private", False):
        return
    records = env[model].browse([res_id for res_id in res_ids if res_id])
    records.check_access(records._mail_post_access)


class MailRenderMixin(models.AbstractModel):
    """The module's letters (decision, referral, satisfaction survey, …) are
    mail templates of its documents: they render only for who may post on the
    document, so never for who may not read it.  Odoo checks reading when a
    template is sent (``mail.template._send_check_access``) but not when the
    composer or a preview renders one, and a record read as superuser earlier
    in the same request stays readable from the cache: without this any
    employee reads the decision letter of any request in the composer."""

    _inherit = "mail.render.mixin"

    @api.model
    def _render_template(
        self, template_src, model, res_ids, engine="inline_template", add_context=None, options=None
    ):
        check_may_render(self.env, model, res_ids)
        return super()._render_template(
            template_src, model, res_ids, engine=engine, add_context=add_context, options=options
        )

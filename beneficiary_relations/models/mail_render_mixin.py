from lxml import html
from markupsafe import Markup

from odoo import api, models
from odoo.tools import safe_eval

from ..tools import check_may_render


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

    @api.model
    def _render_template_qweb(self, template_src, model, res_ids, add_context=None, options=None):
        """The module's letters to many records at once (a committee deciding
        hundreds of requests) compile their QWeb body once, not once a record
        as Odoo does.  Anything going wrong is left to Odoo's own rendering,
        which reports it."""
        if (
            len(res_ids) < 2
            or not template_src
            or not (model or "").startswith(("beneficiary.", "stakeholder."))
            or not self._has_unsafe_expression_template_qweb(template_src, model)
        ):
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        variables = self._render_eval_context()
        variables.update(add_context or {})
        options = dict(options or {})
        if not (
            self._unrestricted_rendering
            or self.env.is_admin()
            or self.env.user.has_group("mail.group_mail_template_editor")
        ):
            options["raise_on_forbidden_code_for_model"] = model
        qweb = self.env["ir.qweb"].with_context(**options)
        render = None
        results = {}
        try:
            for record in self.env[model].browse(res_ids):
                values = dict(variables, object=record)
                record_qweb = qweb._prepare_environment(values)
                safe_eval.check_values(values)
                if render is None:
                    functions, name = record_qweb._compile(
                        html.fragment_fromstring(template_src, create_parent="div")
                    )
                    render = functions[name]
                # without the <div> wrapping the template's nodes, as Odoo does
                results[record.id] = Markup("".join(render(record_qweb, values))[5:-6])
        except Exception:  # Odoo's own rendering reports it
            return super()._render_template_qweb(template_src, model, res_ids, add_context, options)
        return results

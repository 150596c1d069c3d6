from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import content_disposition, request


class PersonalDataController(http.Controller):
    @http.route(
        "/beneficiary_relations/personal_data/<int:beneficiary_id>",
        type="http",
        auth="user",
        methods=["GET"],
    )
    def personal_data(self, beneficiary_id):
        """Everything the association holds about one beneficiary, as JSON
        (the export refuses everyone but the manager)."""
        beneficiary = request.env["beneficiary.beneficiary"].browse(beneficiary_id).exists()
        if not beneficiary:
            raise NotFound()
        Export = request.env["beneficiary.data.export"]
        content = Export._export_json(beneficiary)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/json; charset=utf-8"),
                (
                    "Content-Disposition",
                    content_disposition(Export._export_filename(beneficiary, "json")),
                ),
                ("Cache-Control", "no-store"),
            ],
        )

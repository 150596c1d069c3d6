"""18.0.1.1.0: who took each step of the requests and meetings recorded before.

This release records who registered a request (``submitted_by_id``), who
researched it (``research_done_by_id``), who started and who closed a
committee meeting, and when it was closed (``started_by_id``,
``closed_by_id``, ``date_closed``): the separation of duties is checked on
them and the letters and minutes show them.  For what was recorded before,
they are read from the chatter: the author of the tracked change of state to
that step.  Where the chatter does not say (data loaded without tracking, a
step run by a scheduled job), the request's relations officer registered it,
its social researcher researched it, and the committee's chair started and
closed the meeting, on the day the meeting was last changed.
"""

from odoo import SUPERUSER_ID
from odoo.tools import SQL


def _tracked_step(model, states):
    """A query of (res_id, user_id, date): the first tracked change of
    ``model``'s state to one of ``states`` made by a user, per record.  The
    tracking keeps the state's label in the author's language: any of the
    labels' translations matches."""
    return SQL(
        """
        SELECT DISTINCT ON (m.res_id) m.res_id, m.create_uid AS user_id, m.date
          FROM mail_tracking_value v
          JOIN mail_message m ON m.id = v.mail_message_id
          JOIN ir_model_fields f ON f.id = v.field_id
          JOIN ir_model_fields_selection s ON s.field_id = f.id
         WHERE f.model = %(model)s
           AND f.name = 'state'
           AND m.model = %(model)s
           AND m.create_uid != %(root)s
           AND s.value IN %(states)s
           AND v.new_value_char IN (SELECT label.value FROM jsonb_each_text(s.name) label)
         ORDER BY m.res_id, m.id
        """,
        model=model,
        root=SUPERUSER_ID,
        states=tuple(states),
    )


def _fill_request_step(cr, column, state, done, presumed):
    """Set ``column`` (who took the step to ``state``) on the requests past
    that step (``done`` is set): its tracked author, else the request's
    ``presumed`` user."""
    cr.execute(
        SQL(
            """
            WITH tracked AS (%(tracked)s)
            UPDATE beneficiary_request r
               SET %(column)s = COALESCE(
                       (SELECT user_id FROM tracked WHERE tracked.res_id = r.id), r.%(presumed)s)
             WHERE r.%(done)s IS NOT NULL AND r.%(column)s IS NULL
            """,
            tracked=_tracked_step("beneficiary.request", [state]),
            column=SQL.identifier(column),
            presumed=SQL.identifier(presumed),
            done=SQL.identifier(done),
        )
    )


def migrate(cr, version):
    _fill_request_step(cr, "submitted_by_id", "submitted", "date_submitted", "user_id")
    _fill_request_step(cr, "research_done_by_id", "committee", "date_committee", "researcher_id")
    cr.execute(
        SQL(
            """
            WITH started AS (%(started)s), closed AS (%(closed)s)
            UPDATE beneficiary_committee_meeting m
               SET started_by_id = COALESCE(
                       (SELECT user_id FROM started WHERE started.res_id = m.id), c.chair_id),
                   closed_by_id = CASE WHEN m.state = 'closed' THEN COALESCE(
                       (SELECT user_id FROM closed WHERE closed.res_id = m.id), c.chair_id) END,
                   date_closed = CASE WHEN m.state = 'closed' THEN COALESCE(
                       (SELECT date FROM closed WHERE closed.res_id = m.id), m.write_date) END
              FROM beneficiary_committee c
             WHERE c.id = m.committee_id
               AND m.state IN ('in_session', 'closed')
               AND m.started_by_id IS NULL
            """,
            started=_tracked_step("beneficiary.committee.meeting", ["in_session"]),
            closed=_tracked_step("beneficiary.committee.meeting", ["closed"]),
        )
    )

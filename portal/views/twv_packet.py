"""The TWV packet: the personal details the TWV application needs, print-ready.

Only the case's employer or the intermediary it delegated to, only after a confirmed
hire and with the person's consent for this purpose; every view is an audit event.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request
from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import Role
from portal.services.twv import case_access
from portal.services.twv import cases as twv
from portal.services.twv import packet as twv_packet
from portal.views.access import acting_user, found_or_404, role_required
from portal.views.twv_common import message

bp = Blueprint("twv_packet", __name__, url_prefix="/twv")

packet_readers_required = role_required(Role.EMPLOYER, Role.INTERMEDIARY)

#: Why the packet is not there (yet), in words for the reader.
REFUSALS = {
    twv_packet.NOT_CONFIRMED: _l(
        "De aanstelling is nog niet bevestigd door de matchmaker. Daarna komen de "
        "gegevens voor de aanvraag hier."
    ),
    twv_packet.NO_CONSENT: _l(
        "De werknemer heeft (nog) geen toestemming gegeven om deze gegevens voor de "
        "aanvraag te delen. Vraag de matchmaker om dit met de werknemer te bespreken."
    ),
    twv_packet.HIRE_OVER: _l("Het werk is gestopt: er is geen aanvraag meer nodig."),
    twv_packet.CASE_CLOSED: _l("Deze werkvergunning is afgesloten."),
    twv_packet.NO_IDENTITY: _l(
        "De matchmaker heeft de gegevens nog niet vastgelegd. Neem contact op met het Werkplein."
    ),
}


@bp.get("/<int:case_id>/aanvraaggegevens")
@packet_readers_required
def packet(case_id: int) -> tuple[str, int] | str:
    user = acting_user()
    case = found_or_404(case_access.case_for_user(case_id, user))
    try:
        built = twv_packet.build_packet(
            case,
            by=user,
            ip_address=request.remote_addr,
            request_id=g.get("request_id"),
        )
    except twv.NotAllowed:
        abort(404)
    except twv_packet.PacketRefused as refused:
        return (
            render_template(
                "twv/packet_refused.html", case=case, reason=REFUSALS[refused.code]
            ),
            403,
        )
    db.session.commit()
    return render_template("twv/packet.html", packet=built, case=case, message=message)

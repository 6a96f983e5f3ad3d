"""Mail goes through a real SMTP server; an outage raises MailError."""

import pytest

from portal.services.mail import MailError, send_mail


def test_send_mail_delivers_over_smtp(app, mail_sink):
    with app.app_context():
        send_mail("iemand@example.test", "Onderwerp", "Hallo")
    assert len(mail_sink.to("iemand@example.test")) == 1
    assert mail_sink.messages[0]["Subject"] == "Onderwerp"


def test_send_mail_raises_when_server_refuses(app, mail_sink):
    mail_sink.refuse = True
    with app.app_context(), pytest.raises(MailError):
        send_mail("iemand@example.test", "Onderwerp", "Hallo")

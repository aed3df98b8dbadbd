"""``ticketwise ai reindex`` rebuilds the similar-case index from the resolved tickets."""

from __future__ import annotations

import sqlalchemy as sa
from typer.testing import CliRunner

from ticketwise.ai.retrieval.models import SimilarDocument
from ticketwise.ai.retrieval.service import similar_to_text
from ticketwise.cli.main import app

from .conftest import solved_ticket


def test_reindex_puts_back_every_resolved_ticket(database, session, agent, bm25_only):
    printer = solved_ticket(session, agent, "打印机卡纸", "三楼打印机一直卡纸", "请打开后盖取出纸张")
    solved_ticket(session, agent, "VPN cannot connect", "Error 809 at home", "Allow UDP 500 and 4500")
    session.execute(sa.delete(SimilarDocument))
    session.commit()
    assert similar_to_text(session, "打印机又卡纸了") == []

    result = CliRunner().invoke(app, ["ai", "reindex"])

    assert result.exit_code == 0, result.output
    assert "ticket: 2 documents indexed" in result.output
    assert similar_to_text(session, "打印机又卡纸了")[0].id == printer.id

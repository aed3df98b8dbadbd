"""Operations endpoints: /healthz and /metrics (no token needed)."""

from __future__ import annotations


def test_healthz_reports_the_database(client, database):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": database.dialect}


def test_metrics_count_api_requests_by_route_template(client, agent_api, seeded_types):
    agent_api.get("/api/v1/tickets/424242")

    response = client.get("/metrics")

    assert response.status_code == 200
    counted = [
        line
        for line in response.text.splitlines()
        if line.startswith("ticketwise_http_requests_total{") and '/tickets/{ticket}"' in line
    ]
    assert any('status="404"' in line for line in counted), counted
    assert "424242" not in response.text  # labelled by template, never by raw path

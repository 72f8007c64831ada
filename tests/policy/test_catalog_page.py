"""The public rule catalog page lists every rule with its measure, quote and what it checks."""

from django.urls import reverse

from jianfu.policy.catalog import default_catalog


def test_anyone_can_read_the_catalog_with_every_rule(client, db):
    catalog = default_catalog()

    response = client.get(reverse("policy:catalog"))

    assert response.status_code == 200
    html = response.content.decode()
    assert catalog.version in html
    for rule in catalog.rules:
        assert rule.id in html
        assert rule.description in html
    assert html.count('data-testid="measure"') == 20
    assert html.count('data-testid="rule"') == len(catalog.rules)

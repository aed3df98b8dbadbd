"""Who may see which ticket types (contract §3.2)."""

import pytest

from ticketwise.core.errors import NotFound
from ticketwise.tickets.types import access
from ticketwise.users.models import Role


@pytest.fixture
def retired(session, seeded_types):
    ticket_type = seeded_types["internal_admin"]
    ticket_type.is_active = False
    general = seeded_types["general_inquiry"]
    general.public_form = False
    session.flush()
    return ticket_type


def test_staff_see_inactive_types_customers_and_visitors_do_not(session, make_user, retired):
    agent, customer = make_user(Role.AGENT), make_user(Role.CUSTOMER)
    assert access.access_type(session, agent, "internal_admin") is retired
    for viewer in (customer, None):
        with pytest.raises(NotFound):
            access.access_type(session, viewer, "internal_admin")
    assert "internal_admin" in {t.slug for t in access.list_types_for(session, agent)}
    assert "internal_admin" not in {t.slug for t in access.list_types_for(session, customer)}


def test_public_forms_need_the_public_flag(session, retired):
    assert access.access_type(session, None, "general_inquiry").slug == "general_inquiry"
    with pytest.raises(NotFound):
        access.access_type(session, None, "general_inquiry", public_form=True)
    public = {t.slug for t in access.list_types_for(session, None, public_form=True)}
    assert "general_inquiry" not in public and "it_support" in public


def test_unknown_slug_is_not_found(session, make_user):
    with pytest.raises(NotFound):
        access.access_type(session, make_user("admin"), "no_such_type")


def test_categories_and_fields_belong_to_their_type(session, make_user, seeded_types):
    agent, customer = make_user(Role.AGENT), make_user(Role.CUSTOMER)
    it_support, repair = seeded_types["it_support"], seeded_types["equipment_repair"]
    category = access.list_categories_for(session, agent, it_support)[0]
    assert access.access_category(session, agent, it_support, category.id) is category
    with pytest.raises(NotFound):
        access.access_category(session, agent, repair, category.id)
    category.is_active = False
    session.flush()
    assert access.access_category(session, agent, it_support, category.id) is category
    assert category not in access.list_categories_for(session, agent, it_support, usable=True)
    with pytest.raises(NotFound):
        access.access_category(session, customer, it_support, category.id)

    field = it_support.fields[0]
    assert access.access_field(session, agent, it_support, field.name) is field
    for viewer, ticket_type in ((agent, repair), (customer, it_support)):
        with pytest.raises(NotFound):
            access.access_field(session, viewer, ticket_type, field.name)

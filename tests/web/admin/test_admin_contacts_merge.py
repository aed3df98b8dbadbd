"""The merge action on the admin contact page: merge by address or number, errors beside the input."""

from __future__ import annotations

from ticketwise.users import repository
from ticketwise.users.models import Contact


def _contact(session, **values) -> Contact:
    contact = Contact(**values)
    session.add(contact)
    session.commit()
    return contact


def test_merge_by_address_redirects_to_the_kept_contact(admin_client, session, post):
    keep = _contact(session, email="jack@customer.example", name="Jack")
    duplicate = _contact(session, email="jack.home@mail.example")
    duplicate_id = duplicate.id
    page = admin_client.get(f"/admin/contacts/{duplicate.id}").text
    assert f'action="/admin/contacts/{duplicate.id}/merge"' in page

    response = post(admin_client, f"/admin/contacts/{duplicate.id}/merge", {"keep": "JACK@customer.example"})

    assert response.status_code == 303
    assert response.headers["location"] == f"/admin/contacts/{keep.id}"
    assert (
        "Contacts merged into Jack &lt;jack@customer.example&gt;: 0 tickets moved."
        in admin_client.get(response.headers["location"]).text
    )
    session.expire_all()
    assert repository.get_contact(session, duplicate_id) is None


def test_an_unknown_or_conflicting_contact_is_explained_beside_the_input(
    admin_client, session, post, make_user, error_of
):
    duplicate = _contact(session, email="kim@customer.example")
    response = post(admin_client, f"/admin/contacts/{duplicate.id}/merge", {"keep": "#999999"})
    assert response.status_code == 422
    assert error_of(response.text, "keep") == "No contact has this e-mail address or number."

    first = repository.contact_for_user(session, make_user("customer", email="lee@customer.example").id)
    second = repository.contact_for_user(session, make_user("customer", email="lee2@customer.example").id)
    response = post(admin_client, f"/admin/contacts/{first.id}/merge", {"keep": f"#{second.id}"})
    assert response.status_code == 422
    assert (
        error_of(response.text, "keep")
        == "Both contacts have their own portal accounts; they cannot be merged."
    )
    session.expire_all()
    assert repository.get_contact(session, first.id) is not None

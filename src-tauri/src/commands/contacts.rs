//! Contacts: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Contacts,
    keyplan_app::domain::ContactInput,
    create_contact,
    update_contact,
    delete_contact
);

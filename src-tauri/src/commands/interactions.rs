//! Interactions: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Interactions,
    keyplan_app::domain::InteractionInput,
    create_interaction,
    update_interaction,
    delete_interaction
);

//! Opportunities: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Opportunities,
    keyplan_app::domain::OpportunityInput,
    create_opportunity,
    update_opportunity,
    delete_opportunity
);

//! Transactions: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Transactions,
    keyplan_app::domain::TransactionInput,
    create_transaction,
    update_transaction,
    delete_transaction
);

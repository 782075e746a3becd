//! Surveys: create, edit, delete (they are listed with the account's detail).

super::record_commands!(
    keyplan_app::Surveys,
    keyplan_app::domain::SurveyInput,
    create_survey,
    update_survey,
    delete_survey
);

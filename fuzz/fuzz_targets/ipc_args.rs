//! What the window sends a command: a JSON body decoded into the command's input type, then
//! validated as the command would, for every record the window edits.
#![no_main]

use keyplan_domain::plan::{
    ActionInput, GoalInput, ObjectiveInput, PlanInput, ResourceInput, RiskInput, StakeholderInput,
    ValuePropositionInput,
};
use keyplan_domain::{
    AccountInput, AccountQuery, ContactInput, InteractionInput, OpportunityInput, SurveyInput,
    TransactionInput,
};
use libfuzzer_sys::fuzz_target;
use uuid::Uuid;

fn decode<T: serde::de::DeserializeOwned>(data: &[u8]) -> Option<T> {
    serde_json::from_slice(data).ok()
}

fuzz_target!(|data: &[u8]| {
    let id = Uuid::nil();
    if let Some(x) = decode::<AccountInput>(data) {
        let _ = x.validate();
    }
    if let Some(x) = decode::<ContactInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<InteractionInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<TransactionInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<SurveyInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<OpportunityInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<PlanInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<GoalInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<ObjectiveInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<ValuePropositionInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<StakeholderInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<ActionInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<RiskInput>(data) {
        let _ = x.validate(id);
    }
    if let Some(x) = decode::<ResourceInput>(data) {
        let _ = x.validate(id);
    }
    let _ = decode::<AccountQuery>(data);
});

//! Replays the IPC bodies of the fuzz seeds and what fuzzing found (`fuzz/regressions/ipc_args/`):
//! each decodes and validates as every input type, or is refused, never a panic.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use keyplan_domain::plan::{ActionInput, ObjectiveInput, PlanInput, RiskInput, StakeholderInput};
use keyplan_domain::{AccountInput, ContactInput, InteractionInput, TransactionInput};
use std::path::Path;
use uuid::Uuid;

fn each<T: serde::de::DeserializeOwned>(data: &[u8], check: impl Fn(T)) {
    if let Ok(x) = serde_json::from_slice::<T>(data) {
        check(x);
    }
}

#[test]
fn ipc_bodies_are_decoded_and_validated_or_refused() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let id = Uuid::nil();
    let mut n = 0;
    for dir in ["seeds/ipc_args", "regressions/ipc_args"] {
        for e in std::fs::read_dir(fuzz.join(dir)).into_iter().flatten().flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let data = std::fs::read(e.path()).unwrap();
            each(&data, |x: AccountInput| drop(x.validate()));
            each(&data, |x: ContactInput| drop(x.validate(id)));
            each(&data, |x: InteractionInput| drop(x.validate(id)));
            each(&data, |x: TransactionInput| drop(x.validate(id)));
            each(&data, |x: PlanInput| drop(x.validate(id)));
            each(&data, |x: ObjectiveInput| drop(x.validate(id)));
            each(&data, |x: StakeholderInput| drop(x.validate(id)));
            each(&data, |x: ActionInput| drop(x.validate(id)));
            each(&data, |x: RiskInput| drop(x.validate(id)));
            n += 1;
        }
    }
    assert!(n >= 5, "the seeds are there");
}

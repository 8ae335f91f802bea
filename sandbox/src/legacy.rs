//! The 2024 API (Dokploy v0.18.4): bearer tokens, flat projects with `adminId`.

use std::sync::Arc;

use serde_json::Value;

use crate::api::{ApiError, Caller, Reply};
use crate::store::Store;
use crate::validate::Procedure;
use crate::Shared;

pub fn find(_name: &str) -> Option<&'static Procedure> {
    None
}

pub fn validate(p: &Procedure, input: &Value) -> Vec<Value> {
    crate::validate::validate(p, input)
}

pub fn call(
    shared: &Arc<Shared>,
    name: &str,
    input: &Value,
    caller: &Caller,
) -> Result<Reply, ApiError> {
    crate::api::call(shared, name, input, caller)
}

pub fn project_all(st: &Store) -> Value {
    crate::views::project_all(st, &None, &None)
}

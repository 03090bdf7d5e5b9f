//! The caller's place in the program as a mentee: the contracts they are or were in, which one
//! is current, and their own plan of it. Read through the services, scoped to the caller.

use crate::auth::caller::Caller;
use crate::db::contracts::{Contract, Membership};
use crate::db::plans::Plan;
use crate::domain::contract::ContractStatus;
use crate::error::AppError;
use crate::services::{mentee_pages, plans};
use crate::state::AppState;

/// The caller's contracts as a mentee, newest first.
pub struct Mine {
    pub contracts: Vec<Contract>,
    me: crate::domain::ids::UserId,
}

/// How early a status comes when picking the current contract.
fn rank(s: ContractStatus) -> Option<u8> {
    match s {
        ContractStatus::Active => Some(0),
        ContractStatus::PendingSignatures => Some(1),
        ContractStatus::Draft => Some(2),
        ContractStatus::Completed | ContractStatus::Terminated => None,
    }
}

impl Mine {
    pub async fn load(state: &AppState, caller: &Caller) -> Result<Self, AppError> {
        Ok(Self {
            contracts: mentee_pages::contracts_as_mentee(state, caller).await?,
            me: caller.id,
        })
    }

    /// The contract the caller is a current mentee of and that has not ended: an active one
    /// first, then one waiting for signatures, then a draft.
    pub fn current(&self) -> Option<&Contract> {
        self.contracts
            .iter()
            .filter(|k| k.mentees.iter().any(|m| m.user_id == self.me))
            .filter_map(|k| rank(k.status).map(|r| (r, k)))
            .min_by_key(|(r, _)| *r)
            .map(|(_, k)| k)
    }

    /// Every other contract: ended ones, and those the caller left.
    pub fn earlier(&self) -> Vec<&Contract> {
        let current = self.current().map(|k| k.id);
        self.contracts
            .iter()
            .filter(|k| Some(k.id) != current)
            .collect()
    }

    /// The caller's own place in `k`, if current.
    pub fn membership<'a>(&self, k: &'a Contract) -> Option<&'a Membership> {
        k.mentees.iter().find(|m| m.user_id == self.me)
    }

    /// True when the caller's signature is asked for in `k`.
    pub fn signature_asked(&self, k: &Contract) -> bool {
        matches!(
            k.status,
            ContractStatus::PendingSignatures | ContractStatus::Active
        ) && self.membership(k).is_some_and(|m| m.signature_pending)
    }

    /// The active contract in which the caller writes a plan (signed, in force).
    pub fn plan_contract(&self) -> Option<&Contract> {
        self.current()
            .filter(|k| k.status == ContractStatus::Active && !self.signature_asked(k))
    }
}

/// The caller's own plan of `k`, if written.
pub async fn my_plan(
    state: &AppState,
    caller: &Caller,
    k: &Contract,
) -> Result<Option<Plan>, AppError> {
    Ok(plans::of_contract(state, caller.clone(), k.id)
        .await?
        .into_iter()
        .find(|p| p.mentee_id == caller.id))
}

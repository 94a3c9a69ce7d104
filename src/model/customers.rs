//! Retail customers: people who buy from one member each month until they churn.
//!
//! Customers live in one unordered list (swap-remove on leaving), so the monthly pass is
//! one linear scan: each customer draws this month's units, adds them to their member's
//! demand, then churns with their own probability. A customer acquired in a month buys
//! from the next month on.

/// One customer relationship.
#[derive(Clone, Copy, Debug)]
pub struct Customer {
    /// The person who buys.
    pub person: u32,
    /// The member they buy from.
    pub member: u32,
    /// Their monthly chance to stop buying.
    pub churn: f64,
}

/// All current customers of a run.
#[derive(Clone, Debug, Default)]
pub struct Customers {
    pub list: Vec<Customer>,
}

impl Customers {
    /// Adds a customer; returns its slot.
    pub fn add(&mut self, customer: Customer) -> u32 {
        self.list.push(customer);
        (self.list.len() - 1) as u32
    }

    /// Removes the customer in `slot`; returns the person whose slot changed (the one
    /// moved into the gap), if any, so the caller can update its index.
    pub fn remove(&mut self, slot: u32) -> Option<(u32, u32)> {
        let slot = slot as usize;
        self.list.swap_remove(slot);
        self.list.get(slot).map(|moved| (moved.person, slot as u32))
    }
}

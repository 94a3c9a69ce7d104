//! The market: every person's standing, indexed by person id (0..population).
//!
//! A person is a free prospect, a customer of one member, recruited (joining next
//! month), a member, or a former member. Someone who declines a pitch cannot be pitched
//! again until `reconsider_at`. Former members never rejoin.

/// A person's standing in the market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Standing {
    Prospect,
    Customer,
    Recruited,
    Member,
    Former,
}

/// Struct-of-arrays over the population.
#[derive(Clone, Debug)]
pub struct People {
    /// Standing of each person.
    pub standing: Vec<Standing>,
    /// First month in which the person may be pitched again after declining.
    pub reconsider_at: Vec<u16>,
    /// Slot in the customer list while the person is a customer.
    pub customer_slot: Vec<u32>,
}

impl People {
    pub fn new(population: u32) -> Self {
        let n = population as usize;
        Self {
            standing: vec![Standing::Prospect; n],
            reconsider_at: vec![0; n],
            customer_slot: vec![u32::MAX; n],
        }
    }

    /// Whether a pitch in `month` can reach `person` at all: not already in the business
    /// and not still thinking over an earlier "no".
    #[inline]
    pub fn open(&self, person: u32, month: u32) -> bool {
        let p = person as usize;
        matches!(self.standing[p], Standing::Prospect | Standing::Customer)
            && u32::from(self.reconsider_at[p]) <= month
    }
}

//! Who sees each part of a plan: the one table both the customer-safe export and its "left out"
//! list read, so the two can never disagree.

crate::choice! {
    /// The parts of a plan's document, in the documents' order.
    DocSection {
        Goals = "goals", Objectives = "objectives", ValuePropositions = "value_propositions",
        Stakeholders = "stakeholders", Opportunities = "opportunities", Actions = "actions",
        Risks = "risks", Resources = "resources", Reviews = "reviews", Health = "health",
    }
}

/// Who a part of a plan is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The customer's version keeps the items marked "share with customer".
    SharedItems,
    /// Only our own version has it (attitudes, pipeline, risks, health …).
    Internal,
}

impl DocSection {
    /// Who sees this part.
    pub fn reach(self) -> Reach {
        use DocSection as S;
        match self {
            S::Goals | S::Objectives | S::ValuePropositions | S::Actions => Reach::SharedItems,
            S::Stakeholders
            | S::Opportunities
            | S::Risks
            | S::Resources
            | S::Reviews
            | S::Health => Reach::Internal,
        }
    }

    /// Whether a version for the customer (`customer`) or our own shows this part at all.
    pub fn shown(self, customer: bool) -> bool {
        !customer || self.reach() == Reach::SharedItems
    }

    /// Whether it shows an item of it that is (`shared`) or is not marked for the customer.
    pub fn shows_item(self, customer: bool, shared: bool) -> bool {
        match self.reach() {
            Reach::SharedItems => !customer || shared,
            Reach::Internal => !customer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_customer_sees_shared_items_of_shared_sections_only() {
        assert!(DocSection::Goals.shows_item(true, true));
        assert!(!DocSection::Goals.shows_item(true, false));
        assert!(DocSection::Goals.shows_item(false, false), "our own version has everything");
        for s in [DocSection::Stakeholders, DocSection::Risks, DocSection::Health] {
            assert!(!s.shown(true) && s.shown(false), "{s}");
            assert!(!s.shows_item(true, true), "{s}: internal even when marked");
        }
    }
}

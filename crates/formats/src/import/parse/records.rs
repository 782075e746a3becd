//! Accounts, contacts, interactions and surveys, one row at a time: the cells become the same
//! input a form sends, and the form's own validator checks it, so an import can never accept
//! what the app's forms refuse.

use uuid::Uuid;

use super::super::headers::{
    AccountField as A, ContactField as C, InteractionField as I, SurveyField as S,
};
use super::row::Row;
use super::words;
use super::{AccountRow, ContactRow, InteractionRow, SurveyRow};
use keyplan_domain::{AccountInput, ContactInput, InteractionInput, SurveyInput};

pub(super) fn account(r: &mut Row<'_, A>) -> Option<AccountRow> {
    let input = AccountInput {
        name: r.required(A::Name).unwrap_or_default().to_string(),
        industry: r.string(A::Industry),
        size_band: r.text(A::SizeBand).map(|v| words::size_bands().code(v).to_string()),
        region: r.string(A::Region),
        owner: r.string(A::Owner),
        tags: words::tags(r.text(A::Tags)),
        relationship_start: r.date_text(A::RelationshipStart),
        renewal_date: r.date_text(A::RenewalDate),
        industry_influence: r.integer(A::IndustryInfluence),
        innovation_synergy: r.integer(A::InnovationSynergy),
        growth_potential: r.integer(A::GrowthPotential),
        strategic_fit: r.integer(A::StrategicFit),
        notes: r.string(A::Notes),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate() {
            r.validation(&e.0);
        }
    }
    let external_id = r.string(A::ExternalId);
    Some(AccountRow { pos: r.pos, external_id, input })
}

pub(super) fn contact(r: &mut Row<'_, C>) -> Option<ContactRow> {
    let account = r.required(C::Account).unwrap_or_default().to_string();
    let input = ContactInput {
        name: r.required(C::Name).unwrap_or_default().to_string(),
        title: r.string(C::Title),
        email: r.string(C::Email),
        phone: r.string(C::Phone),
        role: r.text(C::Role).map(|v| words::roles().code(v).to_string()),
        attitude: r.integer(C::Attitude),
        influence: r.integer(C::Influence),
        relationship_strength: r.integer(C::RelationshipStrength),
        reports_to: None,
        last_contacted: r.date_text(C::LastContacted),
        notes: r.string(C::Notes),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    let external_id = r.string(C::ExternalId);
    Some(ContactRow { pos: r.pos, account, external_id, input })
}

fn sentiment(r: &mut Row<'_, I>) -> Option<i64> {
    let v = r.text(I::Sentiment)?;
    words::sentiment(v).or_else(|| r.integer(I::Sentiment))
}

pub(super) fn interaction(r: &mut Row<'_, I>) -> Option<InteractionRow> {
    let account = r.required(I::Account).unwrap_or_default().to_string();
    let date = r.required(I::Date);
    let input = InteractionInput {
        date: r.date(date, I::Date).map(|d| d.to_string()).unwrap_or_default(),
        kind: r
            .text(I::Kind)
            .map(|v| words::interaction_kinds().code(v).to_string())
            .unwrap_or_default(),
        summary: r.string(I::Summary),
        sentiment: sentiment(r),
        next_step: r.string(I::NextStep),
        contact_ids: Vec::new(),
        severity: r.text(I::Severity).map(|v| words::severities().code(v).to_string()),
        resolved_on: r.date_text(I::ResolvedOn),
    };
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    Some(InteractionRow { pos: r.pos, account, input })
}

pub(super) fn survey(r: &mut Row<'_, S>) -> Option<SurveyRow> {
    let account = r.required(S::Account).unwrap_or_default().to_string();
    let date = r.required(S::Date);
    let input = SurveyInput {
        contact_id: None,
        date: r.date(date, S::Date).map(|d| d.to_string()).unwrap_or_default(),
        nps: r.integer(S::Nps),
        csat: r.integer(S::Csat),
        comment: r.string(S::Comment),
    };
    if input.nps.is_none() {
        r.required(S::Nps);
    }
    if r.errors.is_empty() {
        if let Err(e) = input.validate(Uuid::nil()) {
            r.validation(&e.0);
        }
    }
    let contact = r.string(S::Contact);
    Some(SurveyRow { pos: r.pos, account, contact, input })
}

#[cfg(test)]
mod tests {
    use super::super::super::source::Source;
    use super::super::super::{Kind, Reason};
    use super::super::{parse, Options, Rows};

    fn rows(kind: Kind, csv: &str) -> super::super::Parsed {
        let src = Source::open(csv.as_bytes(), None, None).unwrap();
        parse(&src, kind, &Options::default()).unwrap()
    }

    #[test]
    fn an_account_row_in_chinese_becomes_form_input() {
        let p = rows(
            Kind::Accounts,
            "客户名称,行业,规模,标签,合作开始,增长潜力\n华信科技,制造,中型,重点、华东,2021年3月5日,4\n",
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let Rows::Accounts(a) = p.rows else { panic!("accounts") };
        let i = &a[0].input;
        assert_eq!(i.name, "华信科技");
        assert_eq!(i.size_band.as_deref(), Some("medium"));
        assert_eq!(i.tags, ["重点", "华东"]);
        assert_eq!(i.relationship_start.as_deref(), Some("2021-03-05"));
        assert_eq!(i.growth_potential, Some(4));
    }

    #[test]
    fn the_form_validator_judges_every_row() {
        let p = rows(Kind::Accounts, "Name,Size,Growth potential\nAcme,huge,9\n");
        let Rows::Accounts(a) = p.rows else { panic!("accounts") };
        assert!(a.is_empty());
        let columns: Vec<&str> = p.errors.iter().map(|e| e.column.as_str()).collect();
        assert_eq!(columns, ["Size", "Growth potential"], "{:?}", p.errors);
        assert!(p.errors.iter().all(|e| matches!(e.reason, Reason::Invalid { .. })));
    }

    #[test]
    fn a_contact_needs_its_account_and_reads_roles_in_either_language() {
        let p = rows(Kind::Contacts, "Account,Name,Role\nAcme,Li Lei,决策者\n,Han Mei,Champion\n");
        let Rows::Contacts(c) = p.rows else { panic!("contacts") };
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].input.role.as_deref(), Some("decision_maker"));
        assert_eq!(p.errors.len(), 1);
        assert_eq!((p.errors[0].row, p.errors[0].reason.clone()), (2, Reason::Required));
    }

    #[test]
    fn interactions_read_kind_and_sentiment_words() {
        let p = rows(
            Kind::Interactions,
            "客户,日期,类型,情绪,严重程度\nAcme,2024-05-01,投诉,负面,紧急\nAcme,2024-05-02,Call,1,\n",
        );
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        let Rows::Interactions(i) = p.rows else { panic!("interactions") };
        assert_eq!(i[0].input.kind, "complaint");
        assert_eq!(i[0].input.sentiment, Some(-1));
        assert_eq!(i[0].input.severity.as_deref(), Some("critical"));
        assert_eq!((i[1].input.kind.as_str(), i[1].input.sentiment), ("call", Some(1)));
    }

    #[test]
    fn a_survey_needs_an_nps() {
        let p = rows(
            Kind::Surveys,
            "Account,Date,NPS,Comment\nAcme,2024-05-01,,ok\nAcme,2024-05-01,11,\n",
        );
        let Rows::Surveys(s) = p.rows else { panic!("surveys") };
        assert!(s.is_empty());
        let reasons: Vec<String> = p.errors.iter().map(|e| e.message.clone()).collect();
        assert_eq!(p.errors.len(), 2, "{reasons:?}");
        assert_eq!(p.errors[0].reason, Reason::Required);
        assert_eq!(p.errors[1].column, "NPS");
    }
}

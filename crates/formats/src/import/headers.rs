//! Which column holds which field: header spellings in English and Chinese, matched after
//! folding case, width and spacing, and `--map FIELD=HEADER` overrides that win over them.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::{ImportError, Kind};

/// One importable field: its snake_case name (what `--map` takes), and the headers it answers to.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    /// Other names `--map` accepts for it (`size` for `size_band`).
    pub also: &'static [&'static str],
    pub headers: &'static [&'static str],
    pub required: bool,
    /// A date column: its day/month order is judged over the whole column.
    pub date: bool,
}

impl Field {
    const fn dated(self) -> Field {
        Field { date: true, ..self }
    }
}

/// The fields of one kind of file, as a typed enum: a reader asks for `AccountField::Industry`,
/// so a misspelt field does not compile. Each variant's index is its row in `SPECS`.
pub trait FieldOf: Copy + 'static {
    const KIND: Kind;
    /// Every field of the kind, in the enum's order.
    const SPECS: &'static [Field];
    fn index(self) -> usize;
    fn spec(self) -> &'static Field {
        &Self::SPECS[self.index()]
    }
    fn name(self) -> &'static str {
        self.spec().name
    }
}

/// Declares a kind's field enum and its specs from one list, so the two cannot drift.
macro_rules! fields {
    ($doc:literal, $name:ident, $kind:ident, [$(($variant:ident, $spec:expr)),+ $(,)?]) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($variant),+
        }

        impl FieldOf for $name {
            const KIND: Kind = Kind::$kind;
            const SPECS: &'static [Field] = &[$($spec),+];
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

const fn f(
    name: &'static str,
    also: &'static [&'static str],
    headers: &'static [&'static str],
) -> Field {
    Field { name, also, headers, required: false, date: false }
}

const fn req(name: &'static str, headers: &'static [&'static str]) -> Field {
    Field { name, also: &[], headers, required: true, date: false }
}

const ACCOUNT: &[&str] = &[
    "account",
    "account name",
    "customer",
    "customer name",
    "client",
    "client name",
    "company",
    "company name",
    "客户",
    "客户名称",
    "客户名",
    "公司",
    "公司名称",
    "单位名称",
    "单位",
    "购货单位",
];
const DATE: &[&str] = &[
    "date",
    "order date",
    "invoice date",
    "transaction date",
    "posting date",
    "日期",
    "订单日期",
    "交易日期",
    "开票日期",
    "下单日期",
    "单据日期",
];
const INDUSTRY: &[&str] = &["industry", "sector", "vertical", "行业", "所属行业"];
const REGION: &[&str] =
    &["region", "area", "territory", "province", "地区", "区域", "大区", "省份"];
const SIZE: &[&str] = &["size", "size band", "company size", "规模", "企业规模", "客户规模"];
const OWNER: &[&str] = &[
    "owner",
    "account manager",
    "account owner",
    "sales rep",
    "salesperson",
    "负责人",
    "客户经理",
    "销售",
    "销售员",
    "业务员",
];
const TAGS: &[&str] = &["tag", "tags", "label", "labels", "标签"];
const NOTES: &[&str] = &["notes", "note", "comments", "remarks", "备注", "说明"];
const EXTERNAL_ID: &[&str] = &[
    "id",
    "external id",
    "account id",
    "customer id",
    "customer code",
    "customer no",
    "account code",
    "客户编号",
    "客户代码",
    "客户编码",
    "编号",
    "客户id",
];

fields!(
    "The columns of an accounts file.",
    AccountField,
    Accounts,
    [
        (ExternalId, f("external_id", &["id"], EXTERNAL_ID)),
        (
            Name,
            req(
                "name",
                &[
                    "name",
                    "account",
                    "account name",
                    "customer",
                    "customer name",
                    "client",
                    "company",
                    "company name",
                    "客户",
                    "客户名称",
                    "客户名",
                    "名称",
                    "公司名称",
                    "单位名称",
                ],
            )
        ),
        (Industry, f("industry", &[], INDUSTRY)),
        (SizeBand, f("size_band", &["size"], SIZE)),
        (Region, f("region", &[], REGION)),
        (Owner, f("owner", &[], OWNER)),
        (Tags, f("tags", &["tag"], TAGS)),
        (
            RelationshipStart,
            f(
                "relationship_start",
                &[],
                &[
                    "relationship start",
                    "customer since",
                    "since",
                    "start date",
                    "合作开始",
                    "合作开始日期",
                    "合作起始日期",
                    "建立关系日期",
                ],
            )
            .dated()
        ),
        (
            RenewalDate,
            f(
                "renewal_date",
                &["renewal"],
                &["renewal date", "renewal", "contract end", "续约日期", "合同到期日", "到期日"],
            )
            .dated()
        ),
        (
            IndustryInfluence,
            f("industry_influence", &[], &["industry influence", "influence", "行业影响力"])
        ),
        (
            InnovationSynergy,
            f("innovation_synergy", &[], &["innovation synergy", "innovation", "创新协同"])
        ),
        (GrowthPotential, f("growth_potential", &[], &["growth potential", "growth", "增长潜力"])),
        (StrategicFit, f("strategic_fit", &[], &["strategic fit", "战略契合度", "战略匹配度"])),
        (Notes, f("notes", &[], NOTES))
    ]
);

fields!(
    "The columns of a contacts file.",
    ContactField,
    Contacts,
    [
        (Account, req("account", ACCOUNT)),
        (
            ExternalId,
            f("external_id", &["id"], &["id", "external id", "contact id", "联系人编号", "编号"])
        ),
        (
            Name,
            req(
                "name",
                &["name", "contact", "contact name", "full name", "联系人", "姓名", "联系人姓名"]
            )
        ),
        (Title, f("title", &[], &["title", "job title", "position", "职位", "职务", "头衔"])),
        (
            Email,
            f("email", &[], &["email", "e-mail", "email address", "邮箱", "电子邮件", "电子邮箱"])
        ),
        (
            Phone,
            f("phone", &[], &["phone", "mobile", "tel", "telephone", "电话", "手机", "联系电话"])
        ),
        (Role, f("role", &[], &["role", "buying role", "角色", "采购角色"])),
        (Attitude, f("attitude", &[], &["attitude", "stance", "态度"])),
        (Influence, f("influence", &[], &["influence", "影响力"])),
        (
            RelationshipStrength,
            f(
                "relationship_strength",
                &[],
                &["relationship strength", "relationship", "关系强度", "关系"]
            )
        ),
        (
            LastContacted,
            f(
                "last_contacted",
                &[],
                &["last contacted", "last contact", "最近联系", "最后联系日期"]
            )
            .dated()
        ),
        (Notes, f("notes", &[], NOTES))
    ]
);

fields!(
    "The columns of a transactions file.",
    TransactionField,
    Transactions,
    [
        (Account, req("account", ACCOUNT)),
        (Date, req("date", DATE).dated()),
        (
            Revenue,
            req(
                "revenue",
                &[
                    "revenue",
                    "sales",
                    "amount",
                    "sales amount",
                    "net sales",
                    "total",
                    "value",
                    "金额",
                    "销售额",
                    "收入",
                    "销售金额",
                    "营业收入",
                    "含税金额",
                    "价税合计",
                ],
            )
        ),
        (
            Profit,
            f(
                "profit",
                &[],
                &["profit", "gross profit", "margin amount", "gp", "毛利", "利润", "毛利额"]
            )
        ),
        (Margin, f("margin", &[], &["margin", "margin %", "gross margin", "gm%", "毛利率"])),
        (
            ProductLine,
            f(
                "product_line",
                &["product"],
                &[
                    "product",
                    "product line",
                    "item",
                    "product name",
                    "category",
                    "产品",
                    "产品线",
                    "商品",
                    "品名",
                    "产品名称",
                    "品类",
                ],
            )
        ),
        (Quantity, f("quantity", &[], &["quantity", "qty", "units", "volume", "数量", "销量"])),
        (Industry, f("industry", &[], INDUSTRY)),
        (Region, f("region", &[], REGION)),
        (SizeBand, f("size_band", &["size"], SIZE)),
        (Owner, f("owner", &[], OWNER)),
        (Tags, f("tags", &["tag"], TAGS))
    ]
);

fields!(
    "The columns of an interactions file.",
    InteractionField,
    Interactions,
    [
        (Account, req("account", ACCOUNT)),
        (Date, req("date", &["date", "日期", "时间", "拜访日期", "联系日期"]).dated()),
        (Kind, req("kind", &["kind", "type", "channel", "activity", "类型", "方式", "活动类型"])),
        (
            Summary,
            f(
                "summary",
                &[],
                &["summary", "subject", "description", "notes", "摘要", "内容", "纪要", "记录"],
            )
        ),
        (Sentiment, f("sentiment", &[], &["sentiment", "mood", "情绪", "态度"])),
        (
            NextStep,
            f("next_step", &[], &["next step", "next steps", "follow up", "下一步", "后续"])
        ),
        (Severity, f("severity", &[], &["severity", "priority", "严重程度", "级别"])),
        (
            ResolvedOn,
            f(
                "resolved_on",
                &["resolved"],
                &["resolved on", "resolved", "resolution date", "解决日期"]
            )
            .dated()
        )
    ]
);

fields!(
    "The columns of a survey responses file.",
    SurveyField,
    Surveys,
    [
        (Account, req("account", ACCOUNT)),
        (Contact, f("contact", &[], &["contact", "respondent", "联系人", "受访人"])),
        (Date, req("date", &["date", "survey date", "日期", "调查日期"]).dated()),
        (
            Nps,
            req(
                "nps",
                &[
                    "nps",
                    "score",
                    "recommend",
                    "likelihood to recommend",
                    "推荐度",
                    "净推荐值",
                    "推荐意愿"
                ],
            )
        ),
        (Csat, f("csat", &[], &["csat", "satisfaction", "满意度"])),
        (
            Comment,
            f(
                "comment",
                &["comments"],
                &["comment", "comments", "feedback", "评论", "意见", "反馈"]
            )
        )
    ]
);

pub fn fields(kind: Kind) -> &'static [Field] {
    match kind {
        Kind::Accounts => AccountField::SPECS,
        Kind::Contacts => ContactField::SPECS,
        Kind::Transactions => TransactionField::SPECS,
        Kind::Interactions => InteractionField::SPECS,
        Kind::Surveys => SurveyField::SPECS,
    }
}

/// Header text folded for comparison: NFKC (full-width → half-width), lower case, and spaces,
/// underscores, hyphens and dots dropped, so "Order_Date", "ORDER DATE" and "ｏｒｄｅｒ　ｄａｔｅ" agree.
pub fn fold(header: &str) -> String {
    header
        .nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | ':' | '*'))
        .collect()
}

/// The columns chosen for a kind: `columns[i]` is the column of `fields(kind)[i]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mapping {
    pub kind: Kind,
    pub columns: Vec<Option<usize>>,
    /// Headers no field took.
    pub ignored: Vec<String>,
}

impl Mapping {
    /// The column of `field`; None when the file has none (or the mapping is another kind's).
    pub fn column<F: FieldOf>(&self, field: F) -> Option<usize> {
        if F::KIND != self.kind {
            return None;
        }
        self.columns.get(field.index()).copied().flatten()
    }

    /// The column of the field called `name`: for problems that arrive named by the form
    /// validator (`FieldError::field`) rather than by a reader.
    pub fn column_named(&self, name: &str) -> Option<usize> {
        let i = fields(self.kind).iter().position(|f| f.name == name)?;
        self.columns.get(i).copied().flatten()
    }
}

/// Maps headers to fields and checks that every required field has a column.
pub fn map_columns(
    kind: Kind,
    headers: &[String],
    overrides: &[(String, String)],
) -> Result<Mapping, ImportError> {
    let m = guess(kind, headers, overrides)?;
    check_required(kind, &m)?;
    Ok(m)
}

/// The first required field without a column, as an error.
pub fn check_required(kind: Kind, m: &Mapping) -> Result<(), ImportError> {
    match fields(kind).iter().zip(&m.columns).find(|(f, c)| f.required && c.is_none()) {
        Some((field, _)) => Err(ImportError::MissingColumn {
            field: field.name.to_string(),
            looked_for: field.headers.iter().map(|h| (*h).to_string()).collect(),
        }),
        None => Ok(()),
    }
}

/// Maps headers to fields: `overrides` (FIELD, HEADER) first, then each field takes the first
/// unclaimed column whose folded header is one of its spellings. A field may stay unmapped.
pub fn guess(
    kind: Kind,
    headers: &[String],
    overrides: &[(String, String)],
) -> Result<Mapping, ImportError> {
    let spec = fields(kind);
    let mut columns: Vec<Option<usize>> = vec![None; spec.len()];
    let mut taken = vec![false; headers.len()];
    let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
    for (field, header) in overrides {
        let want = fold(field).replace(['_', ' '], "");
        let i = spec
            .iter()
            .position(|f| {
                std::iter::once(f.name)
                    .chain(f.also.iter().copied())
                    .any(|n| n.replace('_', "") == want)
            })
            .ok_or_else(|| ImportError::UnknownField {
                kind: kind.to_string(),
                field: field.clone(),
                fields: spec.iter().map(|f| f.name.to_string()).collect(),
            })?;
        let col = folded.iter().position(|h| *h == fold(header)).ok_or_else(|| {
            ImportError::NoSuchColumn { header: header.clone(), headers: headers.to_vec() }
        })?;
        columns[i] = Some(col);
        taken[col] = true;
    }
    for (i, field) in spec.iter().enumerate() {
        if columns[i].is_some() {
            continue;
        }
        let found = field.headers.iter().find_map(|alias| {
            let a = fold(alias);
            (0..headers.len()).find(|c| !taken[*c] && folded[*c] == a)
        });
        if let Some(c) = found {
            columns[i] = Some(c);
            taken[c] = true;
        }
    }
    let ignored = headers
        .iter()
        .zip(&taken)
        .filter(|(h, t)| !**t && !h.is_empty())
        .map(|(h, _)| h.clone())
        .collect();
    Ok(Mapping { kind, columns, ignored })
}

#[cfg(test)]
#[path = "headers_tests.rs"]
mod tests;

//! The stakeholder map's two drawings as SVG, for the HTML (inline) and the PDF (as vector art):
//! the influence × attitude grid (bubble size = relationship strength, colour = buying role, a
//! dashed arrow to the target attitude) and the org chart coloured by attitude with the key
//! players marked. Every name is escaped; nothing here loads anything.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use keyplan_domain::plan::gaps::KEY_INFLUENCE;
use keyplan_domain::plan::view::StakeholderView;
use keyplan_domain::validate::Choice;
use keyplan_domain::BuyingRole;
use uuid::Uuid;

use super::text::{escape_xml, Labels};

const FONT: &str = "font-family=\"Noto Sans CJK SC, Noto Sans, sans-serif\"";

fn role_colour(role: Option<BuyingRole>) -> &'static str {
    match role {
        Some(BuyingRole::DecisionMaker) => "#1f5f8b",
        Some(BuyingRole::EconomicBuyer) => "#7b3f98",
        Some(BuyingRole::TechnicalEvaluator) => "#2a8c82",
        Some(BuyingRole::User) => "#8a8a2e",
        Some(BuyingRole::Influencer) => "#c0782b",
        Some(BuyingRole::Gatekeeper) => "#6b6b6b",
        Some(BuyingRole::Champion) => "#2f8f3a",
        None => "#9aa4ae",
    }
}

fn attitude_colour(a: Option<i8>) -> &'static str {
    match a {
        Some(a) if a <= -2 => "#f4c7c3",
        Some(-1) => "#fbe3c8",
        Some(0) => "#eceff1",
        Some(1) => "#d4edda",
        Some(_) => "#a8dab5",
        None => "#ffffff",
    }
}

/// The influence (up) × attitude (across) grid, and its width.
pub(crate) fn grid(l: Labels, people: &[StakeholderView]) -> (String, f64) {
    let (w, h, left, bottom, top, right) = (620.0, 380.0, 60.0, 50.0, 20.0, 20.0);
    // Room under the grid for the legend (the roles take two rows at most).
    let full = h + 60.0;
    let col = (w - left - right) / 5.0;
    let row = (h - top - bottom) / 5.0;
    let x_of = |a: i8| left + col * (f64::from(a) + 2.0) + col / 2.0;
    let y_of = |i: u8| top + row * (5.0 - f64::from(i)) + row / 2.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {full}\" width=\"{w}\" height=\"{full}\" {FONT} font-size=\"11\">"
    );
    s.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#56606b\"/></marker></defs>");
    // Quadrant shading: supporters on the right, high influence on top.
    let _ = write!(
        s,
        "<rect x=\"{left}\" y=\"{top}\" width=\"{}\" height=\"{}\" fill=\"#fafbfc\" stroke=\"#c9d1d9\"/>",
        w - left - right,
        h - top - bottom
    );
    let mid_x = x_of(0);
    let mid_y = top + row * 2.5;
    let _ = write!(
        s,
        "<line x1=\"{mid_x}\" y1=\"{top}\" x2=\"{mid_x}\" y2=\"{}\" stroke=\"#c9d1d9\"/><line x1=\"{left}\" y1=\"{mid_y}\" x2=\"{}\" y2=\"{mid_y}\" stroke=\"#c9d1d9\"/>",
        h - bottom,
        w - right
    );
    // Signed numbers under the columns (a label in two languages would not fit), the axis
    // named below them.
    for a in -2..=2i8 {
        let label = match a {
            1.. => format!("+{a}"),
            0 => "0".to_string(),
            _ => format!("−{}", a.unsigned_abs()),
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#56606b\">{label}</text>",
            x_of(a),
            h - bottom + 18.0
        );
    }
    for i in 1..=5u8 {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#56606b\">{i}</text>",
            left - 8.0,
            y_of(i) + 4.0
        );
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#56606b\">{}</text>",
        left + (w - left - right) / 2.0,
        h - 8.0,
        escape_xml(&l.text("field.attitude"))
    );
    let _ = write!(
        s,
        "<text x=\"14\" y=\"{mid_y}\" text-anchor=\"middle\" fill=\"#56606b\" transform=\"rotate(-90 14 {mid_y})\">{}</text>",
        escape_xml(&l.text("plan.influence"))
    );
    // Several people in one cell sit side by side; their names take rows above and below the
    // bubbles in turn (one row each), so no two names of a cell overlap. Arrows are drawn first,
    // bubbles over them, names last, each on a white halo.
    let mut per_cell: HashMap<(i8, u8), usize> = HashMap::new();
    for p in people {
        if let (Some(a), Some(i)) = (p.contact.fields.attitude, p.contact.fields.influence) {
            *per_cell.entry((a, i)).or_default() += 1;
        }
    }
    let mut placed: HashMap<(i8, u8), usize> = HashMap::new();
    let (mut arrows, mut bubbles, mut names) = (String::new(), String::new(), String::new());
    for p in people {
        let c = &p.contact.fields;
        let (Some(a), Some(i)) = (c.attitude, c.influence) else { continue };
        let n = per_cell.get(&(a, i)).copied().unwrap_or(1) as f64;
        let k = placed.entry((a, i)).or_default();
        let step = (col / n).min(40.0);
        let shift = (*k as f64 - (n - 1.0) / 2.0) * step;
        let (below, tier) = (*k % 2 == 1, (*k / 2) as f64);
        *k += 1;
        let (x, y) = (x_of(a) + shift, y_of(i));
        let r = 4.0 + 2.0 * f64::from(c.relationship_strength.unwrap_or(1));
        if let Some(target) = p.entry.as_ref().and_then(|e| e.fields.target_attitude) {
            if target != a {
                let tx = x_of(target) + shift;
                let dir = if target > a { 1.0 } else { -1.0 };
                let _ = write!(
                    arrows,
                    "<line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#56606b\" stroke-dasharray=\"4 3\" marker-end=\"url(#arrow)\"/>",
                    x + dir * r,
                    tx - dir * 4.0
                );
            }
        }
        let _ = write!(
            bubbles,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{}\" fill-opacity=\"0.85\" stroke=\"#ffffff\"/>",
            role_colour(c.role)
        );
        let label_y = if below { y + r + 12.0 + 12.0 * tier } else { y - r - 4.0 - 12.0 * tier };
        let _ = write!(
            names,
            "<text x=\"{x}\" y=\"{label_y}\" text-anchor=\"middle\" fill=\"#1d2630\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            escape_xml(&c.name)
        );
    }
    s.push_str(&arrows);
    s.push_str(&bubbles);
    s.push_str(&names);
    // The legend: what a bubble's colour, size and arrow say.
    let mut lx = left;
    let mut ly = h + 18.0;
    for role in BuyingRole::ALL {
        let label = l.code("role", role.name());
        let width =
            22.0 + 6.5 * label.chars().map(|c| if c.is_ascii() { 1.0 } else { 1.8 }).sum::<f64>();
        if lx + width > w - right {
            (lx, ly) = (left, ly + 15.0);
        }
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" fill=\"#56606b\">{}</text>",
            lx + 5.0,
            ly - 4.0,
            role_colour(Some(*role)),
            lx + 13.0,
            ly,
            escape_xml(&label)
        );
        lx += width;
    }
    let _ = write!(
        s,
        "<text x=\"{left}\" y=\"{}\" fill=\"#56606b\">{}</text>",
        ly + 18.0,
        escape_xml(&l.text("plan.legend.map"))
    );
    s.push_str("</svg>");
    (s, w)
}

/// The org chart: who reports to whom, coloured by attitude, key players (influence ≥ 4) with a
/// heavy border and a ★; and its width.
pub(crate) fn org_chart(l: Labels, people: &[StakeholderView]) -> (String, f64) {
    let ids: HashSet<Uuid> = people.iter().map(|p| p.contact.id()).collect();
    let boss = |p: &StakeholderView| p.contact.fields.reports_to.filter(|b| ids.contains(b));
    // Depth by walking up (bounded: the store forbids cycles, a bad file must not hang us).
    let by_id: HashMap<Uuid, &StakeholderView> =
        people.iter().map(|p| (p.contact.id(), p)).collect();
    let depth = |p: &StakeholderView| {
        let mut d = 0usize;
        let mut cur = boss(p);
        while let Some(b) = cur {
            d += 1;
            if d > people.len() {
                break;
            }
            cur = by_id.get(&b).and_then(|q| boss(q));
        }
        d
    };
    let mut levels: Vec<Vec<&StakeholderView>> = Vec::new();
    for p in people {
        let d = depth(p).min(people.len());
        if levels.len() <= d {
            levels.resize_with(d + 1, Vec::new);
        }
        levels[d].push(p);
    }
    let (bw, bh, gap_x, gap_y) = (132.0, 40.0, 14.0, 34.0);
    let widest = levels.iter().map(Vec::len).max().unwrap_or(1).max(1) as f64;
    // Wide enough for its legend line too.
    let w = (widest * (bw + gap_x) + gap_x).max(560.0);
    let h = levels.len().max(1) as f64 * (bh + gap_y) + gap_y;
    let mut pos: HashMap<Uuid, (f64, f64)> = HashMap::new();
    for (d, level) in levels.iter().enumerate() {
        let span = level.len() as f64 * (bw + gap_x) - gap_x;
        let x0 = (w - span) / 2.0;
        for (k, p) in level.iter().enumerate() {
            pos.insert(
                p.contact.id(),
                (x0 + k as f64 * (bw + gap_x), gap_y / 2.0 + d as f64 * (bh + gap_y)),
            );
        }
    }
    let mut s = String::new();
    // Room under the chart for its legend.
    let full = h + 22.0;
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {full}\" width=\"{w}\" height=\"{full}\" {FONT} font-size=\"10.5\">"
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" fill=\"#56606b\">{}</text>",
        gap_x,
        h + 12.0,
        escape_xml(&l.text("plan.legend.org"))
    );
    for p in people {
        if let (Some(b), Some(&(x, y))) = (boss(p), pos.get(&p.contact.id())) {
            if let Some(&(bx, by)) = pos.get(&b) {
                let _ = write!(
                    s,
                    "<path d=\"M{} {} V{} H{} V{}\" fill=\"none\" stroke=\"#9aa4ae\"/>",
                    bx + bw / 2.0,
                    by + bh,
                    by + bh + gap_y / 2.0,
                    x + bw / 2.0,
                    y
                );
            }
        }
    }
    for p in people {
        let Some(&(x, y)) = pos.get(&p.contact.id()) else { continue };
        let c = &p.contact.fields;
        let key = c.influence.unwrap_or(0) >= KEY_INFLUENCE;
        let stroke =
            if key { "stroke=\"#1d2630\" stroke-width=\"2\"" } else { "stroke=\"#9aa4ae\"" };
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"{y}\" width=\"{bw}\" height=\"{bh}\" rx=\"5\" fill=\"{}\" {stroke}/>",
            attitude_colour(c.attitude)
        );
        let star = if key { "★ " } else { "" };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#1d2630\">{star}{}</text>",
            x + bw / 2.0,
            y + 16.0,
            escape_xml(&c.name)
        );
        let sub = c
            .title
            .clone()
            .or_else(|| c.role.map(|r| l.code("role", r.name())))
            .unwrap_or_default();
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#56606b\">{}</text>",
            x + bw / 2.0,
            y + 31.0,
            escape_xml(&sub)
        );
    }
    s.push_str("</svg>");
    (s, w)
}

//! `cargo xtask gen-caseload N SEED OUT.csv|OUT.jsonl`: a synthetic caseload,
//! deterministic for a seed, the same households in either format (so the
//! CSV and JSON Lines readers can be compared row for row).
//!
//! Std only: the CLI tests include this file with `#[path]`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::io::Write;

/// splitmix64: small, fast, and the same everywhere.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// True with probability `pct` percent.
    pub fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

pub struct Member {
    pub id: &'static str,
    pub relation: &'static str,
    pub age: u64,
    pub sex: &'static str,
    pub student: bool,
    pub disability: Option<(u64, &'static str)>,
    pub serious_illness: bool,
    /// (kind, yuan) monthly incomes.
    pub incomes: Vec<(&'static str, u64)>,
    pub social_insurance: Option<u64>,
}

pub struct Household {
    pub case_id: String,
    pub region: &'static str,
    pub date: &'static str,
    pub standard: Option<u64>,
    pub recorded: Option<String>,
    pub current: Option<(u64, &'static str)>,
    pub deposits: Option<u64>,
    pub homes: Option<u64>,
    pub members: Vec<Member>,
}

/// (region, date, standard given in the input or not, the employment date of
/// households already receiving 低保: before the date, as the input requires).
const PLACES: &[(&str, &str, Option<u64>, &str)] = &[
    ("370100", "2024-06-01", None, "2024-01-10"),
    ("370281", "2024-06-01", None, "2024-01-10"),
    ("370300", "2024-06-01", None, "2024-01-10"),
    ("371000", "2024-06-01", None, "2024-01-10"),
    ("110000", "2023-09-01", None, "2023-05-10"),
    ("320100", "2022-09-01", None, "2022-05-10"),
    ("500000", "2025-09-01", None, "2025-05-10"),
    ("CN", "2024-03-15", Some(1000), "2024-01-10"),
    ("440300", "2022-06-01", None, "2022-02-10"),
];

const KINDS: &[&str] = &[
    "visual",
    "hearing",
    "speech",
    "physical",
    "intellectual",
    "mental",
    "multiple",
];

/// The household numbered `i` of the caseload with `seed`.
pub fn household(seed: u64, i: u64) -> Household {
    let mut r = Rng::new(seed.wrapping_mul(0x1000_0000_01B3) ^ i);
    let (region, date, standard, since) = PLACES[r.range(0, PLACES.len() as u64 - 1) as usize];
    let mut members = Vec::new();
    let self_age = r.range(22, 88);
    let mut ids = ["A", "B", "C", "D", "E", "F"].into_iter();
    let mut person = |r: &mut Rng, relation: &'static str, age: u64| {
        let working = (18..60).contains(&age);
        let mut incomes = Vec::new();
        let mut social_insurance = None;
        if working && r.chance(55) {
            let wage = r.range(300, 4500);
            incomes.push(("wage", wage));
            if r.chance(50) {
                social_insurance = Some(wage / 10);
            }
        }
        if working && r.chance(8) {
            incomes.push(("business", r.range(100, 2000)));
        }
        if age >= 60 {
            if r.chance(40) {
                incomes.push(("pension", r.range(800, 3500)));
            } else {
                incomes.push(("basic_pension", r.range(150, 250)));
            }
        }
        let disability = r
            .chance(6)
            .then(|| (r.range(1, 4), KINDS[r.range(0, 6) as usize]));
        Member {
            id: ids.next().unwrap_or("Z"),
            relation,
            age,
            sex: if r.chance(50) { "male" } else { "female" },
            student: (16..=24).contains(&age) && r.chance(60),
            disability,
            serious_illness: r.chance(3),
            incomes,
            social_insurance,
        }
    };
    members.push(person(&mut r, "self", self_age));
    if r.chance(60) {
        let age = (self_age + r.range(0, 6)).saturating_sub(3).clamp(20, 95);
        members.push(person(&mut r, "spouse", age));
    }
    let children = if self_age < 65 { r.range(0, 3) } else { 0 };
    for _ in 0..children {
        let age = r.range(0, (self_age - 20).min(30));
        members.push(person(&mut r, "child", age));
    }
    if self_age < 55 && r.chance(10) {
        let age = self_age + r.range(22, 35);
        members.push(person(&mut r, "parent", age.min(105)));
    }
    let recorded = r.chance(80).then(|| {
        // Plausible recorded amounts; most will not match the engine's.
        let n = members.len() as u64;
        format!("{}.00", r.range(0, 900) * n)
    });
    let current = r.chance(5).then(|| (r.range(200, 2000), since));
    Household {
        case_id: format!("H{seed}-{i:07}"),
        region,
        date,
        standard,
        recorded,
        current,
        deposits: r.chance(30).then(|| r.range(0, 60) * 1000),
        homes: r.chance(50).then(|| r.range(0, 2)),
        members,
    }
}

pub const CSV_HEADER: &str = "case_id,region,date,area,standard,recorded_amount,current_amount,employment_since,deposits,homes,member_id,relation,age,sex,full_time_student,disability_grade,disability_kind,serious_illness,wage,business,pension,basic_pension,social_insurance";

fn opt(o: &mut String, v: Option<u64>) {
    if let Some(v) = v {
        let _ = write!(o, "{v}");
    }
}

/// The household as CSV rows (household fields on the applicant's row).
pub fn csv_rows(h: &Household, o: &mut String) {
    for (k, m) in h.members.iter().enumerate() {
        o.push_str(&h.case_id);
        o.push(',');
        if k == 0 {
            // Every generated household is urban (issue 11: the region may
            // have separate urban and rural standards).
            let _ = write!(o, "{},{},urban,", h.region, h.date);
            opt(o, h.standard);
            o.push(',');
            o.push_str(h.recorded.as_deref().unwrap_or(""));
            o.push(',');
            opt(o, h.current.map(|c| c.0));
            o.push(',');
            o.push_str(h.current.map_or("", |c| c.1));
            o.push(',');
            opt(o, h.deposits);
            o.push(',');
            opt(o, h.homes);
            o.push(',');
        } else {
            o.push_str(",,,,,,,,,");
        }
        let _ = write!(o, "{},{},{},{},", m.id, m.relation, m.age, m.sex);
        o.push_str(if m.student { "true," } else { "," });
        match m.disability {
            Some((g, k)) => {
                let _ = write!(o, "{g},{k},");
            }
            None => o.push_str(",,"),
        }
        o.push_str(if m.serious_illness { "true," } else { "," });
        for kind in ["wage", "business", "pension", "basic_pension"] {
            opt(
                o,
                m.incomes.iter().find(|(k, _)| *k == kind).map(|(_, v)| *v),
            );
            o.push(',');
        }
        opt(o, m.social_insurance);
        o.push('\n');
    }
}

/// The household as one docs/input.md JSON line.
pub fn json_line(h: &Household, o: &mut String) {
    let _ = write!(
        o,
        "{{\"case_id\":\"{}\",\"region\":\"{}\",\"area\":\"urban\",\"date\":\"{}\"",
        h.case_id, h.region, h.date
    );
    if let Some(s) = h.standard {
        let _ = write!(o, ",\"policy\":{{\"standard\":\"{s}\"}}");
    }
    if let Some(r) = &h.recorded {
        let _ = write!(o, ",\"recorded_amount\":\"{r}\"");
    }
    if let Some((amount, since)) = h.current {
        let _ = write!(
            o,
            ",\"current\":{{\"monthly_amount\":\"{amount}\",\"employment_since\":\"{since}\"}}"
        );
    }
    if h.deposits.is_some() || h.homes.is_some() {
        o.push_str(",\"assets\":{");
        let mut parts = Vec::new();
        if let Some(d) = h.deposits {
            parts.push(format!("\"deposits\":\"{d}\""));
        }
        if let Some(n) = h.homes {
            parts.push(format!("\"homes\":{n}"));
        }
        o.push_str(&parts.join(","));
        o.push('}');
    }
    o.push_str(",\"members\":[");
    for (k, m) in h.members.iter().enumerate() {
        if k > 0 {
            o.push(',');
        }
        let _ = write!(
            o,
            "{{\"id\":\"{}\",\"relation\":\"{}\",\"age\":{},\"sex\":\"{}\"",
            m.id, m.relation, m.age, m.sex
        );
        if m.student {
            o.push_str(",\"full_time_student\":true");
        }
        if let Some((g, k)) = m.disability {
            let _ = write!(o, ",\"disability\":{{\"grade\":{g},\"kind\":\"{k}\"}}");
        }
        if m.serious_illness {
            o.push_str(",\"serious_illness\":true");
        }
        // Same order as the CSV reader builds them (the order of IncomeKind).
        let mut incomes: Vec<&(&str, u64)> = m.incomes.iter().collect();
        let order = ["wage", "business", "pension", "basic_pension"];
        incomes.sort_by_key(|(k, _)| order.iter().position(|o| o == k));
        if !incomes.is_empty() {
            o.push_str(",\"incomes\":[");
            for (j, (k, v)) in incomes.iter().enumerate() {
                if j > 0 {
                    o.push(',');
                }
                let _ = write!(o, "{{\"kind\":\"{k}\",\"amount\":\"{v}\"}}");
            }
            o.push(']');
        }
        if let Some(s) = m.social_insurance {
            let _ = write!(
                o,
                ",\"deductions\":[{{\"kind\":\"social_insurance\",\"amount\":\"{s}\"}}]"
            );
        }
        o.push('}');
    }
    o.push_str("]}\n");
}

/// Writes `n` households with `seed`, as CSV or JSON Lines.
pub fn write(w: &mut dyn Write, n: u64, seed: u64, jsonl: bool) -> std::io::Result<()> {
    let mut buf = String::with_capacity(1 << 16);
    if !jsonl {
        buf.push_str(CSV_HEADER);
        buf.push('\n');
    }
    for i in 0..n {
        let h = household(seed, i);
        if jsonl {
            json_line(&h, &mut buf);
        } else {
            csv_rows(&h, &mut buf);
        }
        if buf.len() > 60_000 {
            w.write_all(buf.as_bytes())?;
            buf.clear();
        }
    }
    w.write_all(buf.as_bytes())?;
    w.flush()
}

/// `cargo xtask gen-caseload N SEED OUT.csv|OUT.jsonl`
pub fn command(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask gen-caseload N SEED OUT.csv|OUT.jsonl";
    let [n, seed, out] = args else {
        return Err(usage.into());
    };
    let n: u64 = n.replace('_', "").parse().map_err(|_| usage.to_owned())?;
    let seed: u64 = seed.parse().map_err(|_| usage.to_owned())?;
    let jsonl = out.ends_with(".jsonl") || out.ends_with(".ndjson");
    if !jsonl && !out.ends_with(".csv") {
        return Err(format!("{usage}\n(OUT must end in .csv or .jsonl)"));
    }
    generate(n, seed, std::path::Path::new(out), jsonl)
}

pub fn generate(n: u64, seed: u64, out: &std::path::Path, jsonl: bool) -> Result<(), String> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let f = std::fs::File::create(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    write(&mut w, n, seed, jsonl).map_err(|e| format!("{}: {e}", out.display()))
}

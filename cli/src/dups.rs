//! The same person in two households of one run (issue 13): the same id
//! number, or the same name and birth date. Found like split case ids (see
//! [`crate::rows::Splits`]): from a file, each person's (hash, household,
//! line) is appended while reading and sorted at the end, and only when
//! duplicates exist does a second pass flag every row involved; from a
//! stream, a set flags the later row as it comes.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::rows::{Item, Prehashed, RowError};

/// What makes two rows one person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    IdNumber,
    NameAndBirth,
}

/// A person of the household being built: (key hash, row line, kind).
pub type Person = (u64, u64, Key);

/// The hash of a person's key: `kind` keeps an id number and a name apart.
pub fn hash(kind: Key, parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ kind as u64;
    for p in parts {
        for &b in p.iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Keys found in more than one household, with every (line, case id) of
/// them.
pub type DupIndex = HashMap<u64, Vec<(u64, String)>, BuildHasherDefault<Prehashed>>;

#[derive(Default)]
pub struct Dups {
    mode: Mode,
    /// Households seen with persons to compare (an ordinal each).
    households: u32,
    /// Case ids of the households seen, end to end, and where each ends
    /// (online and deferred modes).
    cases: String,
    ends: Vec<usize>,
}

enum Mode {
    /// A stream: the first (household, line) of each key.
    Online(HashMap<u64, (u32, u64), BuildHasherDefault<Prehashed>>),
    /// A file read twice: every (key, household, line), sorted at the end.
    Deferred(Vec<(u64, u32, u64)>),
    /// The second pass: every row of these keys is flagged.
    Known(DupIndex),
    /// Not looked for (`simulate`, whose results carry no warnings).
    Off,
}

impl Dups {
    pub fn deferred() -> Dups {
        Dups {
            mode: Mode::Deferred(Vec::new()),
            ..Dups::default()
        }
    }

    pub fn known(index: DupIndex) -> Dups {
        Dups {
            mode: Mode::Known(index),
            ..Dups::default()
        }
    }

    pub fn off() -> Dups {
        Dups {
            mode: Mode::Off,
            ..Dups::default()
        }
    }

    fn case(&self, hh: u32) -> &str {
        let i = hh as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.cases[start..self.ends[i]]
    }

    /// Looks at a household just finished, with its persons.
    pub fn check(&mut self, item: &mut Item, persons: &[Person]) {
        // Only households with persons are counted and their case ids kept:
        // a caseload without id numbers or names costs nothing here.
        if persons.is_empty() {
            return;
        }
        let hh = self.households;
        self.households += 1;
        match &mut self.mode {
            Mode::Known(index) => {
                flag_known(index, item, persons);
                return;
            }
            Mode::Off => return,
            Mode::Deferred(list) => list.extend(persons.iter().map(|&(h, l, _)| (h, hh, l))),
            Mode::Online(seen) => {
                use std::collections::hash_map::Entry;
                let mut found = Vec::new();
                for &(h, line, kind) in persons {
                    match seen.entry(h) {
                        Entry::Occupied(e) if e.get().0 != hh => found.push((line, kind, *e.get())),
                        Entry::Occupied(_) => {}
                        Entry::Vacant(v) => {
                            v.insert((hh, line));
                        }
                    }
                }
                for (line, kind, (other, l)) in found {
                    let n = note(line, kind, self.case(other), l);
                    item.notes.push(n);
                }
            }
        }
        self.cases.push_str(item.case_id.as_deref().unwrap_or(""));
        self.ends.push(self.cases.len());
    }

    /// Takes the known index out (a second pass under `--jobs`, where the
    /// workers flag rows), leaving this one off.
    pub fn take_known(&mut self) -> Option<DupIndex> {
        match std::mem::replace(&mut self.mode, Mode::Off) {
            Mode::Known(index) => Some(index),
            other => {
                self.mode = other;
                None
            }
        }
    }

    /// Whether this pass appends persons for a second one.
    pub fn is_deferred(&self) -> bool {
        matches!(self.mode, Mode::Deferred(_))
    }

    /// Appends a household's persons (deferred mode), as `check` does.
    pub fn collect(&mut self, case: Option<&str>, persons: &[Person]) {
        let Mode::Deferred(list) = &mut self.mode else {
            return;
        };
        if persons.is_empty() {
            return;
        }
        let hh = self.households;
        self.households += 1;
        list.extend(persons.iter().map(|&(h, l, _)| (h, hh, l)));
        self.cases.push_str(case.unwrap_or(""));
        self.ends.push(self.cases.len());
    }

    /// Whether rows are flagged as they come (a stream), which needs the
    /// households in order.
    pub fn is_online(&self) -> bool {
        matches!(self.mode, Mode::Online(_))
    }

    /// The keys found in more than one household (deferred mode; empty
    /// otherwise).
    pub fn take(&mut self) -> DupIndex {
        let mut index = DupIndex::default();
        let Mode::Deferred(list) = &mut self.mode else {
            return index;
        };
        list.sort_unstable();
        let list = std::mem::take(list);
        for run in list.chunk_by(|a, b| a.0 == b.0) {
            if run.iter().any(|r| r.1 != run[0].1) {
                let rows = run.iter().map(|&(_, hh, l)| (l, self.case(hh).to_owned()));
                index.insert(run[0].0, rows.collect());
            }
        }
        index
    }
}

/// Flags a household's rows whose keys a first pass found in another
/// household.
pub fn flag_known(index: &DupIndex, item: &mut Item, persons: &[Person]) {
    for &(h, line, kind) in persons {
        let Some(all) = index.get(&h) else { continue };
        for (l, c) in all
            .iter()
            .filter(|(l, _)| !persons.iter().any(|p| p.1 == *l))
        {
            item.notes.push(note(line, kind, c, *l));
        }
    }
}

impl Default for Mode {
    fn default() -> Mode {
        Mode::Online(HashMap::default())
    }
}

/// `duplicate_person` on `line`, naming the other case and its row.
fn note(line: u64, kind: Key, other: &str, other_line: u64) -> RowError {
    let (field, zh_why, en_why) = match kind {
        Key::IdNumber => ("id_number", "身份证号相同", "the same id number"),
        Key::NameAndBirth => (
            "name/birth_date",
            "姓名和出生日期相同",
            "the same name and birth date",
        ),
    };
    RowError {
        code: "duplicate_person",
        line,
        field: field.to_owned(),
        zh: format!(
            "该成员与户编号“{other}”第 {other_line} 行的成员{zh_why}，可能在两户中重复计入，请核对"
        ),
        en: format!(
            "this member has {en_why} as the member on line {other_line} of case {other}: \
             counted in two households? check it"
        ),
    }
}

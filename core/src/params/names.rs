//! The GB/T 2260 name table (`regions/names.tsv`, described in
//! `regions/NAMES.md`): code → name → parent. It makes every valid code
//! recognised and named; a county with no pack of its own falls back to its
//! prefecture, then its province, by code arithmetic (no table needed).

use crate::error::{Error, Errors};

/// The division codes and names, sorted by code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Names {
    rows: Vec<(String, String, String)>,
}

impl Names {
    /// Reads `code<TAB>name<TAB>parent` lines; every bad line is an error
    /// naming its line number.
    pub fn from_tsv(text: &str) -> Result<Names, Errors> {
        let mut rows = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let ok = f.len() == 3 && is_code(f[0]) && !f[1].is_empty();
            if !ok || !(f[2] == "CN" || is_code(f[2])) {
                errors.push(Error::InvalidParameter {
                    file: "names.tsv".into(),
                    field: format!("line {}", i + 1),
                    en: "expected code<TAB>name<TAB>parent with six-digit codes".into(),
                    zh: "应为“代码<TAB>名称<TAB>上级代码”，代码为六位数字".into(),
                });
                continue;
            }
            // Sorted by code, without repeats (NAMES.md): checked, not
            // sorted here, which keeps a sort out of the WASM build.
            let ascending = rows
                .last()
                .is_none_or(|(prev, ..): &(String, String, String)| prev.as_str() < f[0]);
            if !ascending {
                errors.push(Error::InvalidParameter {
                    file: "names.tsv".into(),
                    field: format!("line {}", i + 1),
                    en: "codes must be in ascending order, each once".into(),
                    zh: "代码须按升序排列且不重复".into(),
                });
                continue;
            }
            rows.push((f[0].to_owned(), f[1].to_owned(), f[2].to_owned()));
        }
        if !errors.is_empty() {
            return Err(Errors(errors));
        }
        Ok(Names { rows })
    }

    /// The shipped table (native builds with the `names` feature).
    #[cfg(feature = "names")]
    pub(crate) fn builtin() -> Names {
        match Names::from_tsv(include_str!(concat!(
            env!("DIBAO_REGIONS_DIR"),
            "/names.tsv"
        ))) {
            Ok(n) => n,
            Err(e) => panic!("regions/names.tsv is invalid:\n{e}"),
        }
    }

    /// Number of divisions.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn row(&self, code: &str) -> Option<&(String, String, String)> {
        let i = self
            .rows
            .binary_search_by(|r| r.0.as_str().cmp(code))
            .ok()?;
        Some(&self.rows[i])
    }

    /// The Chinese name of a code.
    pub fn name(&self, code: &str) -> Option<&str> {
        self.row(code).map(|r| r.1.as_str())
    }

    /// The code of the unit above (`CN` for a province).
    pub fn parent(&self, code: &str) -> Option<&str> {
        self.row(code).map(|r| r.2.as_str())
    }

    /// Every row: (code, name, parent), sorted by code.
    pub fn rows(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.rows
            .iter()
            .map(|(c, n, p)| (c.as_str(), n.as_str(), p.as_str()))
    }
}

/// Six ASCII digits.
pub(crate) fn is_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The codes to try for `code`, most local first: itself, its prefecture
/// (`XXXX00`), its province (`XX0000`), without repeats.
pub(crate) fn ancestors(code: &str) -> Vec<String> {
    let mut out = vec![code.to_owned()];
    if is_code(code) {
        // A six-digit code is ASCII, so `get` never fails; it keeps the
        // panicking slice path out of the WASM module.
        let head = |n| code.get(..n).unwrap_or_default();
        for up in [format!("{}00", head(4)), format!("{}0000", head(2))] {
            if !out.contains(&up) {
                out.push(up);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_county_goes_up_to_prefecture_then_province() {
        assert_eq!(ancestors("371082"), ["371082", "371000", "370000"]);
        assert_eq!(ancestors("371000"), ["371000", "370000"]);
        assert_eq!(ancestors("370000"), ["370000"]);
        assert_eq!(ancestors("CN"), ["CN"]);
    }

    #[test]
    fn a_bad_line_is_an_error_with_its_number() {
        let e = Names::from_tsv("370000\t山东省\tCN\nxx\n").unwrap_err();
        assert!(e.0[0].field().contains("line 2"));
        let n = Names::from_tsv("370000\t山东省\tCN\n371082\t荣成市\t371000\n").unwrap();
        assert!(Names::from_tsv("371082\t荣成市\t371000\n370000\t山东省\tCN\n").is_err());
        assert_eq!(n.name("371082"), Some("荣成市"));
        assert_eq!(n.parent("370000"), Some("CN"));
        assert_eq!(n.len(), 2);
    }
}

//! 居民身份证号码 (GB 11643-1999): the check digit, the birth date and the
//! sex a number encodes, and the checks of a member's row against them.
//! Numbers are never echoed in full: only [`crate::csv::mask_id`]'s form.

use dibao::{Age, Date, Sex};

use crate::rows::RowError;

/// What an id number says about its holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdInfo {
    pub birth: Date,
    pub sex: Sex,
}

/// Why an id number of the right shape is not a valid one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdProblem {
    /// Not 18 characters (17 digits and a digit or X) nor 15 digits.
    Shape,
    /// The 18th character is not the ISO 7064 MOD 11-2 check digit.
    CheckDigit { expected: char },
    /// The birth date (characters 7–14) is not a real date.
    BirthDate,
}

/// GB 11643 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const CHECK: [u8; 11] = *b"10X98765432";

/// The check character of the first 17 digits (ISO 7064 MOD 11-2).
pub fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] as char
}

fn digits(b: &[u8]) -> u32 {
    b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Checks an id number: 18 characters with a valid check digit (a lower-case
/// x is read as X), or an old 15-digit one (born 19YY, no check digit).
pub fn check(s: &str) -> Result<IdInfo, IdProblem> {
    let b = s.as_bytes();
    let (year, rest, sex_digit) = match b.len() {
        18 if b[..17].iter().all(u8::is_ascii_digit)
            && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x') =>
        {
            (digits(&b[6..10]), &b[10..14], b[16])
        }
        15 if b.iter().all(u8::is_ascii_digit) => (1900 + digits(&b[6..8]), &b[8..12], b[14]),
        _ => return Err(IdProblem::Shape),
    };
    let birth = u16::try_from(year)
        .ok()
        .and_then(|y| Date::new(y, digits(&rest[..2]) as u8, digits(&rest[2..]) as u8))
        .filter(|d| d.year() >= 1850)
        .ok_or(IdProblem::BirthDate)?;
    if b.len() == 18 {
        let expected = check_char(&b[..17]);
        if b[17].to_ascii_uppercase() != expected as u8 {
            return Err(IdProblem::CheckDigit { expected });
        }
    }
    let sex = if (sex_digit - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Ok(IdInfo { birth, sex })
}

/// A member's row as far as its id number is concerned, kept until the
/// household's assessment date is known.
#[derive(Clone, Debug)]
pub struct IdRow {
    pub line: u64,
    /// The id number column's name in the header.
    pub field: String,
    pub masked: String,
    pub info: IdInfo,
    /// The row's `birth_date`, `age` and `sex`, where given.
    pub birth_date: Option<Date>,
    pub age: Option<u32>,
    pub sex: Option<Sex>,
}

fn note(code: &'static str, row: &IdRow, zh: String, en: String) -> RowError {
    RowError {
        code,
        line: row.line,
        field: row.field.clone(),
        zh,
        en,
    }
}

fn sex_zh(s: Sex) -> &'static str {
    match s {
        Sex::Male => "男",
        _ => "女",
    }
}

/// The warning for a number that is not valid, or `None`.
pub fn problem_note(line: u64, field: &str, v: &str, p: IdProblem) -> Option<RowError> {
    let masked = crate::csv::mask_id(v);
    let (code, zh, en) = match p {
        IdProblem::Shape => return None,
        IdProblem::CheckDigit { .. } => (
            "id_number_check_digit",
            format!(
                "身份证号 {masked} 的校验码（第 18 位）不对，号码有误（可能抄错了某一位），请核对"
            ),
            format!(
                "the id number {masked} fails its check digit (the 18th character): a digit is \
                 wrong (miscopied?); check it"
            ),
        ),
        IdProblem::BirthDate => (
            "id_number_birth_date",
            format!("身份证号 {masked} 中的出生日期不是有效日期，请核对"),
            format!("the birth date inside the id number {masked} is not a real date; check it"),
        ),
    };
    Some(RowError {
        code,
        line,
        field: field.to_owned(),
        zh,
        en,
    })
}

/// Checks a valid number against the row's birth date, age and sex and
/// the assessment date `date`; warnings into `notes`.
pub fn cross_check(row: &IdRow, date: Option<Date>, notes: &mut Vec<RowError>) {
    let m = &row.masked;
    let born = row.info.birth;
    if let Some(d) = date.filter(|&d| born > d) {
        notes.push(note(
            "id_number_birth_date",
            row,
            format!("身份证号 {m} 中的出生日期 {born} 晚于核算日期 {d}，请核对"),
            format!("the id number {m} gives a birth date {born} after the assessment date {d}; check it"),
        ));
        return;
    }
    if let Some(b) = row.birth_date.filter(|&b| b != born) {
        notes.push(note(
            "id_number_mismatch",
            row,
            format!("身份证号 {m} 中的出生日期为 {born}，与出生日期（birth_date）列的 {b} 不一致"),
            format!("the id number {m} gives the birth date {born}, not birth_date {b}"),
        ));
    }
    if let (Some(age), Some(d)) = (row.age, date) {
        let from_id = d.years_since(born);
        if from_id != age {
            notes.push(note(
                "id_number_mismatch",
                row,
                format!(
                    "按身份证号 {m}，核算日期 {d} 时年满 {from_id} 周岁，与年龄（age）列的 {age} 岁不一致"
                ),
                format!(
                    "by the id number {m}, the member is {from_id} on the assessment date {d}, \
                     not age {age}"
                ),
            ));
        }
    }
    if let Some(s) = row.sex.filter(|&s| s != row.info.sex) {
        let (id_sex, col) = (row.info.sex, s);
        notes.push(note(
            "id_number_mismatch",
            row,
            format!(
                "身份证号 {m} 的性别为{}，与性别（sex）列的“{}”不一致",
                sex_zh(id_sex),
                sex_zh(col)
            ),
            format!(
                "the id number {m} is a {}'s, but sex is {}",
                id_sex.code(),
                col.code()
            ),
        ));
    }
}

/// The age given on the row, as years (a birth date is compared as a date).
pub fn years(age: Option<Age>) -> Option<u32> {
    match age {
        Some(Age::Years(n)) => Some(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up number: region, birth date, sequence, then the check
    /// character computed here (no real person's number).
    fn make(first17: &str) -> String {
        format!("{first17}{}", check_char(first17.as_bytes()))
    }

    #[test]
    fn check_digits() {
        // By hand: 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+9*6+0*3+0*7+1*9
        // +0*10+1*5+0*8+0*4+1*2 = 122; 122 % 11 = 1 -> '0'.
        assert_eq!(check_char(b"11010519900101001"), '0');
        let id = make("11010519900101001");
        assert_eq!(id, "110105199001010010");
        let info = check(&id).unwrap();
        assert_eq!(info.birth, Date::new(1990, 1, 1).unwrap());
        assert_eq!(info.sex, Sex::Male);
        // One ending in X (remainder 2): the first sequence number giving it.
        let x = (0..1000)
            .map(|n| format!("37010219850615{n:03}"))
            .find(|f| check_char(f.as_bytes()) == 'X')
            .unwrap();
        let with_x = format!("{x}X");
        assert!(check(&with_x).is_ok());
        assert!(check(&with_x.to_ascii_lowercase()).is_ok());
        let mut wrong = with_x.clone();
        wrong.replace_range(17.., "0");
        assert_eq!(check(&wrong), Err(IdProblem::CheckDigit { expected: 'X' }));
        // A digit changed: the check digit catches it.
        let typo = id.replacen("1990", "1991", 1);
        assert!(matches!(check(&typo), Err(IdProblem::CheckDigit { .. })));
    }

    #[test]
    fn dates_and_sex() {
        let feb30 = make("11010519900230002");
        assert_eq!(check(&feb30), Err(IdProblem::BirthDate));
        let woman = check(&make("11010519880229002")).unwrap();
        assert_eq!(woman.sex, Sex::Female);
        assert_eq!(woman.birth, Date::new(1988, 2, 29).unwrap());
        // 15 digits: 19YY, no check digit; odd last digit is a man.
        let old = check("110105880229003").unwrap();
        assert_eq!((old.birth.year(), old.sex), (1988, Sex::Male));
        assert_eq!(check("11010519900101001"), Err(IdProblem::Shape));
        assert_eq!(check("11010519900101001Y"), Err(IdProblem::Shape));
    }

    #[test]
    fn rows_checked_against_the_id() {
        let id = make("11010519900101001");
        let row = IdRow {
            line: 3,
            field: "身份证号".into(),
            masked: crate::csv::mask_id(&id),
            info: check(&id).unwrap(),
            birth_date: Date::new(1990, 1, 2),
            age: Some(30),
            sex: Some(Sex::Female),
        };
        let mut notes = Vec::new();
        cross_check(&row, Date::new(2024, 6, 1), &mut notes);
        let codes: Vec<_> = notes.iter().map(|n| n.code).collect();
        assert_eq!(codes, ["id_number_mismatch"; 3]);
        assert!(notes
            .iter()
            .all(|n| n.field == "身份证号" && !n.zh.contains(&id)));
        assert!(notes[1].en.contains("34"), "{}", notes[1].en);
        let ok = IdRow {
            birth_date: Date::new(1990, 1, 1),
            age: Some(34),
            sex: Some(Sex::Male),
            ..row.clone()
        };
        notes.clear();
        cross_check(&ok, Date::new(2024, 6, 1), &mut notes);
        assert!(notes.is_empty());
        cross_check(&ok, Date::new(1980, 1, 1), &mut notes);
        assert_eq!(notes[0].code, "id_number_birth_date");
    }
}

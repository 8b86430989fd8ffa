//! Caseload input and output shared by `batch` and `simulate`: households
//! read one at a time from CSV or JSON Lines, and result rows written as CSV
//! or JSON Lines. Nothing here holds more than one household.

use std::io::Write;

use dibao::{Assessment, Household, Money};

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::csv::{Builder, CsvReader, Encoding, Header, HeaderError, ReadError, RecordArena};

/// One problem with one input household.
#[derive(Clone, Debug)]
pub struct RowError {
    /// Stable snake_case code (the core's codes, plus `invalid_encoding`,
    /// `conflicting_values`, `extra_fields` for CSV).
    pub code: &'static str,
    /// 1-based line of the input file.
    pub line: u64,
    /// The CSV column, or the docs/input.md path for JSON Lines.
    pub field: String,
    pub zh: String,
    pub en: String,
}

impl RowError {
    /// A core error, located at `line`; `csv` maps §4 paths to CSV columns.
    pub fn from_core(e: &dibao::Error, line: u64, csv: bool) -> RowError {
        let field = match (csv, e.field()) {
            (true, "policy.standard") => "standard".to_owned(),
            (_, f) => f.to_owned(),
        };
        RowError {
            code: e.code(),
            line,
            field,
            zh: e.zh(),
            en: e.en(),
        }
    }
}

/// One household read from the input (valid or not). The source keeps one
/// and fills it again for each household, reusing its allocations.
pub struct Item {
    pub case_id: Option<String>,
    /// The household's first line.
    pub line: u64,
    /// The household; meaningful only when `errors` is empty.
    pub household: Household,
    /// The household's problems; empty when it could be read.
    pub errors: Vec<RowError>,
    /// The recorded amount, if it could be read (shown for invalid rows too).
    pub recorded: Option<Money>,
    /// Warnings of the reader's own (an id number in scientific notation).
    pub notes: Vec<RowError>,
    /// Carried through to the results: name, 社区, 街道/乡镇, 区县.
    pub carry: [String; 4],
    /// The value of the column households are grouped by (`simulate --by`).
    pub group: String,
    /// Which of `carry` the input has.
    pub carried: [bool; 4],
    /// The household's persons, for people in two households (`--jobs`:
    /// counted in order after a worker built the household).
    pub persons: Vec<crate::dups::Person>,
}

impl Default for Item {
    fn default() -> Item {
        Item {
            case_id: None,
            line: 0,
            household: Household::new(dibao::Date::MIN),
            errors: Vec::new(),
            recorded: None,
            notes: Vec::new(),
            carry: Default::default(),
            group: String::new(),
            carried: [false; 4],
            persons: Vec::new(),
        }
    }
}

impl Item {
    /// Puts the case id back in the household (the readers keep it beside
    /// it), so that the household's receipt (`--receipts`) hashes the same
    /// §4 object `dibao assess` reads from the household's JSON.
    pub fn case_id_in_household(&mut self) {
        self.household.case_id.clone_from(&self.case_id);
    }

    /// The household, or what is wrong with it.
    pub fn result(&self) -> Result<&Household, &[RowError]> {
        if self.errors.is_empty() {
            Ok(&self.household)
        } else {
            Err(&self.errors)
        }
    }
}

/// Input file format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InputFormat {
    Csv,
    Jsonl,
}

impl InputFormat {
    pub fn code(self) -> &'static str {
        match self {
            InputFormat::Csv => "csv",
            InputFormat::Jsonl => "jsonl",
        }
    }

    /// From the file name, else from the first bytes (`{` → JSON Lines).
    pub fn detect(path: &str, first: &[u8]) -> InputFormat {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".csv") || lower.ends_with(".txt") {
            return InputFormat::Csv;
        }
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") || lower.ends_with(".json") {
            return InputFormat::Jsonl;
        }
        let first = first.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(first);
        match first.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => InputFormat::Jsonl,
            _ => InputFormat::Csv,
        }
    }
}

/// A file-level problem: the run cannot go on (exit 2).
pub struct Fatal {
    pub zh: String,
    pub en: String,
}

impl Fatal {
    pub fn io(what: &str, e: &std::io::Error) -> Fatal {
        Fatal {
            zh: format!("读写 {what} 失败：{e}"),
            en: format!("I/O error on {what}: {e}"),
        }
    }
}

impl Fatal {
    /// A CSV record that stops the run (an undecodable header, a quote never
    /// closed, a line too long, an I/O error).
    pub fn read(name: &str, e: ReadError) -> Fatal {
        match e {
            ReadError::Io(e) => Fatal::io(name, &e),
            ReadError::Undecodable { line } => Fatal {
                zh: format!("{name} 第 {line} 行（表头）的编码无法识别"),
                en: format!("{name}: line {line} (the header) cannot be decoded"),
            },
            ReadError::UnclosedQuote { row, line } => {
                let (zh_at, en_at) = if row == line {
                    (format!("第 {line} 行"), format!("line {line}"))
                } else {
                    (
                        format!("第 {row} 行（文本文件第 {line} 行）"),
                        format!("row {row} (line {line} of the text file)"),
                    )
                };
                Fatal {
                    zh: format!(
                        "{name} {zh_at}有一个没有闭合的引号（\"），其后的内容无法分成行；\
                         请在该行补上或删去引号后再核对。未写出任何结果"
                    ),
                    en: format!(
                        "{name}: the quote (\") opened on {en_at} is never closed, so the rest \
                         of the file cannot be split into rows; close or remove it and run again. \
                         Nothing was written"
                    ),
                }
            }
            ReadError::TooLong { line } => Fatal {
                zh: format!(
                    "{name} 第 {line} 行超过 {} KiB，不是台账的一行；未写出任何结果",
                    crate::csv::MAX_RECORD_BYTES / 1024
                ),
                en: format!(
                    "{name}: line {line} is longer than {} KiB, not a caseload row; \
                     nothing was written",
                    crate::csv::MAX_RECORD_BYTES / 1024
                ),
            },
        }
    }
}

impl From<HeaderError> for Fatal {
    fn from(e: HeaderError) -> Fatal {
        Fatal { zh: e.zh, en: e.en }
    }
}

/// Households from a CSV or JSON Lines stream, one at a time.
pub struct Source<R> {
    kind: Kind<R>,
    name: String,
    /// Data rows (CSV records or JSON lines) read so far.
    pub rows: u64,
    /// The household handed out last, filled again for the next one.
    item: Item,
}

enum Kind<R> {
    Csv {
        r: CsvReader<R>,
        header: Option<Box<Header>>,
        builder: Box<Builder>,
        enc: Encoding,
        ignore_unknown: bool,
        done: bool,
        splits: Box<Splits>,
        /// The column households are grouped by (`simulate --by`).
        group: Option<String>,
        /// The same person in two households (issue 13).
        dups: Box<crate::dups::Dups>,
        /// Reading for workers that build the households (`--jobs`).
        raw: Box<RawState>,
    },
    Jsonl {
        r: R,
        buf: Vec<u8>,
        line: u64,
        bytes: u64,
    },
}

impl<R: crate::csv::Buffered> Source<R> {
    pub fn new(
        r: R,
        format: InputFormat,
        enc: Encoding,
        ignore_unknown: bool,
        name: &str,
    ) -> Source<R> {
        let kind = match format {
            InputFormat::Csv => Kind::Csv {
                r: CsvReader::new(r, enc),
                header: None,
                builder: Box::default(),
                enc,
                ignore_unknown,
                done: false,
                splits: Box::default(),
                group: None,
                dups: Box::default(),
                raw: Box::default(),
            },
            InputFormat::Jsonl => Kind::Jsonl {
                r,
                buf: Vec::with_capacity(4096),
                line: 0,
                bytes: 0,
            },
        };
        Source {
            kind,
            name: name.to_owned(),
            rows: 0,
            item: Item::default(),
        }
    }

    /// Finds split case ids at the end, for a second pass over the same
    /// file, instead of flagging the later parts while reading.
    pub fn deferring_splits(mut self) -> Source<R> {
        if let Kind::Csv { splits, .. } = &mut self.kind {
            splits.mode = SplitMode::Deferred(Vec::new());
        }
        self
    }

    /// Flags every part of the case ids that a first pass over the same
    /// file found split.
    pub fn with_known_splits(mut self, known: SplitIndex) -> Source<R> {
        if let Kind::Csv { splits, .. } = &mut self.kind {
            splits.mode = SplitMode::Known(known);
        }
        self
    }

    /// Finds people in two households at the end, for a second pass over
    /// the same file, instead of flagging the later one while reading.
    pub fn deferring_dups(mut self) -> Source<R> {
        if let Kind::Csv { dups, .. } = &mut self.kind {
            **dups = crate::dups::Dups::deferred();
        }
        self
    }

    /// Flags every row of the people that a first pass found in two
    /// households.
    pub fn with_known_dups(mut self, known: crate::dups::DupIndex) -> Source<R> {
        if let Kind::Csv { dups, .. } = &mut self.kind {
            **dups = crate::dups::Dups::known(known);
        }
        self
    }

    /// Does not look for people in two households.
    pub fn without_dups(mut self) -> Source<R> {
        if let Kind::Csv { dups, .. } = &mut self.kind {
            **dups = crate::dups::Dups::off();
        }
        self
    }

    /// The people found in two households (a deferring first pass).
    pub fn take_dups(&mut self) -> crate::dups::DupIndex {
        match &mut self.kind {
            Kind::Csv { dups, .. } => dups.take(),
            Kind::Jsonl { .. } => Default::default(),
        }
    }

    /// The case ids found split (empty when none).
    pub fn take_splits(&mut self) -> SplitIndex {
        match &mut self.kind {
            Kind::Csv { splits, .. } => splits.take(),
            Kind::Jsonl { .. } => SplitIndex::default(),
        }
    }

    /// Groups households by a column (CSV only; `false` for JSON Lines).
    pub fn group_by(&mut self, column: &str) -> bool {
        match &mut self.kind {
            Kind::Csv { group, .. } => {
                *group = Some(column.to_owned());
                true
            }
            Kind::Jsonl { .. } => false,
        }
    }

    /// Whether a CSV header was read (an empty file has none).
    pub fn saw_header(&self) -> bool {
        match &self.kind {
            Kind::Csv { header, .. } => header.is_some(),
            Kind::Jsonl { .. } => false,
        }
    }

    /// Bytes consumed so far.
    pub fn bytes(&self) -> u64 {
        match &self.kind {
            Kind::Csv { r, .. } => r.bytes,
            Kind::Jsonl { bytes, .. } => *bytes,
        }
    }

    /// The next household, `Ok(None)` at the end. It is lent: the next call
    /// fills the same item again.
    pub fn next(&mut self, a: &dibao::Assessor) -> Result<Option<&mut Item>, Fatal> {
        let name = &self.name;
        let item = &mut self.item;
        match &mut self.kind {
            Kind::Csv {
                r,
                header,
                builder,
                enc,
                ignore_unknown,
                done,
                splits,
                group,
                dups,
                ..
            } => loop {
                if let Some(h) = header {
                    item.carried = h.carried();
                }
                if let Some(line) = builder.pending.take() {
                    Builder::undecodable(item, line, *enc);
                    return Ok(Some(item));
                }
                if *done {
                    return Ok(None);
                }
                let rec = match r.next_record() {
                    Ok(Some(rec)) => rec,
                    Ok(None) => {
                        *done = true;
                        if builder.is_empty() {
                            return Ok(None);
                        }
                        builder.finish(item);
                        splits.check(item, &builder.row_lines);
                        dups.check(item, &builder.persons);
                        return Ok(Some(item));
                    }
                    Err(ReadError::Undecodable { line }) if header.is_some() => {
                        self.rows += 1;
                        // An undecodable row is a household of its own; the
                        // one being built ends before it.
                        if builder.is_empty() {
                            Builder::undecodable(item, line, *enc);
                            return Ok(Some(item));
                        }
                        // Deliver the finished one now and the bad one next.
                        builder.finish(item);
                        splits.check(item, &builder.row_lines);
                        dups.check(item, &builder.persons);
                        builder.pending = Some(line);
                        return Ok(Some(item));
                    }
                    Err(e) => return Err(Fatal::read(name, e)),
                };
                if rec.is_blank() {
                    continue;
                }
                let Some(h) = header else {
                    *header = Some(read_header(&rec, *ignore_unknown, group.as_deref(), name)?);
                    continue;
                };
                self.rows += 1;
                let id = h.case_id(&rec);
                // A blank case id continues the household above: what a
                // merged cell in Excel leaves on the rows below its first.
                if !builder.is_empty() && !id.is_empty() && id != builder.case_id() {
                    builder.finish(item);
                    splits.check(item, &builder.row_lines);
                    dups.check(item, &builder.persons);
                    builder.start(id, rec.line);
                    builder.add(h, &rec);
                    return Ok(Some(item));
                }
                if builder.is_empty() {
                    builder.start(id, rec.line);
                }
                builder.add(h, &rec);
            },
            Kind::Jsonl {
                r,
                buf,
                line,
                bytes,
            } => {
                let Some(l) = next_json_line(r, buf, line, bytes, name)? else {
                    return Ok(None);
                };
                self.rows += 1;
                json_item(a, item, l, buf);
                Ok(Some(item))
            }
        }
    }

    /// Whether households can be built by workers from raw records: a CSV
    /// source whose split case ids and duplicates are not flagged as they
    /// come (which needs the households in order).
    pub fn raw_ready(&self) -> bool {
        match &self.kind {
            Kind::Csv { splits, dups, .. } => {
                !matches!(splits.mode, SplitMode::Online(_)) && !dups.is_online()
            }
            Kind::Jsonl { .. } => false,
        }
    }

    /// The CSV header, once read.
    pub fn csv_header(&self) -> Option<&crate::csv::Header> {
        match &self.kind {
            Kind::Csv { header, .. } => header.as_deref(),
            Kind::Jsonl { .. } => None,
        }
    }

    pub fn csv_encoding(&self) -> Encoding {
        match &self.kind {
            Kind::Csv { enc, .. } => *enc,
            Kind::Jsonl { .. } => Encoding::Utf8,
        }
    }

    /// The people a first pass found in two households, taken out for the
    /// workers to flag (`--jobs`, raw records).
    pub fn take_known_dups(&mut self) -> Option<crate::dups::DupIndex> {
        match &mut self.kind {
            Kind::Csv { dups, .. } => dups.take_known(),
            Kind::Jsonl { .. } => None,
        }
    }

    /// Whether people in two households are being collected for a second
    /// pass.
    pub fn dups_deferred(&self) -> bool {
        matches!(&self.kind, Kind::Csv { dups, .. } if dups.is_deferred())
    }

    /// Reads the records of the next household into `arena` and describes
    /// it in `out` (a worker builds it: [`build_raw`]); `false` at the end.
    /// Households end where [`Source::next`] ends them; split case ids are
    /// collected or looked up here, in reading order. The record that ends a
    /// household is left at the end of `arena` for the next one: before
    /// going on with another arena, call [`Source::detach_ahead`].
    pub fn next_raw(
        &mut self,
        arena: &mut RecordArena,
        out: &mut Vec<RawHh>,
    ) -> Result<bool, Fatal> {
        let name = &self.name;
        let Kind::Csv {
            r,
            header,
            ignore_unknown,
            done,
            splits,
            group,
            raw,
            ..
        } = &mut self.kind
        else {
            return Ok(false);
        };
        if let Some(line) = raw.pending.take() {
            out.push(RawHh::Undecodable(line));
            return Ok(true);
        }
        let mut first = arena.len();
        let mut started = false;
        if std::mem::take(&mut raw.ahead) {
            // The arena's last record, read past the last household, starts
            // this one (`raw.case` is its case id).
            first -= 1;
            started = true;
        } else if raw.carry.len() == 1 {
            let rec = raw.carry.get(0);
            if let Some(h) = header.as_deref() {
                raw.case.clear();
                raw.case.push_str(h.case_id(&rec));
            }
            arena.push(&rec);
            raw.carry.clear();
            started = true;
        }
        while !*done {
            let rec = match r.next_record_into(arena) {
                Ok(Some(rec)) => rec,
                Ok(None) => {
                    *done = true;
                    break;
                }
                Err(ReadError::Undecodable { line }) if header.is_some() => {
                    self.rows += 1;
                    if !started {
                        out.push(RawHh::Undecodable(line));
                        return Ok(true);
                    }
                    raw.pending = Some(line);
                    break;
                }
                Err(e) => return Err(Fatal::read(name, e)),
            };
            // Read straight into the arena: dropped again when it is blank
            // or the header.
            if rec.is_blank() {
                arena.pop();
                continue;
            }
            let Some(h) = header else {
                *header = Some(read_header(&rec, *ignore_unknown, group.as_deref(), name)?);
                arena.pop();
                continue;
            };
            self.rows += 1;
            let id = h.case_id(&rec);
            if started && !id.is_empty() && id != raw.case {
                // It starts the next household: it stays where it is.
                raw.next_case.clear();
                raw.next_case.push_str(id);
                raw.ahead = true;
                break;
            }
            if !started {
                raw.case.clear();
                raw.case.push_str(id);
                started = true;
            }
        }
        if !started {
            return Ok(false);
        }
        let end = arena.len() - usize::from(raw.ahead);
        let starts = splits.raw_check(&raw.case, arena.line(first));
        out.push(RawHh::Rows { first, end, starts });
        if raw.ahead {
            std::mem::swap(&mut raw.case, &mut raw.next_case);
        }
        Ok(true)
    }

    /// Moves the record read past the last household out of `arena` (a
    /// chunk that is full), to start the next chunk's first household.
    pub fn detach_ahead(&mut self, arena: &mut RecordArena) {
        let Kind::Csv { raw, .. } = &mut self.kind else {
            return;
        };
        if let (true, Some(rec)) = (std::mem::take(&mut raw.ahead), arena.last()) {
            raw.carry.clear();
            raw.carry.push(&rec);
            arena.pop();
        }
    }

    /// The next JSON Lines line, unparsed, into `out` (`--jobs`: parsed by
    /// a worker with [`json_item`]); its line number, `None` at the end or
    /// for a CSV source.
    pub fn next_raw_json(&mut self, out: &mut Vec<u8>) -> Result<Option<u64>, Fatal> {
        let Kind::Jsonl {
            r,
            buf,
            line,
            bytes,
        } = &mut self.kind
        else {
            return Ok(None);
        };
        let Some(l) = next_json_line(r, buf, line, bytes, &self.name)? else {
            return Ok(None);
        };
        self.rows += 1;
        out.extend_from_slice(buf);
        Ok(Some(l))
    }

    /// Whether households come from JSON Lines.
    pub fn is_jsonl(&self) -> bool {
        matches!(self.kind, Kind::Jsonl { .. })
    }
}

/// Reads the next line that is not blank into `buf` (without a leading
/// byte-order mark); its line number, `None` at the end.
/// The header record, with the `--by` column (if any) looked up in it: one
/// reading for the sequential reader and the one that feeds `--jobs`.
fn read_header(
    rec: &crate::csv::Record<'_>,
    ignore_unknown: bool,
    group: Option<&str>,
    name: &str,
) -> Result<Box<Header>, Fatal> {
    let mut h = Header::parse(rec, ignore_unknown)?;
    if let Some(g) = group {
        if !h.group_by(g) {
            return Err(Fatal {
                zh: format!("{name} 的表头中没有 --by 指定的列“{g}”"),
                en: format!("{name} has no column {g:?} (given to --by)"),
            });
        }
    }
    Ok(Box::new(h))
}

fn next_json_line<R: std::io::BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    line: &mut u64,
    bytes: &mut u64,
    name: &str,
) -> Result<Option<u64>, Fatal> {
    loop {
        buf.clear();
        let n = r.read_until(b'\n', buf).map_err(|e| Fatal::io(name, &e))?;
        if n == 0 {
            return Ok(None);
        }
        *bytes += n as u64;
        *line += 1;
        if *line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Ok(Some(*line));
    }
}

/// Fills `item` from JSON Lines line `l`, the text `b`.
pub fn json_item(a: &dibao::Assessor, item: &mut Item, l: u64, b: &[u8]) {
    item.line = l;
    item.errors.clear();
    item.notes.clear();
    let Ok(text) = std::str::from_utf8(b) else {
        item.case_id = None;
        item.recorded = None;
        item.errors.push(RowError {
            code: "invalid_encoding",
            line: l,
            field: String::new(),
            zh: "该行不是有效的 UTF-8 文本（JSON Lines 须为 UTF-8）".into(),
            en: "this line is not valid UTF-8 (JSON Lines must be UTF-8)".into(),
        });
        return;
    };
    match a.read(text) {
        Ok(mut h) => {
            item.case_id = h.case_id.take();
            item.recorded = h.recorded_amount;
            item.household = h;
        }
        Err(errs) => {
            let v = dibao::json::parse(text).ok();
            let get = |k: &str| {
                v.as_ref().and_then(|v| v.get(k)).and_then(|v| match v {
                    dibao::json::Value::String(s) => Some(s.to_string()),
                    dibao::json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
            };
            item.case_id = get("case_id");
            item.recorded = get("recorded_amount").and_then(|s| Money::parse(&s).ok());
            item.errors
                .extend(errs.iter().map(|e| RowError::from_core(e, l, false)));
        }
    }
}

/// What the reader keeps between households read raw (`--jobs`).
#[derive(Default)]
pub struct RawState {
    /// The record that ended the last household and starts the next, when
    /// it was moved out of a full chunk's arena.
    carry: RecordArena,
    /// Whether the arena's last record ended the last household and starts
    /// the next (it was read straight into the arena).
    ahead: bool,
    /// The case id of the household being read.
    case: String,
    /// The case id of the record read past it, when `ahead`.
    next_case: String,
    /// An undecodable record met after a household: delivered next.
    pending: Option<u64>,
}

/// A household read raw, for a worker to build.
pub enum RawHh {
    /// Records `first..end` of the chunk's arena; the first line of every
    /// part of its case id when a first pass found it split.
    Rows {
        first: usize,
        end: usize,
        starts: Option<Vec<u64>>,
    },
    /// A record that could not be decoded: a household of its own.
    Undecodable(u64),
}

/// Builds a household read raw into `item`, as [`Source::next`] does, and
/// flags what a first pass found (split case id, people in two households).
#[allow(clippy::too_many_arguments)]
pub fn build_raw(
    builder: &mut Builder,
    header: &Header,
    enc: Encoding,
    arena: &RecordArena,
    hh: &RawHh,
    item: &mut Item,
    known_dups: Option<&crate::dups::DupIndex>,
) {
    item.carried = header.carried();
    let (first, end, starts) = match hh {
        RawHh::Undecodable(line) => {
            Builder::undecodable(item, *line, enc);
            item.persons.clear();
            return;
        }
        RawHh::Rows { first, end, starts } => (*first, *end, starts),
    };
    {
        let rec = arena.get(first);
        builder.start(header.case_id(&rec), rec.line);
        builder.add(header, &rec);
    }
    for i in first + 1..end {
        let rec = arena.get(i);
        builder.add(header, &rec);
    }
    builder.finish(item);
    if let Some(starts) = starts {
        flag_split(item, &builder.row_lines, starts);
    }
    if let Some(index) = known_dups {
        crate::dups::flag_known(index, item, &builder.persons);
    }
    item.persons.clear();
    item.persons.extend_from_slice(&builder.persons);
}

/// Households whose rows are not together: a case id seen again after
/// another household, which would otherwise be assessed as two smaller
/// households. Found with an index of a few bytes per household.
#[derive(Default)]
pub struct Splits {
    mode: SplitMode,
    /// Split case ids found online, with the first line of each later part.
    found: SplitIndex,
}

/// How split case ids are found.
enum SplitMode {
    /// While reading: a set of 64-bit case-id hashes; a part is flagged when
    /// its id is in the set, so only the later parts are (a stream).
    Online(HashSet<u64, BuildHasherDefault<Prehashed>>),
    /// After reading: each household's (hash, first line) appended, sorted
    /// at the end. Appending is sequential, where a set's random inserts
    /// cost a cache miss each (a third of a batch run at a million
    /// households); for a file that a second pass can read again.
    Deferred(Vec<(u64, u64)>),
    /// From a first pass over the same file: every part of these is flagged.
    Known(SplitIndex),
}

impl Default for SplitMode {
    fn default() -> SplitMode {
        SplitMode::Online(HashSet::default())
    }
}

/// Split case ids (hashed) and the first line of each of their parts.
pub type SplitIndex = HashMap<u64, Vec<u64>, BuildHasherDefault<Prehashed>>;

impl Splits {
    /// Looks at a household just finished (`lines`: its rows' lines) and
    /// flags it when its case id was seen before, or is known to be split.
    fn check(&mut self, item: &mut Item, lines: &[u64]) {
        let Some(id) = item.case_id.as_deref() else {
            return;
        };
        let h = fnv1a(id.as_bytes());
        match &mut self.mode {
            SplitMode::Deferred(list) => list.push((h, item.line)),
            SplitMode::Known(known) => {
                if let Some(starts) = known.get(&h) {
                    flag_split(item, lines, starts);
                }
            }
            SplitMode::Online(seen) => {
                if !seen.insert(h) {
                    self.found.entry(h).or_default().push(item.line);
                    flag_split(item, lines, &[]);
                }
            }
        }
    }

    /// A household read raw (`--jobs`): its case id collected (deferred),
    /// or the parts' first lines when it is known to be split.
    fn raw_check(&mut self, case: &str, first_line: u64) -> Option<Vec<u64>> {
        if case.is_empty() {
            return None;
        }
        let h = fnv1a(case.as_bytes());
        match &mut self.mode {
            SplitMode::Deferred(list) => {
                list.push((h, first_line));
                None
            }
            SplitMode::Known(known) => known.get(&h).cloned(),
            // Not read raw (see `Source::raw_ready`).
            SplitMode::Online(_) => None,
        }
    }

    /// The split case ids found (empty when none).
    fn take(&mut self) -> SplitIndex {
        let SplitMode::Deferred(list) = &mut self.mode else {
            return std::mem::take(&mut self.found);
        };
        list.sort_unstable();
        let mut index = SplitIndex::default();
        for run in list.chunk_by(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                index.insert(run[0].0, run.iter().map(|&(_, line)| line).collect());
            }
        }
        list.clear();
        index
    }
}

/// One error on every row of a household whose case id is split; `starts`
/// lists the first line of every part, or is empty when only the earlier
/// parts are known (a stream read once).
fn flag_split(item: &mut Item, lines: &[u64], starts: &[u64]) {
    let id = item.case_id.as_deref().unwrap_or("");
    let list = |sep: &str| {
        starts
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(sep)
    };
    let (zh_where, en_where) = if starts.is_empty() {
        ("前面已出现过".to_owned(), "appeared earlier".to_owned())
    } else {
        (
            format!("分别从第 {} 行开始", list("、")),
            format!("its parts start at lines {}", list(", ")),
        )
    };
    let zh = format!(
        "户编号“{id}”的各行不相邻（{zh_where}），会被当成几户分别核算；\
         同一户的行须连在一起：请按户编号排序后再核对"
    );
    let en = format!(
        "the rows of case {id} are not together ({en_where}), so it would be \
         assessed as several households; keep a household's rows together: \
         sort by case_id and run again"
    );
    for &l in lines {
        item.errors.push(RowError {
            code: "case_id_not_contiguous",
            line: l,
            field: "case_id".to_owned(),
            zh: zh.clone(),
            en: en.clone(),
        });
    }
}

/// FNV-1a, 64 bits: case ids are short, and the index stores only this.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed here; fold anything else all the same.
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// What one output row says.
pub struct Row<'a> {
    pub case_id: Option<&'a str>,
    pub line: u64,
    pub result: Result<&'a Assessment, &'a [RowError]>,
    pub recorded: Option<Money>,
    /// The reader's own warnings.
    pub notes: &'a [RowError],
    /// Name, 社区, 街道/乡镇, 区县 (written when the input has them).
    pub carry: &'a [String; 4],
}

impl<'a> Row<'a> {
    /// The row of `item`, with its assessment or its errors.
    pub fn of(item: &'a Item, result: Result<&'a Assessment, &'a [RowError]>) -> Row<'a> {
        Row {
            case_id: item.case_id.as_deref(),
            line: item.line,
            result,
            recorded: item.recorded,
            notes: &item.notes,
            carry: &item.carry,
        }
    }
}

/// Output file format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OutputFormat {
    Csv,
    Jsonl,
}

impl OutputFormat {
    pub fn code(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Jsonl => "jsonl",
        }
    }
}

/// The output columns, in order (`--lang en`, no carried columns).
pub const CSV_COLUMNS: &str = "case_id,outcome,monthly_amount,recorded_amount,matches,difference,first_difference,warnings,errors,referrals";

/// The carried columns, English and Chinese names: name, 社区, 街道/乡镇, 区县.
pub const CARRIED: [(&str, &str); 4] = [
    ("name", "姓名"),
    ("community", "社区"),
    ("street", "街道/乡镇"),
    ("county", "区县"),
];

/// The Chinese result columns after 户编号 and the carried ones.
const CSV_COLUMNS_ZH: &str =
    "结果,核算金额,记录金额,是否一致,差额,差异始于,警告,问题,说明,特困转介";

/// How CSV results are encoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OutputEncoding {
    /// UTF-8 with a byte-order mark: what Excel needs to see UTF-8 (default).
    Utf8Bom,
    Utf8,
    Gb18030,
}

impl OutputEncoding {
    pub fn parse(v: &str) -> Option<OutputEncoding> {
        match v.to_ascii_lowercase().as_str() {
            "utf-8-bom" | "utf8-bom" | "utf-8-sig" => Some(OutputEncoding::Utf8Bom),
            "utf-8" | "utf8" => Some(OutputEncoding::Utf8),
            "gb18030" | "gbk" => Some(OutputEncoding::Gb18030),
            _ => None,
        }
    }

    /// The encoding asked for, else UTF-8 with a BOM into a file (for
    /// Excel) and without one onto standard output (for programs).
    pub fn for_path(asked: Option<OutputEncoding>, path: &str) -> OutputEncoding {
        match (asked, path) {
            (Some(e), _) => e,
            (None, "-") => OutputEncoding::Utf8,
            (None, _) => OutputEncoding::Utf8Bom,
        }
    }

    /// Writes `text` in this encoding.
    #[inline]
    pub fn write(self, w: &mut impl Write, text: &[u8]) -> std::io::Result<()> {
        match self {
            OutputEncoding::Gb18030 => write_gb18030(w, text),
            _ => w.write_all(text),
        }
    }

    /// What a file in this encoding starts with.
    pub fn preamble(self) -> &'static [u8] {
        match self {
            OutputEncoding::Utf8Bom => b"\xEF\xBB\xBF",
            _ => b"",
        }
    }
}

/// `text` (UTF-8) written as GB18030.
#[inline(never)]
fn write_gb18030(w: &mut impl Write, text: &[u8]) -> std::io::Result<()> {
    if text.is_ascii() {
        return w.write_all(text);
    }
    let s = String::from_utf8_lossy(text);
    let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
    w.write_all(&bytes)
}

/// An outcome in the words of a caseload (`--lang zh`).
pub fn outcome_zh(code: &str) -> &'static str {
    match code {
        "dibao" => "低保",
        "dibao_individual" => "单人户",
        "gradual_exit" => "渐退期",
        "edge" => "低保边缘",
        "ineligible" => "不符合",
        _ => "无效",
    }
}

/// The step a mismatch starts at, in Chinese.
pub fn step_zh(code: &str) -> &'static str {
    match code {
        "classification" => "是否发放的认定",
        "household_income" => "家庭收入",
        "amount_difference" => "差额计算",
        "per_person_floor" => "人均保底",
        "supplements" => "分类施保",
        "rounding" => "取整",
        _ => "其他",
    }
}

/// Appends a CSV field, quoted when it must be.
pub fn csv_field(out: &mut Vec<u8>, s: &str) {
    if needs_quotes(s.as_bytes()) {
        // Quote, and keep spreadsheets from reading a leading = + - @ as a formula.
        out.push(b'"');
        if s.starts_with(['=', '+', '-', '@']) {
            out.push(b'\'');
        }
        for &b in s.as_bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

/// Whether a CSV field must be quoted: a comma, quote or line break in it,
/// or a leading space or formula sign (= + - @) a spreadsheet would act on.
fn needs_quotes(field: &[u8]) -> bool {
    let special = |b: u8| matches!(b, b',' | b'"' | b'\n' | b'\r');
    // Sixteen bytes at a time without an early exit, which the compiler
    // turns into vector compares: a row's 说明 is a long sentence.
    matches!(field.first(), Some(b' ' | b'=' | b'+' | b'-' | b'@'))
        || field
            .chunks(16)
            .any(|c| c.iter().fold(false, |any, &b| any | special(b)))
}

fn error_text(e: &RowError) -> String {
    let field = if e.field.is_empty() { "-" } else { &e.field };
    format!(
        "[{}] 第{}行 {field}：{} / line {}, {field}: {}",
        e.code, e.line, e.zh, e.line, e.en
    )
}

/// Where the region has no property limits, a household that declared
/// property gets `assets_not_assessed` among its warnings too (issue 18).
/// The engine gives it as a reason, which the batch results do not show: a
/// row with 60,000 元 of deposits and an empty warnings column would read as
/// if its property had been checked. Call before counting the assessment.
pub fn warn_unassessed_property(h: &Household, a: &mut Assessment) {
    const CODE: &str = "assets_not_assessed";
    if h.assets.is_some()
        && a.assets_test == dibao::AssetsTest::NotAssessed
        && !a.warnings.iter().any(|w| w.code == CODE)
    {
        // No sentences, as in summary mode: the results word it by code.
        a.warnings.push(dibao::Note::new(CODE, "", "", ""));
    }
}

/// A warning in a caseworker's words.
pub fn warning_zh(code: &str) -> &str {
    match code {
        "parameters_may_be_outdated" => {
            "核算日期晚于本地区参数最后核实的日期，标准可能已调整，请向当地民政部门核实"
        }
        "gradual_exit_over_national_ceiling" => {
            "所用渐退期长于 2022 年民政部通知规定的原则上 6 个月"
        }
        "applicant_not_counted" => "申请人不计入共同生活的家庭成员（如在服刑），应由计入的成员申请",
        "clergy_years_reading" => {
            "宗教教职人员离家年数介于两份当地文本的规定之间：按所采用的年限认定，按另一文本结果不同"
        }
        "assets_not_assessed" => {
            "财产条件未核定（本工具未收录本地区有来源的财产限额），须由乡镇（街道）按当地规定核查存款、证券、车辆、房屋等财产"
        }
        other => other,
    }
}

/// The sentence that explains a row to a caseworker (`说明`), appended to
/// `out`: its parts joined with `；`, written in place (a batch row has one
/// for each household with a warning, so no part is a string of its own).
pub fn explain_zh(out: &mut String, row: &Row<'_>) {
    use std::fmt::Write as _;
    let mut first = true;
    let mut part = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push('；');
        }
    };
    match row.result {
        Ok(a) => {
            if let Some(v) = a.verification.as_ref().filter(|v| !v.matches) {
                part(out);
                mismatch_zh(out, v);
            }
            for w in &a.warnings {
                part(out);
                // Batch runs assess without sentences: the code's words.
                out.push_str(if w.zh.is_empty() {
                    warning_zh(w.code)
                } else {
                    &w.zh
                });
            }
        }
        Err(e) => {
            part(out);
            let _ = write!(
                out,
                "数据有误，未能核算（共 {} 处问题，见“问题”列）",
                e.len()
            );
        }
    }
    for n in row.notes {
        part(out);
        let _ = write!(out, "第{}行 {}：{}", n.line, n.field, n.zh);
    }
}

/// Where a 说明 is written: a CSV row's bytes (the common sentence, written
/// in place) or [`explain_zh`]'s string.
trait Words {
    fn words(&mut self, s: &str);
    fn amount(&mut self, m: Money);
}

impl Words for Vec<u8> {
    fn words(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
    fn amount(&mut self, m: Money) {
        m.write_ascii(self);
    }
}

impl Words for String {
    fn words(&mut self, s: &str) {
        self.push_str(s);
    }
    fn amount(&mut self, m: Money) {
        m.write_to(self);
    }
}

/// `记录金额比核算金额多 9.00 元；差异始于家庭收入`.
fn mismatch_zh(o: &mut impl Words, v: &dibao::Verification) {
    let d = v.difference;
    if d.is_negative() {
        o.words("记录金额比核算金额少 ");
        o.amount(Money::ZERO.checked_sub(d).unwrap_or(d));
    } else {
        o.words("记录金额比核算金额多 ");
        o.amount(d);
    }
    o.words(" 元");
    if let Some(step) = v.first_difference {
        o.words("；差异始于");
        o.words(step_zh(step));
    }
}

/// How results are written: language, CSV encoding, carried columns.
#[derive(Clone, Copy)]
pub struct SinkOpts {
    pub zh: bool,
    /// Each household's receipt in its row (`--receipts`): two CSV columns,
    /// a `receipt` object in JSON Lines.
    pub receipts: bool,
    pub encoding: OutputEncoding,
}

/// Writes result rows.
pub struct Sink<W: Write> {
    w: W,
    format: OutputFormat,
    opts: SinkOpts,
    /// Which carried columns are written (known once the input's header is read).
    carried: [bool; 4],
    header_written: bool,
    /// A JSON line.
    buf: String,
    /// A CSV row.
    row: Vec<u8>,
    /// A row's `说明`, before it is quoted.
    text: String,
}

impl<W: Write> Sink<W> {
    pub fn new(w: W, format: OutputFormat, opts: SinkOpts) -> std::io::Result<Sink<W>> {
        Ok(Sink {
            w,
            format,
            opts,
            carried: [false; 4],
            header_written: false,
            buf: String::with_capacity(512),
            row: Vec::with_capacity(512),
            text: String::new(),
        })
    }

    /// The carried columns the input has; before the first row.
    pub fn carry(&mut self, carried: [bool; 4]) {
        self.carried = carried;
    }

    fn header(&mut self) -> std::io::Result<()> {
        self.header_written = true;
        if self.format != OutputFormat::Csv {
            return Ok(());
        }
        let enc = self.opts.encoding;
        self.w.write_all(enc.preamble())?;
        let mut h = String::from(if self.opts.zh { "户编号" } else { "case_id" });
        for (i, (en, zh)) in CARRIED.iter().enumerate() {
            if self.carried[i] {
                h.push(',');
                h.push_str(if self.opts.zh { zh } else { en });
            }
        }
        h.push(',');
        if self.opts.zh {
            h.push_str(CSV_COLUMNS_ZH);
        } else {
            h.push_str(&CSV_COLUMNS["case_id,".len()..]);
        }
        if self.opts.receipts {
            h.push_str(if self.opts.zh {
                ",参数哈希,输入哈希"
            } else {
                ",parameters_sha256,input_sha256"
            });
        }
        h.push('\n');
        enc.write(&mut self.w, h.as_bytes())
    }

    pub fn write(&mut self, row: &Row<'_>) -> std::io::Result<()> {
        use std::fmt::Write as _;
        if !self.header_written {
            self.header()?;
        }
        let zh = self.opts.zh;
        let (outcome, amount, verification, warnings, errors) = match row.result {
            Ok(a) => (
                a.outcome.code(),
                Some(a.monthly_amount),
                a.verification.as_ref(),
                &a.warnings[..],
                &[][..],
            ),
            Err(e) => ("invalid", None, None, &[][..], e),
        };
        let referrals = row.result.as_ref().map_or(&[][..], |a| &a.referrals[..]);
        let receipt = match row.result {
            Ok(a) if self.opts.receipts => a.receipt.as_ref(),
            _ => None,
        };
        let recorded = verification.map(|v| v.recorded_amount).or(row.recorded);
        match self.format {
            OutputFormat::Csv => {
                let o = &mut self.row;
                o.clear();
                csv_field(o, row.case_id.unwrap_or(""));
                for (i, v) in row.carry.iter().enumerate() {
                    if self.carried[i] {
                        o.push(b',');
                        csv_field(o, v);
                    }
                }
                o.push(b',');
                o.extend_from_slice(if zh { outcome_zh(outcome) } else { outcome }.as_bytes());
                o.push(b',');
                if let Some(m) = amount {
                    m.write_ascii(o);
                }
                o.push(b',');
                if let Some(m) = recorded {
                    m.write_ascii(o);
                }
                o.push(b',');
                if let Some(v) = verification {
                    let yes_no: &[u8] = match (zh, v.matches) {
                        (false, true) => b"true,",
                        (false, false) => b"false,",
                        (true, true) => "是,".as_bytes(),
                        (true, false) => "否,".as_bytes(),
                    };
                    o.extend_from_slice(yes_no);
                    v.difference.write_ascii(o);
                    o.push(b',');
                    let step = v.first_difference.unwrap_or("");
                    let step = if zh && !step.is_empty() {
                        step_zh(step)
                    } else {
                        step
                    };
                    o.extend_from_slice(step.as_bytes());
                } else {
                    o.extend_from_slice(b",,");
                }
                o.push(b',');
                let codes = warnings
                    .iter()
                    .map(|w| w.code)
                    .chain(row.notes.iter().map(|n| n.code));
                for (i, c) in codes.enumerate() {
                    if i > 0 {
                        o.push(b';');
                    }
                    o.extend_from_slice(c.as_bytes());
                }
                o.push(b',');
                if !errors.is_empty() {
                    let text: Vec<String> = errors.iter().map(error_text).collect();
                    csv_field(o, &text.join(" | "));
                }
                if zh {
                    o.push(b',');
                    let plain = errors.is_empty() && row.notes.is_empty() && warnings.is_empty();
                    match verification {
                        // The common sentence, written in place (no quotes
                        // needed: no comma, quote or line break in it).
                        Some(v) if plain && !v.matches => mismatch_zh(o, v),
                        _ if plain => {}
                        _ => {
                            self.text.clear();
                            explain_zh(&mut self.text, row);
                            csv_field(o, &self.text);
                        }
                    }
                }
                o.push(b',');
                referrals_csv(o, referrals, zh);
                if self.opts.receipts {
                    // Empty for an invalid household: nothing was assessed.
                    o.push(b',');
                    if let Some(r) = receipt {
                        o.extend_from_slice(r.parameters_sha256.as_bytes());
                        o.push(b',');
                        o.extend_from_slice(r.input_sha256.as_bytes());
                    } else {
                        o.push(b',');
                    }
                }
                o.push(b'\n');
                self.opts.encoding.write(&mut self.w, o)
            }
            OutputFormat::Jsonl => {
                let o = &mut self.buf;
                o.clear();
                let json_str = |o: &mut String, s: &str| dibao::json::write_str(o, s);
                o.push_str("{\"case_id\":");
                match row.case_id {
                    Some(id) => json_str(o, id),
                    None => o.push_str("null"),
                }
                let _ = write!(o, ",\"line\":{},\"outcome\":\"{outcome}\"", row.line);
                let money = |o: &mut String, k: &str, m: Option<Money>| match m {
                    Some(m) => {
                        let _ = write!(o, ",\"{k}\":\"{m}\"");
                    }
                    None => {
                        let _ = write!(o, ",\"{k}\":null");
                    }
                };
                money(o, "monthly_amount", amount);
                money(o, "recorded_amount", recorded);
                match verification {
                    Some(v) => {
                        let _ = write!(
                            o,
                            ",\"matches\":{},\"difference\":\"{}\",\"first_difference\":",
                            v.matches, v.difference
                        );
                        match v.first_difference {
                            Some(s) => json_str(o, s),
                            None => o.push_str("null"),
                        }
                    }
                    None => o.push_str(
                        ",\"matches\":null,\"difference\":null,\"first_difference\":null",
                    ),
                }
                o.push_str(",\"warnings\":[");
                let codes = warnings
                    .iter()
                    .map(|w| w.code)
                    .chain(row.notes.iter().map(|n| n.code));
                for (i, c) in codes.enumerate() {
                    if i > 0 {
                        o.push(',');
                    }
                    json_str(o, c);
                }
                o.push_str("],\"errors\":[");
                for (i, e) in errors.iter().enumerate() {
                    if i > 0 {
                        o.push(',');
                    }
                    o.push_str("{\"code\":");
                    json_str(o, e.code);
                    let _ = write!(o, ",\"line\":{},\"field\":", e.line);
                    json_str(o, &e.field);
                    o.push_str(",\"zh\":");
                    json_str(o, &e.zh);
                    o.push_str(",\"en\":");
                    json_str(o, &e.en);
                    o.push('}');
                }
                o.push_str("],\"referrals\":[");
                for (i, r) in referrals.iter().enumerate() {
                    if i > 0 {
                        o.push(',');
                    }
                    o.push_str("{\"member\":");
                    json_str(o, &r.member);
                    o.push_str(",\"code\":");
                    json_str(o, r.note.code);
                    o.push('}');
                }
                o.push(']');
                if self.opts.receipts {
                    match receipt {
                        Some(r) => {
                            let _ = write!(
                                o,
                                ",\"receipt\":{{\"engine\":\"{}\",\"parameters_sha256\":\"{}\",\"input_sha256\":\"{}\"}}",
                                r.engine, r.parameters_sha256, r.input_sha256
                            );
                        }
                        None => o.push_str(",\"receipt\":null"),
                    }
                }
                // Keys added for caseworkers: only when there is something to say.
                for (i, (key, _)) in CARRIED.iter().enumerate() {
                    if self.carried[i] {
                        let _ = write!(o, ",\"{key}\":");
                        json_str(o, &row.carry[i]);
                    }
                }
                if verification.is_some_and(|v| !v.matches) || !row.notes.is_empty() {
                    o.push_str(",\"explanation_zh\":");
                    self.text.clear();
                    explain_zh(&mut self.text, row);
                    json_str(o, &self.text);
                }
                o.push_str("}\n");
                self.w.write_all(o.as_bytes())
            }
        }
    }

    /// Writes rows another sink formatted (`--jobs`: a worker's), after
    /// the header if it is not written yet.
    pub fn write_raw(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if !self.header_written {
            self.header()?;
        }
        self.w.write_all(bytes)
    }

    /// Writes rows only: the header is another sink's (`--jobs`).
    pub fn headless(&mut self) {
        self.header_written = true;
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        if !self.header_written {
            self.header()?;
        }
        self.w.flush()?;
        Ok(self.w)
    }
}

impl Sink<Vec<u8>> {
    /// The rows formatted so far (a worker's, under `--jobs`).
    pub fn buffer(&mut self) -> &mut Vec<u8> {
        &mut self.w
    }
}

/// The 特困 referrals in one CSV field: `A:tekun;B:tekun`, in Chinese
/// `A：可能符合特困；B：…`.
fn referrals_csv(o: &mut Vec<u8>, referrals: &[dibao::Referral], zh: bool) {
    // Written in place (a fresh string per row cost 2% of a batch,
    // callgrind); only a field that needs quoting (an id with a comma,
    // quote or formula sign) is taken back out and quoted.
    let start = o.len();
    for (i, r) in referrals.iter().enumerate() {
        if i > 0 {
            o.extend_from_slice(if zh { "；" } else { ";" }.as_bytes());
        }
        o.extend_from_slice(r.member.as_bytes());
        o.extend_from_slice(if zh { "：可能符合特困" } else { ":" }.as_bytes());
        if !zh {
            o.extend_from_slice(r.note.code.as_bytes());
        }
    }
    if needs_quotes(&o[start..]) {
        let text = o.split_off(start);
        // Built from UTF-8 strings only.
        csv_field(o, std::str::from_utf8(&text).unwrap_or_default());
    }
}

/// Peak resident memory of this process, in KiB (Linux; `None` elsewhere).
pub fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A progress line on stderr, only when stderr is a terminal.
pub struct Progress {
    enabled: bool,
    total: Option<u64>,
    start: std::time::Instant,
    last: std::time::Instant,
    drawn: bool,
}

impl Progress {
    pub fn new(enabled: bool, total: Option<u64>) -> Progress {
        use std::io::IsTerminal;
        let now = std::time::Instant::now();
        Progress {
            enabled: enabled && std::io::stderr().is_terminal(),
            total,
            start: now,
            last: now,
            drawn: false,
        }
    }

    /// Call often; redraws at most five times a second.
    #[inline]
    pub fn tick(&mut self, households: u64, bytes: u64) {
        if !self.enabled || households % 1024 != 0 {
            return;
        }
        let now = std::time::Instant::now();
        if now.duration_since(self.last).as_millis() < 200 {
            return;
        }
        self.last = now;
        self.draw(households, bytes);
    }

    fn draw(&mut self, households: u64, bytes: u64) {
        let secs = self.start.elapsed().as_secs_f64().max(1e-9);
        let rate = households as f64 / secs;
        let bar = match self.total {
            Some(t) if t > 0 => {
                let frac = (bytes as f64 / t as f64).min(1.0);
                let filled = (frac * 30.0) as usize;
                format!(
                    "[{}{}] {:>3}% ",
                    "█".repeat(filled),
                    "░".repeat(30 - filled),
                    (frac * 100.0) as u32
                )
            }
            _ => String::new(),
        };
        eprint!("\r{bar}{households} 户 households  {rate:.0}/s   ");
        self.drawn = true;
    }

    pub fn done(&mut self) {
        if self.drawn {
            eprint!("\r{}\r", " ".repeat(72));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row `batch` writes for `item` (JSON Lines, English), appended to
    /// `out`; the persons found, for people in two households.
    fn write_row(a: &mut dibao::Assessor, item: &Item, out: &mut Vec<u8>) {
        let opts = SinkOpts {
            zh: false,
            receipts: false,
            encoding: OutputEncoding::Utf8,
        };
        let mut sink = Sink::new(Vec::new(), OutputFormat::Jsonl, opts).unwrap();
        let mut assessment = dibao::Assessment::default();
        let core_errors: Vec<RowError>;
        let result = match item.result() {
            Ok(h) => match a.assess_into(h, &mut assessment) {
                Ok(()) => Ok(&assessment),
                Err(errs) => {
                    core_errors = errs
                        .iter()
                        .map(|e| RowError::from_core(e, item.line, true))
                        .collect();
                    Err(&core_errors[..])
                }
            },
            Err(errs) => Err(errs),
        };
        let row = Row::of(item, result);
        sink.write(&row).unwrap();
        out.extend_from_slice(sink.buffer());
        for p in &item.persons {
            out.extend_from_slice(&p.0.to_le_bytes());
            out.extend_from_slice(&p.1.to_le_bytes());
        }
    }

    /// One pass over `data` as `batch` makes it: a first one (split case ids
    /// collected) or, with `known`, the second (they are flagged). `per`:
    /// `--jobs`' path, households cut by `next_raw` into arenas of `per`
    /// households (the record past a full one moved on) and built by
    /// `build_raw`; `None`: in turn, `--jobs 1`. The rows, whether the file
    /// was refused (then no rows: `batch` writes nothing), and the case ids
    /// found split.
    fn one_pass(
        data: &[u8],
        per: Option<usize>,
        known: Option<SplitIndex>,
    ) -> (Vec<u8>, bool, SplitIndex) {
        let mut a = dibao::Assessor::new().with_trace(false).with_detail(false);
        let src = Source::new(data, InputFormat::Csv, Encoding::Auto, false, "t.csv");
        let mut src = match known {
            Some(k) => src.with_known_splits(k).with_known_dups(Default::default()),
            None => src.deferring_splits().deferring_dups(),
        };
        let mut out = Vec::new();
        let Some(per) = per else {
            let reader = a.clone();
            loop {
                match src.next(&reader) {
                    Ok(Some(item)) => write_row(&mut a, item, &mut out),
                    Ok(None) => return (out, false, src.take_splits()),
                    Err(_) => return (Vec::new(), true, src.take_splits()),
                }
            }
        };
        assert!(src.raw_ready());
        let known_dups = src.take_known_dups();
        let (mut arena, mut hhs) = (RecordArena::default(), Vec::new());
        let mut builder = Builder::default();
        loop {
            arena.clear();
            hhs.clear();
            for _ in 0..per {
                match src.next_raw(&mut arena, &mut hhs) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(_) => return (Vec::new(), true, src.take_splits()),
                }
            }
            src.detach_ahead(&mut arena);
            if hhs.is_empty() {
                return (out, false, src.take_splits());
            }
            let header = src.csv_header().expect("households after a header");
            for hh in &hhs {
                let mut item = Item::default();
                let enc = src.csv_encoding();
                build_raw(
                    &mut builder,
                    header,
                    enc,
                    &arena,
                    hh,
                    &mut item,
                    known_dups.as_ref(),
                );
                write_row(&mut a, &item, &mut out);
            }
        }
    }

    #[test]
    fn households_read_for_every_core_are_those_read_in_turn() {
        // Lines of every kind a caseload holds, in random orders: case ids
        // that change, repeat and go blank (merged cells), blank lines,
        // quotes with commas and line breaks, CRLF, extra fields, bad
        // amounts, lines that are not UTF-8, a GB18030 line, a quote left
        // open. A splitmix64 sequence, so a failure repeats.
        let pieces: [&[u8]; 14] = [
            b"A,2024-06-01,1000,1,self,40,100\n",
            b"B,2024-06-01,1000,1,self,30,\n",
            b",,,2,child,10,\n",
            b"A,2024-06-01,1000,3,spouse,38,50\r\n",
            b"\n",
            b"  \n",
            b"\"C\",2024-06-01,1000,1,self,30,\"1,000\"\n",
            b"C,2024-06-01,1000,2,\"child\nx\",5,\n",
            b"D,2024-06-01,1000,1,self,30,abc\n",
            b"\xff\xfe,bad\n",
            b"E,2024-06-01,1000,1,self,30,1,2,3\n",
            b"F,2024-06-01,1000,1,self,30,\xd6\xd0\n",
            b"G,2024-06-01,1000,1,self,61,\n",
            b"H,2024-06-01,1000,1,\"self,30,\n",
        ];
        let mut state: u64 = 7;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let (mut refused, mut split) = (0, 0);
        for case in 0..400 {
            let mut data = b"case_id,date,standard,member_id,relation,age,wage\n".to_vec();
            let lines = next() % 24;
            for _ in 0..lines {
                // The open quote rarely, so that most files are read through.
                let k = (next() % (pieces.len() as u64 * 4)) as usize;
                let piece = if k < pieces.len() * 4 - 1 {
                    pieces[k % (pieces.len() - 1)]
                } else {
                    pieces[pieces.len() - 1]
                };
                data.extend_from_slice(piece);
            }
            let in_turn = one_pass(&data, None, None);
            refused += usize::from(in_turn.1);
            let second = !in_turn.1 && !in_turn.2.is_empty();
            split += usize::from(second);
            let in_turn_again = second.then(|| one_pass(&data, None, Some(in_turn.2.clone())));
            for per in [1, 2, 3, 7] {
                let raw = one_pass(&data, Some(per), None);
                let again = second.then(|| one_pass(&data, Some(per), Some(raw.2.clone())));
                for (raw, in_turn) in [(Some(raw), Some(&in_turn)), (again, in_turn_again.as_ref())]
                {
                    let (Some(raw), Some(in_turn)) = (raw, in_turn) else {
                        continue;
                    };
                    assert!(
                        raw == *in_turn,
                        "case {case}, {per} households a chunk, input {:?}:\n{}\n---\n{}",
                        String::from_utf8_lossy(&data),
                        String::from_utf8_lossy(&raw.0),
                        String::from_utf8_lossy(&in_turn.0),
                    );
                }
            }
        }
        // Every kind of file was seen: refused, read in one pass, in two.
        assert!(
            refused > 0 && refused + split < 400,
            "{refused} refused, {split} split"
        );
        assert!(split > 0, "no split case ids");
    }

    #[test]
    fn a_field_is_quoted_for_a_special_byte_anywhere() {
        // Every length around the 16-byte chunks, with each special byte at
        // every position, and none.
        for len in 1..=40 {
            let plain = "说".repeat(len / 3) + &"a".repeat(len % 3 + 1);
            assert!(!needs_quotes(plain.as_bytes()), "{plain}");
            for special in [b',', b'"', b'\n', b'\r'] {
                for at in 0..plain.len() {
                    let mut bytes = plain.clone().into_bytes();
                    bytes.insert(at, special);
                    assert!(needs_quotes(&bytes), "{special} at {at} of {len}");
                }
            }
        }
        let mut out = Vec::new();
        csv_field(&mut out, "=1,\"x\"");
        assert_eq!(out, b"\"'=1,\"\"x\"\"\"");
    }
}

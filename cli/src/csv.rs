//! The caseload CSV (docs/batch.md): one row per member, consecutive rows
//! with the same `case_id` form one household. Read as UTF-8 (with or without
//! a BOM) or GB18030 (what Chinese Excel writes), line by line, in constant
//! memory; every problem names the line and the column, in Chinese and English.

use std::io::BufRead;

use dibao::{
    Age, Assets, Current, Date, Deduction, DeductionKind, Disability, DisabilityKind, Income,
    IncomeKind, Member, Money, MoneyError, Obligor, Period, Policy, Relation, Rounding, Sex,
    Status, Vehicle, VehicleKind,
};

use dibao::limits::{self, Range};

use crate::rows::{Item, RowError};

/// How the input bytes are decoded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    /// UTF-8 where a line is valid UTF-8, GB18030 otherwise.
    Auto,
    /// UTF-8 only: other lines are errors.
    Utf8,
    /// GB18030 only.
    Gb18030,
}

impl Encoding {
    pub fn parse(s: &str) -> Option<Encoding> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Some(Encoding::Auto),
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(Encoding::Gb18030),
            _ => None,
        }
    }
}

/// Reads physical lines, joins quoted fields that span lines, decodes and
/// splits them into fields.
pub struct CsvReader<R> {
    r: R,
    enc: Encoding,
    raw: Vec<u8>,
    decoded: String,
    unquoted: String,
    fields: Fields,
    /// 1-based number of the next record: the spreadsheet's row number (a
    /// quoted cell with line breaks is one row; blank lines count).
    next_line: u64,
    /// Physical lines read beyond one per record (line breaks inside
    /// quoted cells): a record's first physical line is its row plus this.
    extra_lines: u64,
    /// Bytes consumed so far (for the progress bar).
    pub bytes: u64,
    first: bool,
    /// Length of the record last handed out straight from the reader's
    /// buffer, consumed when the next one is asked for.
    in_place: usize,
}

/// One record: its first line, its fields.
pub struct Record<'a> {
    pub line: u64,
    text: &'a str,
    /// The non-empty fields (a slice, so that a copied record can lend its
    /// own without copying them again).
    fields: &'a [Field],
    /// All fields, empty ones included.
    count: usize,
}

/// A non-empty field of a record: its column and its bytes in the text.
#[derive(Clone, Copy)]
pub struct Field {
    pub col: usize,
    start: usize,
    end: usize,
}

/// The fields of a record. Only the non-empty ones are kept: rows exported
/// from caseload systems are mostly empty cells, and the builder then looks
/// at the few that say something.
#[derive(Default)]
pub struct Fields {
    list: Vec<Field>,
    /// All fields, empty ones included.
    count: usize,
}

impl Fields {
    fn clear(&mut self) {
        self.list.clear();
        self.count = 0;
    }

    /// The next field is `text[start..end]`: kept, without the ASCII
    /// whitespace around it, when something is left.
    #[inline]
    fn push(&mut self, text: &[u8], start: usize, end: usize) {
        let (start, end) = trim(text, start, end);
        if end > start {
            self.list.push(Field {
                col: self.count,
                start,
                end,
            });
        }
        self.count += 1;
    }
}

/// `text[start..end]` without ASCII whitespace at either end (as
/// `trim_ascii`; whitespace bytes are never inside a UTF-8 sequence).
#[inline]
fn trim(text: &[u8], mut start: usize, mut end: usize) -> (usize, usize) {
    // Nearly always: no whitespace (every byte above the space is not).
    if start < end && text[start] > b' ' && text[end - 1] > b' ' {
        return (start, end);
    }
    while start < end && text[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && text[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    (start, end)
}

impl<'a> Record<'a> {
    /// The number of fields, empty ones included.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Field `i`, trimmed; `""` when empty or absent.
    pub fn get(&self, i: usize) -> &'a str {
        for f in self.fields {
            if f.col >= i {
                return if f.col == i { self.value(f) } else { "" };
            }
        }
        ""
    }

    /// The non-empty fields, in column order.
    pub fn fields(&self) -> &'a [Field] {
        self.fields
    }

    /// A field's text (trimmed, not empty).
    pub fn value(&self, f: &Field) -> &'a str {
        &self.text[f.start..f.end]
    }

    pub fn is_blank(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Records copied out of the reader (`--jobs`: built into households by a
/// worker): their texts and fields end to end, no allocation per record
/// once warm.
#[derive(Default)]
pub struct RecordArena {
    text: String,
    /// The records' fields end to end (`count`: the record being split's).
    fields: Fields,
    /// (line, text start, text end, first field, end of fields, field count).
    recs: Vec<(u64, usize, usize, usize, usize, usize)>,
}

impl RecordArena {
    pub fn clear(&mut self) {
        self.text.clear();
        self.fields.clear();
        self.recs.clear();
    }

    /// Drops the last record.
    pub fn pop(&mut self) {
        if let Some((_, ts, _, fs, _, _)) = self.recs.pop() {
            self.text.truncate(ts);
            self.fields.list.truncate(fs);
        }
    }

    pub fn len(&self) -> usize {
        self.recs.len()
    }

    /// Whether no record is held.
    pub fn is_empty(&self) -> bool {
        self.recs.is_empty()
    }

    pub fn push(&mut self, rec: &Record<'_>) {
        let (ts, fs) = (self.text.len(), self.fields.list.len());
        self.text.push_str(rec.text);
        self.fields.list.extend_from_slice(rec.fields);
        let (te, fe) = (self.text.len(), self.fields.list.len());
        self.recs.push((rec.line, ts, te, fs, fe, rec.count));
    }

    /// A record whose fields were split into `self.fields` from
    /// `fields_start` on (their count in `self.fields.count`), with `text`.
    fn push_split(&mut self, line: u64, text: &str, fields_start: usize) {
        let ts = self.text.len();
        self.text.push_str(text);
        let (te, fe) = (self.text.len(), self.fields.list.len());
        self.recs
            .push((line, ts, te, fields_start, fe, self.fields.count));
    }

    /// The last record.
    pub fn last(&self) -> Option<Record<'_>> {
        self.recs.len().checked_sub(1).map(|i| self.get(i))
    }

    /// The line of record `i`.
    pub fn line(&self, i: usize) -> u64 {
        self.recs[i].0
    }

    /// Record `i`.
    pub fn get(&self, i: usize) -> Record<'_> {
        let (line, ts, te, fs, fe, count) = self.recs[i];
        Record {
            line,
            text: &self.text[ts..te],
            fields: &self.fields.list[fs..fe],
            count,
        }
    }
}

/// The longest record read: one member's row is a few hundred bytes, so a
/// record this long is a quote left open (or not a caseload at all), and the
/// reader stops there instead of swallowing the rest of the file.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// Why a record could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The record is in neither accepted encoding: an invalid row, the run goes on.
    Undecodable { line: u64 },
    /// A quote opened on physical `line` (in the record of spreadsheet row
    /// `row`) is never closed (before the end of the file, or within
    /// [`MAX_RECORD_BYTES`]): the file cannot be split into rows.
    UnclosedQuote { row: u64, line: u64 },
    /// A line longer than [`MAX_RECORD_BYTES`] with no quote open.
    TooLong { line: u64 },
    /// Reading failed.
    Io(std::io::Error),
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// How many `"` bytes a stretch of a record holds.
fn quotes(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'"').count()
}

/// A buffered reader whose buffered bytes can be looked at again without
/// reading or changing them: what [`CsvReader`] needs to hand out, as text,
/// a line it checked where it lies in the buffer.
///
/// Sealed: the `unsafe` in [`CsvReader::next_record`] rests on `buffered`
/// returning the very bytes `fill_buf` returned, so only the two readers
/// below, whose methods are known to, may implement it.
pub trait Buffered: BufRead + sealed::Sealed {
    /// The bytes `fill_buf` returned last and that are not consumed yet.
    fn buffered(&self) -> &[u8];
}

mod sealed {
    /// Implemented here only: no other crate can implement [`super::Buffered`].
    pub trait Sealed {}
    impl<R: std::io::Read> Sealed for std::io::BufReader<R> {}
    impl Sealed for &[u8] {}
}

/// `BufReader::buffer` is documented as the buffered bytes not yet
/// consumed, exactly what `fill_buf` returns when it has some.
impl<R: std::io::Read> Buffered for std::io::BufReader<R> {
    fn buffered(&self) -> &[u8] {
        self.buffer()
    }
}

/// A slice's `fill_buf` returns the slice itself.
impl Buffered for &[u8] {
    fn buffered(&self) -> &[u8] {
        self
    }
}

impl<R: Buffered> CsvReader<R> {
    pub fn new(r: R, enc: Encoding) -> CsvReader<R> {
        CsvReader {
            r,
            enc,
            raw: Vec::with_capacity(1024),
            decoded: String::new(),
            unquoted: String::new(),
            fields: Fields::default(),
            next_line: 1,
            extra_lines: 0,
            bytes: 0,
            first: true,
            in_place: 0,
        }
    }

    /// Appends the next physical line to `raw`, reading no further than
    /// `limit` bytes into it; `false` at the end of the input.
    fn read_line(&mut self, limit: usize) -> std::io::Result<bool> {
        let room = limit.saturating_sub(self.raw.len()) as u64 + 1;
        let n = std::io::Read::take(&mut self.r, room).read_until(b'\n', &mut self.raw)?;
        self.bytes += n as u64;
        Ok(n > 0)
    }

    /// Reads the record starting on `line` into `raw`: one line, or more
    /// while a quoted field holds line breaks. `None` at the end of the
    /// input, else whether the record has quotes at all.
    ///
    /// Bytes are looked at once (the quotes of each new line are counted on
    /// their own), so the work stays linear whatever the quotes do.
    fn read_raw_record(&mut self, line: u64) -> Result<Option<bool>, ReadError> {
        if !self.read_line(MAX_RECORD_BYTES)? {
            return Ok(None);
        }
        self.next_line = line + 1;
        let first_physical = line + self.extra_lines;
        let mut count = quotes(&self.raw);
        let mut open_since = first_physical;
        let mut this_line = first_physical;
        while count % 2 == 1 {
            let unclosed = ReadError::UnclosedQuote {
                row: line,
                line: open_since,
            };
            if self.raw.len() > MAX_RECORD_BYTES || !self.raw.ends_with(b"\n") {
                return Err(unclosed);
            }
            let before = self.raw.len();
            this_line += 1;
            self.extra_lines += 1;
            if !self.read_line(MAX_RECORD_BYTES)? {
                return Err(unclosed);
            }
            let new = quotes(&self.raw[before..]);
            // An even number closes the open quote and opens another on
            // this line (`…", "…`), or touches none; an odd one closes it.
            if new > 0 && new % 2 == 0 {
                open_since = this_line;
            }
            count += new;
        }
        if self.raw.len() > MAX_RECORD_BYTES {
            return Err(ReadError::TooLong { line });
        }
        Ok(Some(count > 0))
    }

    /// The next record, `Ok(None)` at the end.
    ///
    /// Quotes are followed line by line, each line's bytes counted once, so
    /// a stray quote costs no more than reading on: the record then ends at
    /// [`MAX_RECORD_BYTES`] or at the end of the file with
    /// [`ReadError::UnclosedQuote`], naming the line where the quote opened.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        self.r.consume(std::mem::take(&mut self.in_place));
        let line = self.next_line;
        self.fields.clear();
        if !self.first {
            if let Some(split) = plain_split(&mut self.r, self.enc, &mut self.fields)? {
                self.advance(split);
                return Ok(Some(Record {
                    line,
                    text: plain_text(&self.r, split),
                    fields: &self.fields.list,
                    count: self.fields.count,
                }));
            }
        }
        self.general_record(line)
    }

    /// The next record, also appended to `arena` (`--jobs`: the records a
    /// worker builds households from); `None` at the end. A plain line's
    /// fields are split straight into the arena's and its text copied once:
    /// going through [`CsvReader::next_record`] and [`RecordArena::push`]
    /// copied the fields again (docs/batch-status.md).
    pub fn next_record_into<'s>(
        &'s mut self,
        arena: &'s mut RecordArena,
    ) -> Result<Option<Record<'s>>, ReadError> {
        self.r.consume(std::mem::take(&mut self.in_place));
        let line = self.next_line;
        if !self.first {
            let fields_start = arena.fields.list.len();
            arena.fields.count = 0;
            if let Some(split) = plain_split(&mut self.r, self.enc, &mut arena.fields)? {
                self.advance(split);
                let text = plain_text(&self.r, split);
                arena.push_split(line, text, fields_start);
                return Ok(Some(Record {
                    line,
                    text,
                    fields: &arena.fields.list[fields_start..],
                    count: arena.fields.count,
                }));
            }
            // Fields left by a line that went the general way (harmless past
            // the arena's records, but kept out of it).
            arena.fields.list.truncate(fields_start);
        }
        let rec = self.general_record(line)?;
        if let Some(rec) = &rec {
            arena.push(rec);
        }
        Ok(rec)
    }

    /// Past a line [`plain_split`] split where it lies: it is consumed at the
    /// next read (its text is still lent out until then).
    fn advance(&mut self, split: InPlace) {
        self.in_place = split.len;
        self.bytes += split.len as u64;
        self.next_line += 1;
    }

    /// The record starting on `line` the general way: the first line with
    /// its byte-order mark, quotes, other encodings, a line across the
    /// buffer's end or too long.
    fn general_record(&mut self, line: u64) -> Result<Option<Record<'_>>, ReadError> {
        self.raw.clear();
        let quoted = match self.read_raw_record(line)? {
            Some(quoted) => quoted,
            None => return Ok(None),
        };
        let mut start = 0;
        if self.first {
            self.first = false;
            if self.raw.starts_with(b"\xEF\xBB\xBF") {
                start = 3;
            } else if self.raw.starts_with(b"\x84\x31\x95\x33") {
                start = 4;
            }
        }
        let bytes = trim_line_end(&self.raw[start..]);
        let text: &str = match (self.enc, std::str::from_utf8(bytes)) {
            (Encoding::Auto | Encoding::Utf8, Ok(s)) => s,
            (Encoding::Gb18030, Ok(s)) if s.is_ascii() => s,
            (Encoding::Utf8, Err(_)) => return Err(ReadError::Undecodable { line }),
            _ => {
                let (cow, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
                if had_errors {
                    return Err(ReadError::Undecodable { line });
                }
                self.decoded.clear();
                self.decoded.push_str(&cow);
                &self.decoded
            }
        };
        self.fields.clear();
        let text = if !quoted {
            let mut a = 0;
            for (i, &b) in text.as_bytes().iter().enumerate() {
                if b == b',' {
                    self.fields.push(text.as_bytes(), a, i);
                    a = i + 1;
                }
            }
            self.fields.push(text.as_bytes(), a, text.len());
            text
        } else {
            self.unquoted.clear();
            let mut quoted = false;
            let mut a = 0;
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', false) => quoted = true,
                    ('"', true) if chars.peek() == Some(&'"') => {
                        chars.next();
                        self.unquoted.push('"');
                    }
                    ('"', true) => quoted = false,
                    (',', false) => {
                        self.fields
                            .push(self.unquoted.as_bytes(), a, self.unquoted.len());
                        a = self.unquoted.len();
                    }
                    (c, _) => self.unquoted.push(c),
                }
            }
            self.fields
                .push(self.unquoted.as_bytes(), a, self.unquoted.len());
            &self.unquoted
        };
        Ok(Some(Record {
            line,
            text,
            fields: &self.fields.list,
            count: self.fields.count,
        }))
    }
}

/// The common record, a plain line inside the reader's buffer, split where
/// it lies into `fields` in one pass: where its text ends and its length with
/// the line break (to consume once it is used), for [`plain_text`]. `None`
/// (`fields` unspecified) sends the record the general way: quotes, a line
/// across the buffer's end, a line too long, or one that is not UTF-8 (to
/// GB18030 or to its error).
#[inline]
fn plain_split<R: Buffered>(
    r: &mut R,
    enc: Encoding,
    fields: &mut Fields,
) -> std::io::Result<Option<InPlace>> {
    let buf = r.fill_buf()?;
    let Some(split) =
        split_line_in_place(buf, fields).filter(|split| split.len <= MAX_RECORD_BYTES)
    else {
        return Ok(None);
    };
    // Chinese cells are split where they lie like ASCII ones (the general
    // way costs about 2,200 instructions a row, docs/batch-status.md), once
    // the line is checked to be UTF-8.
    let utf8 = split.ascii
        || matches!(enc, Encoding::Auto | Encoding::Utf8)
            && std::str::from_utf8(&r.buffered()[..split.end]).is_ok();
    Ok(utf8.then_some(split))
}

/// The text of the line [`plain_split`] just split, nothing having been read
/// from `r` since.
fn plain_text<R: Buffered>(r: &R, split: InPlace) -> &str {
    // The same bytes again: nothing touched the reader since.
    let bytes = &r.buffered()[..split.end];
    debug_assert!(std::str::from_utf8(bytes).is_ok());
    debug_assert!(!split.ascii || bytes.is_ascii());
    // SAFETY: `from_utf8_unchecked` needs UTF-8, and `bytes` is:
    // 1. either ASCII: `split_line_in_place(buf, …)` in `plain_split` says
    //    `ascii` only when no byte of `buf` up to its first `\n` is 0x80 or
    //    above, and `end` is at most that `\n`'s index: its word loop or-s
    //    the high bits of every word it reads (`high |= word_high`) before
    //    it looks for the line break in that word, its byte loop for the
    //    last bytes sets `high` at `0x80..`, and `ascii` is `high == 0`;
    // 2. or checked by `std::str::from_utf8` in `plain_split`, on
    //    `buffered()[..end]` too, and `plain_split` returns `None` when the
    //    check fails.
    // In both, `buffered()` here is that same `buf`: the two callers
    // (`next_record`, `next_record_into`) call this right after
    // `plain_split` returned `split`, with nothing between that reads from
    // or consumes `r` (`advance` only sets the counters; the line is
    // consumed at the next read), and `Buffered` is sealed, its two implementations
    // hand back what `fill_buf` did.
    // Exercised at every word edge by the tests
    // `the_in_place_path_says_ascii_only_at_every_word_edge` and
    // `text_at_every_word_edge_reads_alike_through_any_buffer` (in debug
    // builds, with the assertions above).
    // Checking ASCII lines again with `std::str::from_utf8` costs 2.3% of a
    // batch run (callgrind, 100,000 households, 2026-12-06), over the 2%
    // that a check in safe code may cost here.
    #[allow(unsafe_code)]
    let text = unsafe { std::str::from_utf8_unchecked(bytes) };
    text
}

/// Sets an optional text, reusing the string already there.
fn set_text(slot: &mut Option<String>, value: Option<&str>) {
    match (slot.as_mut(), value) {
        (Some(s), Some(v)) => {
            s.clear();
            s.push_str(v);
        }
        (_, v) => *slot = v.map(str::to_owned),
    }
}

/// The line without its line break.
fn trim_line_end(mut bytes: &[u8]) -> &[u8] {
    while let [rest @ .., b'\n' | b'\r'] = bytes {
        bytes = rest;
    }
    bytes
}

/// A line split where it lies: the end of its text (line break and trailing
/// `\r` left out), its length with the line break, and whether every byte up
/// to its line break is ASCII.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct InPlace {
    end: usize,
    len: usize,
    ascii: bool,
}

/// Splits the line at the start of `buf` at its commas into `fields` when it
/// has no quotes and ends (with `\n`) inside `buf`. Reads eight bytes at a
/// time. Bytes of 0x80 and above are content (no byte of a UTF-8 or GB18030
/// sequence is a comma, a quote or a line break); `ascii` says whether there
/// were any, so that only such a line is checked for UTF-8. `None` (fields
/// unspecified) sends the record the general way.
fn split_line_in_place(buf: &[u8], fields: &mut Fields) -> Option<InPlace> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // How many byte flags a mask holds: the bytes' 0/1 summed into the top byte.
    let flags = |mask: u64| ((mask >> 7).wrapping_mul(ONES) >> 56) as usize;
    // The byte of a mask's last flag.
    let last_flag = |mask: u64| (63 - mask.leading_zeros() as usize) / 8;
    // Where the current field starts.
    let mut start = 0;
    let mut base = 0;
    // Whether the byte before the word is a comma, as byte 0's flag; the
    // line's start counts as one.
    let mut comma_before: u64 = 0x80;
    // The high bits of every byte looked at so far.
    let mut high: u64 = 0;
    let line_end = |start: usize, newline: usize, fields: &mut Fields, high: u64| {
        let mut end = newline;
        while end > start && buf[end - 1] == b'\r' {
            end -= 1;
        }
        fields.push(buf, start, end);
        Some(InPlace {
            end,
            len: newline + 1,
            ascii: high == 0,
        })
    };
    for chunk in buf.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bytes of the next line count too: a quote or non-ASCII byte there
        // only sends this line the general way or past a UTF-8 check, which
        // is never wrong.
        let word_high = w & HIGH;
        high |= word_high;
        // The bytes equal to `c`, as high bits. With every byte below 0x80,
        // adding 0x7f sets a byte's high bit exactly when the byte is not
        // zero, with no carry between bytes; with high bytes, the low seven
        // bits are added apart and the high bit or-ed back (one step more).
        let eq = |c: u8| {
            let v = w ^ (ONES * u64::from(c));
            if word_high == 0 {
                !(v + LOW) & HIGH
            } else {
                !(((v & LOW) + LOW) | v | LOW)
            }
        };
        if eq(b'"') != 0 {
            return None;
        }
        let newline = eq(b'\n');
        let mut commas = eq(b',');
        if newline != 0 {
            // Only the commas before the first line break.
            commas &= (newline & newline.wrapping_neg()) - 1;
        }
        // Byte k's flag is bit 8k + 7. A comma ends a non-empty field unless
        // the byte before it is a comma too: only those fields are visited
        // (rows are mostly empty cells).
        let mut ends = commas & !((commas << 8) | comma_before);
        while ends != 0 {
            let end = ends & ends.wrapping_neg();
            let earlier = commas & (end - 1);
            // `Fields::push` inlined by hand: its column is not the next one
            // here, and a shared helper cost 1.3% of a batch run (callgrind).
            let (from, to) = trim(
                buf,
                match earlier {
                    0 => start,
                    _ => base + last_flag(earlier) + 1,
                },
                base + (end.trailing_zeros() / 8) as usize,
            );
            if to > from {
                fields.list.push(Field {
                    col: fields.count + flags(earlier),
                    start: from,
                    end: to,
                });
            }
            ends &= ends - 1;
        }
        if commas != 0 {
            fields.count += flags(commas);
            start = base + last_flag(commas) + 1;
        }
        comma_before = (commas >> 56) & 0x80;
        if newline != 0 {
            return line_end(
                start,
                base + (newline.trailing_zeros() / 8) as usize,
                fields,
                high,
            );
        }
        base += 8;
    }
    for (i, &b) in buf[base..].iter().enumerate() {
        match b {
            b',' => {
                fields.push(buf, start, base + i);
                start = base + i + 1;
            }
            b'\n' => return line_end(start, base + i, fields, high),
            b'"' => return None,
            0x80.. => high = HIGH,
            _ => {}
        }
    }
    None
}

/// The columns a household has once (on the applicant's row, or repeated).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum Hh {
    CaseId,
    Region,
    Date,
    Standard,
    EdgeMultiple,
    Rounding,
    GradualExitMonths,
    RecordedAmount,
    CurrentAmount,
    EmploymentSince,
    /// 收入超标日期: `current.above_standard_since`.
    AboveStandardSince,
    Deposits,
    Securities,
    Insurance,
    Claims,
    OtherFinancial,
    Vehicles,
    Homes,
    Businesses,
    /// 住房建筑面积: `assets.home_area`, m².
    HomeArea,
    /// 非住宅房产数: `assets.non_residential`.
    NonResidential,
    /// 重病财产豁免: `assets.serious_illness_exemption`.
    SeriousIllnessExemption,
    /// Passed through to the results: 户主姓名, 社区, 街道/乡镇, 区县.
    HeadName,
    Community,
    Street,
    County,
    /// 城乡类别: 城镇 or 农村 (issue 11).
    Area,
}

const HH: &[(Hh, &str, &[&str])] = &[
    (Hh::CaseId, "case_id", &["案件编号", "户编号", "家庭编号"]),
    (Hh::Region, "region", &["地区代码", "行政区划代码"]),
    (Hh::Date, "date", &["核算日期"]),
    (Hh::Standard, "standard", &["低保标准"]),
    (Hh::EdgeMultiple, "edge_multiple", &["边缘倍数"]),
    (Hh::Rounding, "rounding", &["取整规则"]),
    (
        Hh::GradualExitMonths,
        "gradual_exit_months",
        &["渐退期月数"],
    ),
    (
        Hh::RecordedAmount,
        "recorded_amount",
        &["核定金额", "保障金额", "发放金额"],
    ),
    (Hh::CurrentAmount, "current_amount", &["现享受金额"]),
    (Hh::EmploymentSince, "employment_since", &["就业日期"]),
    (
        Hh::AboveStandardSince,
        "above_standard_since",
        &["收入超标日期"],
    ),
    (Hh::Deposits, "deposits", &["存款"]),
    (Hh::Securities, "securities", &["有价证券"]),
    (Hh::Insurance, "insurance", &["商业保险"]),
    (Hh::Claims, "claims", &["债权"]),
    (Hh::OtherFinancial, "other_financial", &["其他金融资产"]),
    (Hh::Vehicles, "vehicles", &["车辆"]),
    (Hh::Homes, "homes", &["住房套数"]),
    (Hh::Businesses, "businesses", &["工商登记数"]),
    (
        Hh::HomeArea,
        "home_area",
        &["住房建筑面积", "住房面积", "住房总面积"],
    ),
    (
        Hh::NonResidential,
        "non_residential",
        &["非住宅房产数", "非住宅房产", "非居住房产数"],
    ),
    (
        Hh::SeriousIllnessExemption,
        "serious_illness_exemption",
        &["重病财产豁免", "重特大疾病财产豁免"],
    ),
    (Hh::HeadName, "head_name", &["户主姓名", "户主"]),
    (
        Hh::Community,
        "community",
        &[
            "社区",
            "村/居委会",
            "村居委会",
            "社区/村",
            "村/社区",
            "居委会",
        ],
    ),
    (
        Hh::Street,
        "street",
        &["街道/乡镇", "街道", "乡镇", "乡镇/街道"],
    ),
    (Hh::County, "county", &["区县", "区/县", "县区", "县/区"]),
    (Hh::Area, "area", &["城乡类别", "城乡", "户籍类别"]),
];
const HH_COUNT: usize = 27;

/// Member flags (true/false columns).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flag {
    Cohabiting,
    SupportObligation,
    FullTimeStudent,
    Independent,
    SeriousIllness,
    Employed,
    WorkCapacity,
    Caregiver,
    /// 已婚: `married` (重庆's exclusion of unmarried active soldiers).
    Married,
    /// 申请分户: `separate_household` (重庆 第十一条).
    SeparateHousehold,
}

const FLAGS: &[(Flag, &str, &[&str])] = &[
    (Flag::Cohabiting, "cohabiting", &["共同居住"]),
    (
        Flag::SupportObligation,
        "support_obligation",
        &["有法定赡养扶养抚养关系"],
    ),
    (
        Flag::FullTimeStudent,
        "full_time_student",
        &["全日制在校生"],
    ),
    (Flag::Independent, "independent", &["能独立生活"]),
    (Flag::SeriousIllness, "serious_illness", &["重特大疾病"]),
    (Flag::Employed, "employed", &["就业"]),
    (Flag::WorkCapacity, "work_capacity", &["有劳动能力"]),
    (Flag::Caregiver, "caregiver", &["照料人"]),
    (Flag::Married, "married", &["已婚"]),
    (
        Flag::SeparateHousehold,
        "separate_household",
        &["申请分户", "分户"],
    ),
];

/// What a column holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Col {
    Hh(Hh),
    MemberId,
    Relation,
    Age,
    BirthDate,
    Sex,
    Flag(Flag),
    Status,
    ClergyYearsApart,
    DisabilityGrade,
    DisabilityKind,
    Income(IncomeKind),
    IncomePeriod(IncomeKind),
    Deduction(DeductionKind),
    DeductionPeriod(DeductionKind),
    ObligorId,
    ObligorHouseholdSize,
    ObligorHouseholdIncome,
    ObligorSharing,
    ObligorPayment,
    ObligorSupportsTotal,
    /// 赡养费来自: the obligors whose payment this member's 赡养费收入 is
    /// (`support_received_from`).
    SupportReceivedFrom,
    /// 成员姓名: passed through; the member id when there is no id column.
    Name,
    /// 身份证号: recognised, never echoed in full.
    IdNumber,
    /// 是否申请人: only the 户主's row may be the applicant.
    Applicant,
    /// 配偶编号: the member this one is married to (`spouse_of`).
    SpouseOf,
    /// 父母编号: this member's parents among the members (`child_of`).
    ChildOf,
    Ignored,
}

const MEMBER_COLS: &[(Col, &str, &[&str])] = &[
    (Col::MemberId, "member_id", &["成员编号"]),
    (
        Col::Relation,
        "relation",
        &[
            "与申请人关系",
            "与户主关系",
            "与户主的关系",
            "与申请人的关系",
        ],
    ),
    (Col::Name, "name", &["成员姓名", "姓名"]),
    (Col::Applicant, "applicant", &["是否申请人"]),
    (Col::SpouseOf, "spouse_of", &["配偶编号", "配偶成员编号"]),
    (
        Col::ChildOf,
        "child_of",
        &["父母编号", "父母成员编号", "父亲或母亲编号", "父/母编号"],
    ),
    (
        Col::IdNumber,
        "id_number",
        &["身份证号", "身份证号码", "公民身份号码", "证件号码"],
    ),
    (Col::Age, "age", &["年龄"]),
    (Col::BirthDate, "birth_date", &["出生日期"]),
    (Col::Sex, "sex", &["性别"]),
    (Col::Status, "status", &["特殊状态"]),
    (Col::ClergyYearsApart, "clergy_years_apart", &["离家年数"]),
    (Col::DisabilityGrade, "disability_grade", &["残疾等级"]),
    (Col::DisabilityKind, "disability_kind", &["残疾类别"]),
    (Col::ObligorId, "obligor_id", &["赡养人编号"]),
    (
        Col::ObligorHouseholdSize,
        "obligor_household_size",
        &["赡养人家庭人数"],
    ),
    (
        Col::ObligorHouseholdIncome,
        "obligor_household_income",
        &["赡养人家庭月收入"],
    ),
    (Col::ObligorSharing, "obligor_sharing", &["赡养人人数"]),
    (Col::ObligorPayment, "obligor_payment", &["实际赡养费"]),
    (
        Col::ObligorSupportsTotal,
        "obligor_supports_total",
        &["赡养人赡养对象数"],
    ),
    (
        Col::SupportReceivedFrom,
        "support_received_from",
        &["赡养费来自", "赡养费支付人编号"],
    ),
];

fn income_alias(k: IncomeKind) -> &'static str {
    use IncomeKind::*;
    match k {
        Wage => "工资性收入",
        Business => "经营净收入",
        Property => "财产净收入",
        Pension => "离退休金",
        UnemploymentInsurance => "失业保险金",
        SupportReceived => "赡养费收入",
        SurvivorBenefit => "遗属补助金",
        Compensation => "赔偿收入",
        Donation => "捐赠收入",
        Other => "其他收入",
        SpecialCare => "优待抚恤金",
        FamilyPlanning => "计划生育奖励扶助金",
        Scholarship => "奖学金",
        Award => "奖励性补助",
        SocialAssistance => "社会救助款物",
        BasicPension => "基础养老金",
        LocalExempt => "当地豁免收入",
        Agriculture => "农业经营收入",
        LandTransfer => "土地流转收入",
        // A kind added to the core before its column name here: read by
        // its code alone (`column` matches the code first).
        _ => k.code(),
    }
}

fn deduction_alias(k: DeductionKind) -> &'static str {
    match k {
        DeductionKind::Tax => "税款",
        DeductionKind::SocialInsurance => "个人社保缴费",
        DeductionKind::SupportPaid => "支付赡养费",
        DeductionKind::MedicalInsurance => "个人医保缴费",
        DeductionKind::Medical => "医疗支出",
        DeductionKind::DisabilityCare => "残疾护理支出",
        DeductionKind::Education => "教育支出",
        // As for incomes: a newer kind is read by its code alone.
        _ => k.code(),
    }
}

pub fn column(name: &str) -> Option<Col> {
    let lower = name.trim().to_ascii_lowercase();
    let n = lower.as_str();
    for (h, code, alias) in HH {
        if *code == n || alias.contains(&n) {
            return Some(Col::Hh(*h));
        }
    }
    for (c, code, alias) in MEMBER_COLS {
        if *code == n || alias.contains(&n) {
            return Some(*c);
        }
    }
    for (f, code, alias) in FLAGS {
        if *code == n || alias.contains(&n) {
            return Some(Col::Flag(*f));
        }
    }
    if n == "policy.standard" {
        return Some(Col::Hh(Hh::Standard));
    }
    let (base, period) = match n.strip_suffix("_period") {
        Some(b) => (b, true),
        None => match n.strip_suffix("周期") {
            Some(b) => (b, true),
            None => (n, false),
        },
    };
    for &k in IncomeKind::ALL {
        if k.code() == base || income_alias(k) == base {
            return Some(if period {
                Col::IncomePeriod(k)
            } else {
                Col::Income(k)
            });
        }
    }
    for &k in DeductionKind::ALL {
        if k.code() == base || deduction_alias(k) == base {
            return Some(if period {
                Col::DeductionPeriod(k)
            } else {
                Col::Deduction(k)
            });
        }
    }
    None
}

/// The header: what each column holds, and its name as written.
#[derive(Clone)]
pub struct Header {
    pub cols: Vec<Col>,
    pub names: Vec<String>,
    case_id: usize,
    /// For an income or deduction column, the index of its `_period` column.
    period_of: Vec<Option<usize>>,
    /// No member id column: the name is the member id.
    name_as_id: bool,
    /// Which of name, 社区, 街道, 区县 the input has.
    carried: [bool; 4],
    /// The column households are grouped by (`simulate --by`).
    group: Option<usize>,
}

/// Why a header is not a caseload header (a file-level error, exit 2).
pub struct HeaderError {
    pub zh: String,
    pub en: String,
}

impl Header {
    pub fn parse(rec: &Record<'_>, ignore_unknown: bool) -> Result<Header, HeaderError> {
        let mut cols = Vec::with_capacity(rec.len());
        let mut names = Vec::with_capacity(rec.len());
        let mut unknown = Vec::new();
        for i in 0..rec.len() {
            let name = rec.get(i);
            names.push(name.to_owned());
            match column(name) {
                Some(c) => {
                    if let Some(j) = cols.iter().position(|x| *x == c && c != Col::Ignored) {
                        let first: &String = &names[j];
                        return Err(HeaderError {
                            zh: format!(
                                "表头第 {} 列“{name}”与第 {} 列“{first}”是同一项内容，只能保留一列",
                                i + 1,
                                j + 1
                            ),
                            en: format!(
                                "header column {} ({name:?}) holds the same as column {} ({first:?}) (appears twice); keep one",
                                i + 1,
                                j + 1
                            ),
                        });
                    }
                    cols.push(c)
                }
                None if ignore_unknown || name.is_empty() => cols.push(Col::Ignored),
                None => {
                    unknown.push(name.to_owned());
                    cols.push(Col::Ignored)
                }
            }
        }
        let has_name = cols.contains(&Col::Name);
        let name_as_id = !cols.contains(&Col::MemberId) && has_name;
        let required = [
            (Col::Hh(Hh::CaseId), "户编号", "case_id"),
            (
                Col::MemberId,
                "成员编号（或成员姓名）",
                "member_id (or name)",
            ),
            (Col::Relation, "与户主关系", "relation"),
        ];
        let missing: Vec<(&str, &str)> = required
            .iter()
            .filter(|(c, _, _)| !(cols.contains(c) || (*c == Col::MemberId && name_as_id)))
            .map(|&(_, z, e)| (z, e))
            .collect();
        let known_columns = "dibao help batch 列出已知的列";
        if !missing.is_empty() {
            let shown: String = rec
                .text
                .chars()
                .take(60)
                .map(|c| if c.is_control() { '?' } else { c })
                .collect();
            let zh_missing: Vec<String> =
                missing.iter().map(|(z, e)| format!("{z}（{e}）")).collect();
            let en_missing: Vec<&str> = missing.iter().map(|(_, e)| *e).collect();
            let (zh_unknown, en_unknown) = if unknown.is_empty() {
                (String::new(), String::new())
            } else {
                (
                    format!("；另有未知的列：{}", unknown.join("、")),
                    format!("; unknown column(s) too: {}", unknown.join(", ")),
                )
            };
            return Err(HeaderError {
                zh: format!(
                    "第 {} 行不是低保台账 CSV 的表头：缺少列 {}{zh_unknown}（{known_columns}）；该行开头为：{shown}",
                    rec.line,
                    zh_missing.join("、")
                ),
                en: format!(
                    "line {} is not a caseload CSV header: missing column(s) {}{en_unknown} (`dibao help batch` lists the known columns); it begins: {shown}",
                    rec.line,
                    en_missing.join(", ")
                ),
            });
        }
        if !unknown.is_empty() {
            return Err(HeaderError {
                zh: format!(
                    "表头中有未知的列：{}（{known_columns}；如需忽略多余的列，请加 --ignore-unknown-columns）",
                    unknown.join("、")
                ),
                en: format!(
                    "unknown header column(s): {} (`dibao help batch` lists the known columns; pass --ignore-unknown-columns to skip extra columns)",
                    unknown.join(", ")
                ),
            });
        }
        let case_id = cols
            .iter()
            .position(|c| *c == Col::Hh(Hh::CaseId))
            .unwrap_or(0);
        let period_of = cols
            .iter()
            .map(|c| {
                let want = match *c {
                    Col::Income(k) => Col::IncomePeriod(k),
                    Col::Deduction(k) => Col::DeductionPeriod(k),
                    _ => return None,
                };
                cols.iter().position(|x| *x == want)
            })
            .collect();
        let carried = [
            has_name || cols.contains(&Col::Hh(Hh::HeadName)),
            cols.contains(&Col::Hh(Hh::Community)),
            cols.contains(&Col::Hh(Hh::Street)),
            cols.contains(&Col::Hh(Hh::County)),
        ];
        Ok(Header {
            cols,
            names,
            case_id,
            period_of,
            name_as_id,
            carried,
            group: None,
        })
    }

    /// Which of the carried columns (name, 社区, 街道, 区县) the input has.
    pub fn carried(&self) -> [bool; 4] {
        self.carried
    }

    /// Groups households by the column named `name` (as written in the
    /// header, or any of its names); `false` when there is none.
    pub fn group_by(&mut self, name: &str) -> bool {
        let want = column(name);
        self.group = self
            .names
            .iter()
            .position(|n| n.trim() == name.trim())
            .or_else(|| want.and_then(|w| self.cols.iter().position(|c| *c == w)));
        self.group.is_some()
    }

    /// The case id of a record.
    pub fn case_id<'a>(&self, rec: &Record<'a>) -> &'a str {
        rec.get(self.case_id)
    }
}

#[cold]
fn err(code: &'static str, line: u64, field: &str, zh: String, en: String) -> RowError {
    RowError {
        code,
        line,
        field: field.to_owned(),
        zh,
        en,
    }
}

#[cold]
fn money_err(line: u64, field: &str, text: &str, e: MoneyError) -> RowError {
    let (zh, en) = match e {
        MoneyError::Syntax => (
            format!("“{text}”不是以元为单位的金额（如 1234.50）"),
            format!("{text:?} is not an amount in yuan (like 1234.50)"),
        ),
        MoneyError::TooManyDecimals => (
            format!("金额 {text} 的小数超过两位，金额最小单位为分"),
            format!("{text} has more than two decimals; amounts are in yuan to the fen"),
        ),
        MoneyError::Negative => (
            format!("金额不能为负数（{text}）"),
            format!("an amount must not be negative ({text})"),
        ),
        MoneyError::TooLarge => (
            format!("金额过大（{text}），上限为 100000000 元"),
            format!("{text} is too large; at most 100000000 yuan"),
        ),
    };
    err("invalid_amount", line, field, zh, en)
}

/// Exactly three decimals (`1.200`): a European thousands separator or
/// 1.2 yuan? Refused in a CSV rather than guessed.
#[inline]
fn three_decimals(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 4 && b[b.len() - 4] == b'.' && b[b.len() - 3..].iter().all(u8::is_ascii_digit)
}

/// Full-width forms (`１２００`, `．`, `，`, `／`, `－`) as ASCII, the
/// ideographic space as a space; borrowed when there is nothing to change.
fn halfwidth(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return s.into();
    }
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Whether the text holds a full-width digit.
fn has_fullwidth_digit(s: &str) -> bool {
    s.chars().any(|c| ('\u{FF10}'..='\u{FF19}').contains(&c))
}

/// A note for an error on a value with full-width digits.
fn fullwidth_note(text: &str) -> (&'static str, &'static str) {
    if has_fullwidth_digit(text) {
        (
            "（含全角数字，如“１”，请改用半角数字）",
            " (it holds full-width digits like “１”; use ordinary digits)",
        )
    } else {
        ("", "")
    }
}

/// Thousands separators in the right places (`1,200`, `12,345.50`)
/// removed; `None` when a comma is anywhere else (`1,20`, `12,00,000`).
fn without_thousands(t: &str) -> Option<String> {
    let (int, frac) = match t.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let mut groups = int.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut out = first.to_owned();
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        out.push_str(g);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// The spellings people type for an amount, normalised: full-width digits,
/// thousands separators in the right places, a leading ¥ and a trailing 元.
/// `Err` holds the message when the spelling is refused on purpose.
#[cold]
fn loose_money(text: &str) -> Result<Money, Option<(String, String)>> {
    let t = halfwidth(text);
    let mut t = t.trim();
    for prefix in ["¥", "￥", "RMB", "rmb"] {
        t = t.strip_prefix(prefix).unwrap_or(t).trim_start();
    }
    t = t.strip_suffix("元整").unwrap_or(t);
    t = t.strip_suffix('元').unwrap_or(t).trim_end();
    let plain;
    if t.contains(',') {
        plain = without_thousands(t).ok_or_else(|| {
            Some((
                format!("“{text}”中的逗号不在千位分隔的位置（应如 1,200 或 12,345.50），无法确定金额"),
                format!("{text:?}: the commas are not thousands separators (like 1,200 or 12,345.50), so the amount is unclear"),
            ))
        })?;
        t = &plain;
    }
    if three_decimals(t) {
        return Err(Some(ambiguous_decimals(text)));
    }
    Money::parse(t).map_err(|_| None)
}

#[cold]
fn ambiguous_decimals(text: &str) -> (String, String) {
    (
        format!("“{text}”有三位小数，既可能是千位分隔（{text} 千）也可能是小数，无法确定；请写成 1200 或 1.20 这样的金额"),
        format!("{text:?} has three decimals: a thousands separator or a decimal point? Write 1200 or 1.20"),
    )
}

#[inline]
fn money(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<Money> {
    match Money::parse(text) {
        Ok(m) if !three_decimals(text) => Some(m),
        r => money_slow(line, field, text, r.err(), errors),
    }
}

/// What [`money`] does with a value the strict parse refused (or found
/// ambiguous): the spellings people type, or the error.
#[cold]
#[inline(never)]
fn money_slow(
    line: u64,
    field: &str,
    text: &str,
    strict: Option<MoneyError>,
    errors: &mut Vec<RowError>,
) -> Option<Money> {
    match strict {
        None => {
            let (zh, en) = ambiguous_decimals(text);
            errors.push(err("invalid_amount", line, field, zh, en));
            None
        }
        Some(e) => match loose_money(text) {
            Ok(m) => Some(m),
            Err(Some((zh, en))) => {
                errors.push(err("invalid_amount", line, field, zh, en));
                None
            }
            Err(None) => {
                let mut e = money_err(line, field, text, e);
                let (z, n) = fullwidth_note(text);
                e.zh.push_str(z);
                e.en.push_str(n);
                errors.push(e);
                None
            }
        },
    }
}

/// An amount read as [`money`] does, without reporting: for comparing
/// values repeated on a household's rows.
fn money_value(text: &str) -> Option<Money> {
    money(0, "", text, &mut Vec::new())
}

/// The dates people type: `2024/6/1`, `2024.6.1`, `2024-6-1`,
/// `2024年6月1日`, full-width digits, `20240601`.
#[cold]
fn loose_date(text: &str) -> Option<Date> {
    let t = halfwidth(text);
    let t = t.trim();
    let num = |s: &str| -> Option<u32> {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if let Some((y, rest)) = t.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let d = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))?;
        (y, m, d)
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        (&t[..4], &t[4..6], &t[6..])
    } else {
        let sep = t.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
        let mut it = t.split(sep);
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let (y, m, d) = (num(y)?, num(m)?, num(d)?);
    if !(1000..=9999).contains(&y) || m > 12 || d > 31 {
        return None;
    }
    Date::new(y as u16, m as u8, d as u8)
}

/// The forms of a date the CSV reader accepts, for its error.
const DATE_FORMS_ZH: &str = "2024-06-01、2024/6/1、2024.6.1、2024年6月1日、20240601";
const DATE_FORMS_EN: &str = "2024-06-01, 2024/6/1, 2024.6.1, 2024年6月1日, 20240601";

fn parse_date(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<Date> {
    let d = Date::parse(text).or_else(|| loose_date(text));
    if d.is_none() {
        let (z, n) = fullwidth_note(text);
        errors.push(err(
            "invalid_date",
            line,
            field,
            format!("“{text}”不是有效日期{z}；可写作 {DATE_FORMS_ZH}"),
            format!("{text:?} is not a valid date{n}; write it as one of {DATE_FORMS_EN}"),
        ));
    }
    d
}

/// A whole number, also in full-width digits and with one of `suffixes`
/// (`72岁`).
fn int_with(
    line: u64,
    field: &str,
    text: &str,
    range: Range,
    suffixes: &[&str],
    errors: &mut Vec<RowError>,
) -> Option<i64> {
    let n = text.parse::<i64>().ok().or_else(|| {
        let t = halfwidth(text);
        let mut t = t.trim();
        for s in suffixes {
            if let Some(rest) = t.strip_suffix(s) {
                t = rest.trim_end();
                break;
            }
        }
        t.parse::<i64>().ok()
    });
    match n {
        Some(n) if range.contains(n) => Some(n),
        Some(_) => {
            // The core's limit and error (one validator, dibao::limits).
            errors.push(RowError::from_core(&range.error(text, field), line, true));
            None
        }
        None => {
            let (z, n) = fullwidth_note(text);
            errors.push(err(
                "invalid_type",
                line,
                field,
                format!("“{text}”应为整数{z}"),
                format!("{text:?} must be a whole number{n}"),
            ));
            None
        }
    }
}

fn int(
    line: u64,
    field: &str,
    text: &str,
    range: Range,
    errors: &mut Vec<RowError>,
) -> Option<i64> {
    int_with(line, field, text, range, &[], errors)
}

/// A disability grade: 1 to 4, also 一级 … 四级, `2级`.
fn grade(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<u8> {
    if let Ok(n @ 1..=4) = text.parse::<u8>() {
        return Some(n);
    }
    let t = text.trim_end_matches("残疾").trim();
    let t = t.strip_suffix('级').unwrap_or(t).trim();
    let zh = ["一", "二", "三", "四"].iter().position(|z| *z == t);
    if let Some(i) = zh {
        return Some(i as u8 + 1);
    }
    int_with(line, field, t, limits::DISABILITY_GRADE, &[], errors).map(|n| n as u8)
}

#[cold]
fn invalid_value(
    line: u64,
    field: &str,
    text: &str,
    allowed: &[&str],
    zh: &[(&str, &str)],
    errors: &mut Vec<RowError>,
) {
    let mut words: Vec<&str> = Vec::new();
    for (z, _) in zh {
        if !words.contains(z) {
            words.push(z);
        }
    }
    let zh_list = if words.is_empty() {
        String::new()
    } else {
        format!("；中文可写：{}", words.join("、"))
    };
    let en_list = if words.is_empty() {
        String::new()
    } else {
        format!("; in Chinese: {}", words.join(", "))
    };
    errors.push(err(
        "invalid_value",
        line,
        field,
        format!(
            "值“{text}”不被允许。允许的值：{}{zh_list}",
            allowed.join("、")
        ),
        format!(
            "{text:?} is not allowed. Allowed: {}{en_list}",
            allowed.join(", ")
        ),
    ));
}

fn code<T>(
    line: u64,
    field: &str,
    text: &str,
    codes: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
    zh: &[(&str, &str)],
    errors: &mut Vec<RowError>,
) -> Option<T> {
    let v = parse(text).or_else(|| code_value(text, parse, zh));
    if v.is_none() {
        invalid_value(line, field, text, codes, zh, errors);
    }
    v
}

/// A code from its Chinese words, or in capitals; the slow path of [`code`].
#[cold]
fn code_value<T>(text: &str, parse: fn(&str) -> Option<T>, zh: &[(&str, &str)]) -> Option<T> {
    from_zh(text, parse, zh).or_else(|| {
        // `Self`, `MALE`: spreadsheets capitalise.
        let t = text.to_ascii_lowercase();
        (t != text).then(|| parse(&t)).flatten()
    })
}

/// A code from its Chinese words in `zh`.
fn from_zh<T>(text: &str, parse: fn(&str) -> Option<T>, zh: &[(&str, &str)]) -> Option<T> {
    zh.iter()
        .find(|(z, _)| *z == text)
        .and_then(|(_, c)| parse(c))
}

const RELATION_ZH: &[(&str, &str)] = &[
    ("本人", "self"),
    ("申请人", "self"),
    ("户主", "self"),
    ("配偶", "spouse"),
    ("妻子", "spouse"),
    ("丈夫", "spouse"),
    ("妻", "spouse"),
    ("夫", "spouse"),
    ("老伴", "spouse"),
    ("子女", "child"),
    ("儿子", "child"),
    ("女儿", "child"),
    ("子", "child"),
    ("女", "child"),
    ("长子", "child"),
    ("次子", "child"),
    ("三子", "child"),
    ("长女", "child"),
    ("次女", "child"),
    ("三女", "child"),
    ("独生子", "child"),
    ("独生女", "child"),
    ("养子", "child"),
    ("养女", "child"),
    ("继子", "child"),
    ("继女", "child"),
    ("父母", "parent"),
    ("父亲", "parent"),
    ("母亲", "parent"),
    ("父", "parent"),
    ("母", "parent"),
    ("祖父母", "grandparent"),
    ("外祖父母", "grandparent"),
    ("祖父", "grandparent"),
    ("祖母", "grandparent"),
    ("外祖父", "grandparent"),
    ("外祖母", "grandparent"),
    ("爷爷", "grandparent"),
    ("奶奶", "grandparent"),
    ("外公", "grandparent"),
    ("外婆", "grandparent"),
    ("姥姥", "grandparent"),
    ("姥爷", "grandparent"),
    ("孙子女", "grandchild"),
    ("外孙子女", "grandchild"),
    ("孙子", "grandchild"),
    ("孙女", "grandchild"),
    ("外孙", "grandchild"),
    ("外孙女", "grandchild"),
    ("兄弟姐妹", "sibling"),
    ("哥哥", "sibling"),
    ("弟弟", "sibling"),
    ("姐姐", "sibling"),
    ("妹妹", "sibling"),
    ("兄", "sibling"),
    ("弟", "sibling"),
    ("姐", "sibling"),
    ("妹", "sibling"),
    ("其他亲属", "other_relative"),
    ("无亲属关系", "unrelated"),
];
/// In-laws, read as `other_relative` linked to the member they are married
/// to (docs/batch.md): whose spouse each word names. 媳妇 is not here: it
/// means a son's wife in some places and one's own wife in others.
const IN_LAWS: &[(&str, Kin)] = &[
    ("儿媳", Kin::ChildInLaw(Sex::Male)),
    ("儿媳妇", Kin::ChildInLaw(Sex::Male)),
    ("女婿", Kin::ChildInLaw(Sex::Female)),
    ("孙媳", Kin::GrandchildInLaw(Sex::Male)),
    ("孙媳妇", Kin::GrandchildInLaw(Sex::Male)),
    ("孙女婿", Kin::GrandchildInLaw(Sex::Female)),
    ("外孙媳妇", Kin::GrandchildInLaw(Sex::Male)),
    ("外孙女婿", Kin::GrandchildInLaw(Sex::Female)),
    ("公公", Kin::ParentInLaw(Sex::Male)),
    ("婆婆", Kin::ParentInLaw(Sex::Male)),
    ("岳父", Kin::ParentInLaw(Sex::Female)),
    ("岳母", Kin::ParentInLaw(Sex::Female)),
];
/// Refused: 媳妇 is a son's wife (儿媳) in some places, one's own wife in
/// others (北方口语), and the two are counted differently.
const AMBIGUOUS_RELATIONS: &[&str] = &["媳妇"];
/// Children whose word says their sex (儿子, 长女 …).
const SONS: &[&str] = &[
    "儿子",
    "子",
    "长子",
    "次子",
    "三子",
    "独生子",
    "养子",
    "继子",
];
const DAUGHTERS: &[&str] = &[
    "女儿",
    "女",
    "长女",
    "次女",
    "三女",
    "独生女",
    "养女",
    "继女",
];

/// What a relation's word says beyond the relation itself (issue 18): a
/// child's sex, whose child a grandchild is, whose spouse an in-law is.
/// The reader turns it into `spouse_of` / `child_of` links once the whole
/// household is read ([`Builder::link`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Kin {
    #[default]
    Plain,
    /// 儿子, 长女 …: a child of this sex.
    Child(Sex),
    /// A grandchild: the sex of its parent among the children (孙: a son's,
    /// 外孙: a daughter's) and its own, where the word says them.
    Grandchild {
        parent: Option<Sex>,
        own: Option<Sex>,
    },
    /// 儿媳, 女婿: the spouse of a child of this sex.
    ChildInLaw(Sex),
    /// 孙媳妇, 孙女婿: the spouse of a grandchild of this sex.
    GrandchildInLaw(Sex),
    /// 公公, 婆婆 (the reference person's husband's parents), 岳父, 岳母
    /// (the wife's): a parent of the reference person's spouse of this sex.
    ParentInLaw(Sex),
}

impl Kin {
    /// Whether the reader must link the member in [`Builder::link`].
    fn links(self) -> bool {
        !matches!(self, Kin::Plain | Kin::Child(_))
    }
}

/// What the word `v` of relation `r` says beyond the relation.
#[inline]
fn kin(v: &str, r: Relation) -> Kin {
    match r {
        // A code (`child`, `other_relative`) says no more than the relation.
        Relation::Child | Relation::OtherRelative if v.is_ascii() => Kin::Plain,
        Relation::Child | Relation::Grandchild | Relation::OtherRelative => kin_slow(v, r),
        _ => Kin::Plain,
    }
}

#[cold]
fn kin_slow(v: &str, r: Relation) -> Kin {
    match r {
        Relation::Child if SONS.contains(&v) => Kin::Child(Sex::Male),
        Relation::Child if DAUGHTERS.contains(&v) => Kin::Child(Sex::Female),
        Relation::Grandchild => Kin::Grandchild {
            parent: if v.starts_with('外') {
                Some(Sex::Female)
            } else if v.starts_with('孙') {
                Some(Sex::Male)
            } else {
                None
            },
            own: match v {
                "孙子" | "外孙" => Some(Sex::Male),
                "孙女" | "外孙女" => Some(Sex::Female),
                _ => None,
            },
        },
        Relation::OtherRelative => IN_LAWS
            .iter()
            .find(|(w, _)| *w == v)
            .map_or(Kin::Plain, |&(_, k)| k),
        _ => Kin::Plain,
    }
}

const SEX_ZH: &[(&str, &str)] = &[
    ("男", "male"),
    ("女", "female"),
    ("男性", "male"),
    ("女性", "female"),
];
const STATUS_ZH: &[(&str, &str)] = &[
    ("服刑", "incarcerated"),
    ("强制隔离戒毒", "compulsory_rehab"),
    ("宣告失踪", "declared_missing"),
    ("宗教教职人员", "clergy"),
    ("现役军人", "active_military"),
];
const DISABILITY_ZH: &[(&str, &str)] = &[
    ("视力", "visual"),
    ("听力", "hearing"),
    ("言语", "speech"),
    ("肢体", "physical"),
    ("智力", "intellectual"),
    ("精神", "mental"),
    ("多重", "multiple"),
    ("视力残疾", "visual"),
    ("听力残疾", "hearing"),
    ("言语残疾", "speech"),
    ("肢体残疾", "physical"),
    ("智力残疾", "intellectual"),
    ("精神残疾", "mental"),
    ("多重残疾", "multiple"),
];
/// Vehicle kinds as caseworkers write them (`assets.vehicles[].kind`).
const VEHICLE_ZH: &[(&str, &str)] = &[
    ("小汽车", "car"),
    ("轿车", "car"),
    ("摩托车", "motorcycle"),
    ("残疾人代步车", "disability_mobility"),
    ("残疾人机动轮椅车", "disability_mobility"),
    ("经营用车", "business"),
    ("营运车辆", "business"),
];

/// A floor area in m² (`assets.home_area`): a plain decimal from 0 to
/// 100000, as the JSON input takes it, also in full-width digits and with
/// its unit (`85.5平方米`, `85.5㎡`).
fn floor_area(
    line: u64,
    field: &str,
    text: &str,
    errors: &mut Vec<RowError>,
) -> Option<rust_decimal::Decimal> {
    let t = halfwidth(text);
    let mut t = t.trim();
    for unit in ["平方米", "平米", "㎡", "m²", "m2"] {
        if let Some(rest) = t.strip_suffix(unit) {
            t = rest.trim_end();
            break;
        }
    }
    // Digits with at most one point inside: no sign, exponent or separator.
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    let digits = |p: &str| !p.is_empty() && p.len() <= 12 && p.bytes().all(|b| b.is_ascii_digit());
    let area = (digits(int) && digits(frac))
        .then(|| rust_decimal::Decimal::from_str_exact(t).ok())
        .flatten();
    let (low, high) = limits::home_area_bounds();
    match area {
        Some(d) if d >= low && d <= high => Some(d),
        Some(_) => {
            let max = limits::HOME_AREA_MAX.max;
            errors.push(err(
                "out_of_range",
                line,
                field,
                format!("{text} 超出允许范围 0 至 {max}（平方米）"),
                format!("{text} is outside the allowed range 0 to {max} (square metres)"),
            ));
            None
        }
        None => {
            let (z, n) = fullwidth_note(text);
            errors.push(err(
                "invalid_type",
                line,
                field,
                format!("“{text}”应为以平方米计的面积（如 85.5）{z}"),
                format!("{text:?} must be a floor area in square metres (like 85.5){n}"),
            ));
            None
        }
    }
}

const BOOL_VALUES: &[&str] = &["true", "false", "1", "0", "yes", "no"];
const BOOL_ZH: &[(&str, &str)] = &[
    ("是", "true"),
    ("否", "false"),
    ("√", "true"),
    ("×", "false"),
];

fn boolean(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<bool> {
    let is = |words: &[&str]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    match text {
        _ if is(&["true", "1", "yes", "y", "t", "是"]) => Some(true),
        _ if is(&["false", "0", "no", "n", "f", "否"]) => Some(false),
        _ => boolean_slow(line, field, text, errors),
    }
}

/// What people type besides: ticks and crosses, full-width digits; else the error.
#[cold]
#[inline(never)]
fn boolean_slow(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<bool> {
    match text {
        "√" | "✓" | "１" => Some(true),
        "×" | "✗" | "０" => Some(false),
        _ => {
            invalid_value(line, field, text, BOOL_VALUES, BOOL_ZH, errors);
            None
        }
    }
}

const PERIOD_VALUES: &[&str] = &["month", "year", "N (months, 1–120)"];
const PERIOD_ZH: &[(&str, &str)] = &[("月", "month"), ("年", "year")];

fn period(line: u64, field: &str, text: &str, errors: &mut Vec<RowError>) -> Option<Period> {
    match text.to_ascii_lowercase().as_str() {
        "" | "month" | "月" | "每月" | "按月" => Some(Period::Month),
        "year" | "年" | "每年" | "按年" => Some(Period::Year),
        t => match halfwidth(t).trim_end_matches("个月").parse::<i64>() {
            Ok(n) if limits::PERIOD_MONTHS.contains(n) => Some(Period::Months(n as u32)),
            Ok(_) => {
                let e = limits::PERIOD_MONTHS.error(text, field);
                errors.push(RowError::from_core(&e, line, true));
                None
            }
            _ => {
                invalid_value(line, field, text, PERIOD_VALUES, PERIOD_ZH, errors);
                None
            }
        },
    }
}

/// Whether two texts of household column `h` on two rows of one household
/// say the same: compared by meaning (dates, amounts, codes), not by text.
#[cold]
fn same_meaning(h: Hh, a: &str, b: &str) -> bool {
    match h {
        Hh::Date | Hh::EmploymentSince | Hh::AboveStandardSince => {
            let d = |s| parse_date(0, "", s, &mut Vec::new());
            matches!((d(a), d(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::Standard
        | Hh::RecordedAmount
        | Hh::CurrentAmount
        | Hh::Deposits
        | Hh::Securities
        | Hh::Insurance
        | Hh::Claims
        | Hh::OtherFinancial => {
            matches!((money_value(a), money_value(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::EdgeMultiple => {
            let d = |s: &str| halfwidth(s).trim().parse::<rust_decimal::Decimal>().ok();
            matches!((d(a), d(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::HomeArea => {
            let d = |s| floor_area(0, "", s, &mut Vec::new());
            matches!((d(a), d(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::SeriousIllnessExemption => {
            let f = |s| boolean(0, "", s, &mut Vec::new());
            matches!((f(a), f(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::GradualExitMonths | Hh::Homes | Hh::Businesses | Hh::NonResidential => {
            let n = |s| {
                int_with(
                    0,
                    "",
                    s,
                    Range::new(i64::MIN, i64::MAX),
                    &["套", "处", "间", "个", "家", "月"],
                    &mut Vec::new(),
                )
            };
            matches!((n(a), n(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::Rounding => {
            let r = |s| {
                code(
                    0,
                    "",
                    s,
                    &[],
                    Rounding::from_code,
                    ROUNDING_ZH,
                    &mut Vec::new(),
                )
            };
            matches!((r(a), r(b)), (Some(x), Some(y)) if x == y)
        }
        Hh::Region => halfwidth(a).trim() == halfwidth(b).trim(),
        _ => a.trim() == b.trim(),
    }
}

const ROUNDING_ZH: &[(&str, &str)] = &[("分", "fen"), ("角", "jiao"), ("元", "yuan")];

/// 城乡类别 as caseworkers write it.
const AREA_ZH: &[(&str, &str)] = &[
    ("城镇", "urban"),
    ("城市", "urban"),
    ("城", "urban"),
    ("农村", "rural"),
    ("乡村", "rural"),
    ("农", "rural"),
];

/// `3710**********1234`: an id number is never shown in full.
pub fn mask_id(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// 18 characters (17 digits and a digit or X) or 15 digits.
fn id_number_shape(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        18 => {
            b[..17].iter().all(u8::is_ascii_digit)
                && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
        }
        15 => b.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// An id number Excel turned into a number in scientific notation
/// (`3.70102E+17`): its digits are lost.
fn is_scientific(s: &str) -> bool {
    let t = s.to_ascii_uppercase();
    match t.split_once("E+") {
        Some((m, e)) => {
            !m.is_empty()
                && m.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && !e.is_empty()
                && e.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The period of the income or deduction in column `i`: its `_period`
/// column, else a month.
fn item_period(
    header: &Header,
    rec: &Record<'_>,
    i: usize,
    errors: &mut Vec<RowError>,
) -> Option<Period> {
    match header.period_of[i] {
        Some(j) => period(rec.line, &header.names[j], rec.get(j), errors),
        None => Some(Period::Month),
    }
}

/// The refusal of 媳妇: a son's wife or one's own wife?
#[cold]
fn ambiguous_relation(line: u64, field: &str, v: &str) -> RowError {
    err(
        "invalid_value",
        line,
        field,
        format!(
            "“{v}”有两种意思：在有的地方指儿媳，在有的地方指妻子，两者计入家庭的方式不同。\
             请写“儿媳”或“妻”（配偶）"
        ),
        format!(
            "{v:?} means a son's wife in some places and one's own wife in others, which are \
             counted differently: write 儿媳 (daughter-in-law) or 妻 (spouse)"
        ),
    )
}

/// An applicant column that names someone other than the 户主: relations
/// written relative to the 户主 cannot be turned into relations to them.
#[cold]
fn applicant_not_head(line: u64, header: &Header, applicant: bool) -> RowError {
    let f = header
        .cols
        .iter()
        .position(|c| *c == Col::Applicant)
        .map_or("applicant", |i| header.names[i].as_str());
    let (zh, en) = if applicant {
        (
            "本行标为申请人，但不是户主（本人）。关系按户主填写时，只支持户主即申请人的户；请改填“与申请人关系”一列，按申请人填写各成员的关系",
            "this row is marked as the applicant but is not the 户主 (self). With relations to the 户主, only households whose 户主 is the applicant are supported; write a relation-to-the-applicant column (与申请人关系) instead",
        )
    } else {
        (
            "户主（本人）这一行标为不是申请人。关系按户主填写时，只支持户主即申请人的户；请改填“与申请人关系”一列，按申请人填写各成员的关系",
            "the 户主 (self) row is marked as not the applicant. With relations to the 户主, only households whose 户主 is the applicant are supported; write a relation-to-the-applicant column (与申请人关系) instead",
        )
    };
    err("invalid_value", line, f, zh.into(), en.into())
}

/// A relation that is not a code: its Chinese words (an in-law is an
/// `other_relative`, linked once the household is read), or refused.
#[cold]
fn relation_slow(line: u64, f: &str, v: &str, errors: &mut Vec<RowError>) -> Option<Relation> {
    // The words of the relation table first: 本人, 配偶 and 子女 lead it, and
    // in a caseload written in Chinese every row comes here (looking at the
    // in-laws and at `code`'s second try first cost 3.5% of such a run,
    // callgrind). No word is both in the table and among the in-laws or
    // the ambiguous ones, so the order changes no answer.
    if let Some(r) = from_zh(v, Relation::from_code, RELATION_ZH) {
        return Some(r);
    }
    if AMBIGUOUS_RELATIONS.contains(&v) {
        errors.push(ambiguous_relation(line, f, v));
        return None;
    }
    if IN_LAWS.iter().any(|(w, _)| *w == v) {
        return Some(Relation::OtherRelative);
    }
    code(
        line,
        f,
        v,
        Relation::CODES,
        Relation::from_code,
        RELATION_ZH,
        errors,
    )
}

/// The keys that make a member the same person as one in another
/// household: the id number; the name and birth date.
fn person_keys(
    persons: &mut Vec<crate::dups::Person>,
    id_number: Option<&str>,
    name: Option<&str>,
    birth: Option<Age>,
    id_birth: Option<Date>,
    line: u64,
) {
    use crate::dups::{hash, Key};
    if let Some(v) = id_number {
        let b = v.as_bytes();
        let (head, last) = b.split_at(b.len() - 1);
        let h = hash(Key::IdNumber, &[head, &[last[0].to_ascii_uppercase()]]);
        persons.push((h, line, Key::IdNumber));
    }
    let birth = match birth {
        Some(Age::BirthDate(d)) => Some(d),
        _ => id_birth,
    };
    if let (Some(n), Some(d)) = (name, birth) {
        let [y0, y1] = d.year().to_be_bytes();
        let date = [y0, y1, d.month(), d.day()];
        let h = hash(Key::NameAndBirth, &[n.as_bytes(), &date]);
        persons.push((h, line, Key::NameAndBirth));
    }
}

/// Builds households from consecutive rows.
#[derive(Default)]
pub struct Builder {
    /// Household values as text, and the line that gave each.
    hh: [(String, u64); HH_COUNT],
    case_id: String,
    pub first_line: u64,
    rows: usize,
    members: Vec<Member>,
    /// (member index, line) of each member, for household-level checks.
    member_lines: Vec<u64>,
    /// The line of every row of the household.
    pub row_lines: Vec<u64>,
    obligors: Vec<Obligor>,
    errors: Vec<RowError>,
    /// Warnings of the CLI's own (an id number in scientific notation).
    notes: Vec<RowError>,
    /// The applicant's name (成员姓名 on the applicant's row).
    applicant_name: String,
    /// The value of the `--by` column on the household's first row with one.
    group: String,
    /// The line of an undecodable record, a household of its own, to
    /// deliver before reading on.
    pub pending: Option<u64>,
    /// Members' rows with a valid id number, checked in `finish` against
    /// the assessment date (issue 13).
    id_rows: Vec<crate::idcard::IdRow>,
    /// The household's persons, to find one counted in two households.
    pub persons: Vec<crate::dups::Person>,
    /// How many of `members` belong to the household being built; the rest
    /// are slots left by earlier households.
    live: usize,
    /// Members beyond the size of the households since, kept with their
    /// allocations so that a household costs (almost) no allocation once the
    /// run is warm.
    spare_members: Vec<Member>,
    /// What each member's relation word says beyond the relation, beside
    /// `members` (issue 18).
    kins: Vec<Kin>,
    /// Whether a member needs linking in `finish` (an in-law, a grandchild,
    /// a 配偶编号 or 父母编号 value): most households need none.
    linking: bool,
    /// The relation, 配偶编号 and 父母编号 columns as the header names them,
    /// for the messages of [`Builder::link`].
    link_cols: [String; 3],
    /// The 赡养费来自 column as the header names it, for the messages of
    /// [`Builder::check_support_received`].
    support_col: String,
}

impl Builder {
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    pub fn case_id(&self) -> &str {
        &self.case_id
    }

    /// Starts a household.
    pub fn start(&mut self, case_id: &str, line: u64) {
        for (s, l) in &mut self.hh {
            s.clear();
            *l = 0;
        }
        self.case_id.clear();
        self.case_id.push_str(case_id);
        self.first_line = line;
        self.rows = 0;
        // The members handed over by `finish` last time are overwritten in
        // place, keeping their allocations.
        self.live = 0;
        self.member_lines.clear();
        self.row_lines.clear();
        self.obligors.clear();
        self.errors.clear();
        self.notes.clear();
        self.applicant_name.clear();
        self.group.clear();
        self.id_rows.clear();
        self.persons.clear();
        self.kins.clear();
        self.linking = false;
    }

    /// A household made of one record that could not be decoded.
    pub fn undecodable(item: &mut Item, line: u64, enc: Encoding) {
        let (zh, en) = match enc {
            Encoding::Utf8 => (
                "该行不是有效的 UTF-8 文本（如为 GB18030/GBK 编码，请去掉 --encoding utf-8）",
                "this line is not valid UTF-8 (for GB18030/GBK files drop --encoding utf-8)",
            ),
            _ => (
                "该行既不是有效的 UTF-8 也不是有效的 GB18030 文本",
                "this line is neither valid UTF-8 nor valid GB18030",
            ),
        };
        item.case_id = None;
        item.line = line;
        item.recorded = None;
        item.errors.clear();
        item.notes.clear();
        for c in &mut item.carry {
            c.clear();
        }
        item.group.clear();
        item.errors
            .push(err("invalid_encoding", line, "", zh.into(), en.into()));
    }

    /// Adds one row (a member) to the household.
    pub fn add(&mut self, header: &Header, rec: &Record<'_>) {
        let line = rec.line;
        self.rows += 1;
        self.row_lines.push(line);
        if rec.len() > header.cols.len() {
            self.errors.push(err(
                "extra_fields",
                line,
                "",
                format!(
                    "该行有 {} 个字段，多于表头的 {} 列（是否有未加引号的逗号？）",
                    rec.len(),
                    header.cols.len()
                ),
                format!(
                    "the row has {} fields, more than the header's {} (an unquoted comma?)",
                    rec.len(),
                    header.cols.len()
                ),
            ));
        }
        if self.rows > dibao::MAX_MEMBERS {
            if self.rows == dibao::MAX_MEMBERS + 1 {
                self.errors.push(err(
                    "out_of_range",
                    line,
                    "member_id",
                    format!("一户最多 {} 名成员", dibao::MAX_MEMBERS),
                    format!("a household has at most {} members", dibao::MAX_MEMBERS),
                ));
            }
            return;
        }
        let errors = &mut self.errors;
        let mut id: Option<&str> = None;
        let mut name: Option<&str> = None;
        let mut applicant: Option<bool> = None;
        let mut relation = None;
        let mut relation_word = "";
        let mut age = None;
        let mut birth = None;
        // The member is written in place, in the slot past the household's
        // members so far: a slot an earlier household used keeps its allocations.
        if self.members.len() == self.live {
            let spare = self.spare_members.pop();
            let fresh = || Member::new(String::new(), Relation::Unrelated, Age::Years(0));
            self.members.push(spare.unwrap_or_else(fresh));
        }
        let (earlier, rest) = self.members.split_at_mut(self.live);
        let m = &mut rest[0];
        *m = Member {
            id: std::mem::take(&mut m.id),
            incomes: std::mem::take(&mut m.incomes),
            deductions: std::mem::take(&mut m.deductions),
            ..Member::new(String::new(), Relation::Unrelated, Age::Years(0))
        };
        m.id.clear();
        m.incomes.clear();
        m.deductions.clear();
        let mut grade = None;
        let mut dkind = None;
        let mut id_info: Option<(crate::idcard::IdInfo, &str, &str)> = None;
        let mut id_number: Option<&str> = None;
        let mut ob_id: Option<&str> = None;
        // Made only when a row has an obligor column.
        let mut ob: Option<Obligor> = None;
        let new_obligor = || Obligor {
            id: String::new(),
            supports: Vec::new(),
            household_size: None,
            household_income: None,
            sharing: 1,
            actual_payment: Money::ZERO,
            supports_total: None,
        };
        // Which of the key member columns had a value: id, relation, age,
        // birth date, disability grade and kind.
        let mut given = [false; 6];
        for field in rec.fields() {
            let i = field.col;
            // Fields past the header were reported above.
            let Some(&col) = header.cols.get(i) else {
                break;
            };
            // Trimmed and not empty.
            let v = rec.value(field);
            let f = header.names[i].as_str();
            match col {
                // Rows are grouped by it: the reader started this household
                // with it and ends the household where it changes.
                Col::Hh(Hh::CaseId) => {}
                Col::Hh(h) => {
                    let (slot, at) = &mut self.hh[h as usize];
                    if slot.is_empty() {
                        slot.push_str(v);
                        *at = line;
                    } else if slot != v && !same_meaning(h, slot, v) {
                        errors.push(err(
                            "conflicting_values",
                            line,
                            f,
                            format!("同一户的“{f}”前后不一致：第 {at} 行为“{slot}”，本行为“{v}”"),
                            format!("{f} differs within the household: {slot:?} on line {at}, {v:?} here"),
                        ));
                    }
                }
                Col::MemberId => {
                    given[0] = true;
                    if v.len() > 64 && v.chars().count() > 64 {
                        errors.push(err(
                            "out_of_range",
                            line,
                            f,
                            "成员编号最长 64 个字符".into(),
                            "a member id has at most 64 characters".into(),
                        ));
                    } else {
                        id = Some(v)
                    }
                }
                Col::Relation => {
                    given[1] = true;
                    relation_word = v;
                    relation = Relation::from_code(v).or_else(|| relation_slow(line, f, v, errors))
                }
                Col::SpouseOf => m.spouse_of = Some(v.to_owned()),
                Col::ChildOf => {
                    let ids = v.split([';', '；', '、', ',', '，']).map(str::trim);
                    m.child_of
                        .extend(ids.filter(|id| !id.is_empty()).map(str::to_owned));
                }
                Col::SupportReceivedFrom => {
                    let ids = v.split([';', '；', '、', ',', '，']).map(str::trim);
                    m.support_received_from
                        .extend(ids.filter(|id| !id.is_empty()).map(str::to_owned));
                    if self.support_col.is_empty() {
                        self.support_col.push_str(f);
                    }
                }
                Col::Name => {
                    name = Some(v);
                    if header.name_as_id {
                        given[0] = true;
                        if v.len() > 64 && v.chars().count() > 64 {
                            errors.push(err(
                                "out_of_range",
                                line,
                                f,
                                "成员姓名（用作成员编号）最长 64 个字符".into(),
                                "a name (used as member id) has at most 64 characters".into(),
                            ));
                        } else {
                            id = Some(v)
                        }
                    }
                }
                Col::Applicant => {
                    if let Some(b) = boolean(line, f, v, errors) {
                        applicant = Some(b);
                    }
                }
                Col::IdNumber => {
                    if id_number_shape(v) {
                        id_number = Some(v);
                    }
                    if is_scientific(v) {
                        self.notes.push(err(
                            "id_number_scientific",
                            line,
                            f,
                            format!(
                                "身份证号“{v}”已被 Excel 改成科学计数法，后几位数字已丢失；\
                                 请在原表中把该列设置单元格格式为文本，重新填写后再导出"
                            ),
                            format!(
                                "the id number {v:?} was turned into scientific notation by Excel and its \
                                 last digits are lost; format the column as Text (设置单元格格式为文本), \
                                 fill it in again and export again"
                            ),
                        ));
                    } else if let Some(e) = crate::idcard::check(v).map_or_else(
                        |p| crate::idcard::problem_note(line, f, v, p),
                        |info| {
                            id_info = Some((info, v, f));
                            None
                        },
                    ) {
                        self.notes.push(e);
                    } else if !id_number_shape(v) {
                        let masked = mask_id(v);
                        self.notes.push(err(
                            "id_number_invalid",
                            line,
                            f,
                            format!("身份证号 {masked} 不是 18 位（或 15 位）的号码，请核对"),
                            format!(
                                "the id number {masked} does not have 18 (or 15) digits; check it"
                            ),
                        ));
                    }
                }
                Col::Age => {
                    given[2] = true;
                    age = int_with(line, f, v, limits::AGE, &["周岁", "岁"], errors)
                        .map(|n| Age::Years(n as u32))
                }
                Col::BirthDate => {
                    given[3] = true;
                    birth = parse_date(line, f, v, errors).map(Age::BirthDate)
                }
                Col::Sex => m.sex = code(line, f, v, Sex::CODES, Sex::from_code, SEX_ZH, errors),
                Col::Status => {
                    m.status = code(
                        line,
                        f,
                        v,
                        Status::CODES,
                        Status::from_code,
                        STATUS_ZH,
                        errors,
                    )
                }
                Col::ClergyYearsApart => {
                    m.clergy_years_apart =
                        int(line, f, v, limits::CLERGY_YEARS_APART, errors).map(|n| n as u32)
                }
                Col::DisabilityGrade => {
                    given[4] = true;
                    grade = self::grade(line, f, v, errors)
                }
                Col::DisabilityKind => {
                    given[5] = true;
                    dkind = code(
                        line,
                        f,
                        v,
                        DisabilityKind::CODES,
                        DisabilityKind::from_code,
                        DISABILITY_ZH,
                        errors,
                    )
                }
                Col::Flag(flag) => {
                    let b = boolean(line, f, v, errors);
                    if let Some(b) = b {
                        match flag {
                            Flag::Cohabiting => m.cohabiting = b,
                            Flag::SupportObligation => m.support_obligation = b,
                            Flag::FullTimeStudent => m.full_time_student = b,
                            Flag::Independent => m.independent = Some(b),
                            Flag::SeriousIllness => m.serious_illness = b,
                            Flag::Employed => m.employed = Some(b),
                            Flag::WorkCapacity => m.work_capacity = Some(b),
                            Flag::Caregiver => m.caregiver = b,
                            Flag::Married => m.married = Some(b),
                            Flag::SeparateHousehold => m.separate_household = b,
                        }
                    }
                }
                Col::Income(kind) => {
                    let amount = money(line, f, v, errors);
                    let period = item_period(header, rec, i, errors);
                    if let (Some(amount), Some(period)) = (amount, period) {
                        m.incomes.push(Income {
                            kind,
                            amount,
                            period,
                        });
                    }
                }
                Col::Deduction(kind) => {
                    let amount = money(line, f, v, errors);
                    let period = item_period(header, rec, i, errors);
                    if let (Some(amount), Some(period)) = (amount, period) {
                        m.deductions.push(Deduction {
                            kind,
                            amount,
                            period,
                        });
                    }
                }
                // Read with their amount.
                Col::IncomePeriod(_) | Col::DeductionPeriod(_) => {}
                Col::ObligorId => ob_id = Some(v),
                Col::ObligorHouseholdSize => {
                    ob.get_or_insert_with(new_obligor).household_size =
                        int(line, f, v, limits::OBLIGOR_HOUSEHOLD_SIZE, errors).map(|n| n as u32)
                }
                Col::ObligorHouseholdIncome => {
                    ob.get_or_insert_with(new_obligor).household_income = money(line, f, v, errors)
                }
                Col::ObligorSharing => {
                    if let Some(n) = int(line, f, v, limits::OBLIGOR_SHARING, errors) {
                        ob.get_or_insert_with(new_obligor).sharing = n as u32
                    }
                }
                Col::ObligorPayment => {
                    if let Some(a) = money(line, f, v, errors) {
                        ob.get_or_insert_with(new_obligor).actual_payment = a
                    }
                }
                Col::ObligorSupportsTotal => {
                    ob.get_or_insert_with(new_obligor).supports_total =
                        int(line, f, v, limits::OBLIGOR_SUPPORTS_TOTAL, errors).map(|n| n as u32)
                }
                Col::Ignored => {}
            }
        }
        if let (Some(grade), Some(kind)) = (grade, dkind) {
            m.disability = Some(Disability { grade, kind });
        }
        if given[4] != given[5] {
            // The half that is missing, as its column is named in the
            // template (an error names one column, or the row).
            let missing = if given[4] {
                "disability_kind"
            } else {
                "disability_grade"
            };
            errors.push(err(
                "missing_field",
                line,
                missing,
                "残疾须同时填写残疾等级（disability_grade）和类别（disability_kind）".into(),
                "a disability needs both disability_grade and disability_kind".into(),
            ));
        }
        if let Some(id) = id {
            if earlier.iter().any(|o| o.id == id) {
                errors.push(err(
                    "duplicate_id",
                    line,
                    "member_id",
                    format!("成员编号“{id}”在本户中已被前面的行使用"),
                    format!("member id {id:?} is already used by an earlier row of this household"),
                ));
            }
        } else if !given[0] {
            errors.push(err(
                "missing_field",
                line,
                "member_id",
                "缺少成员编号（member_id）".into(),
                "member_id is required".into(),
            ));
        }
        if !given[1] {
            errors.push(err(
                "missing_field",
                line,
                "relation",
                "缺少与申请人关系（relation）".into(),
                "relation is required".into(),
            ));
        }
        let age = match (given[2], given[3]) {
            (true, false) => age,
            (false, true) => birth,
            _ => {
                // The member's row as a whole, as the core names the
                // member (`members[i]`): neither column alone is at fault.
                errors.push(err(
                    "age_or_birth_date",
                    line,
                    "",
                    "须且只须填写年龄（age）或出生日期（birth_date）之一".into(),
                    "give exactly one of age and birth_date".into(),
                ));
                None
            }
        };
        if let (Some(id), Some(ob_id)) = (id, ob_id) {
            match self.obligors.iter_mut().find(|o| o.id == ob_id) {
                Some(o) => o.supports.push(id.to_owned()),
                None => {
                    let mut ob = ob.unwrap_or_else(new_obligor);
                    ob.id = ob_id.to_owned();
                    ob.supports.push(id.to_owned());
                    self.obligors.push(ob);
                }
            }
        }
        if let Some(g) = header.group {
            let v = rec.get(g);
            if self.group.is_empty() && !v.is_empty() {
                self.group.push_str(v);
            }
        }
        if let (Some(a), Some(r)) = (applicant, relation) {
            if a != (r == Relation::SelfApplicant) {
                errors.push(applicant_not_head(line, header, a));
            }
        }
        if relation == Some(Relation::SelfApplicant) {
            if let Some(n) = name {
                self.applicant_name.clear();
                self.applicant_name.push_str(n);
            }
        }
        let id_birth = id_info.map(|i| i.0.birth);
        person_keys(&mut self.persons, id_number, name, birth, id_birth, line);
        if let Some((info, v, f)) = id_info {
            self.id_rows.push(crate::idcard::IdRow {
                line,
                field: f.to_owned(),
                masked: mask_id(v),
                info,
                birth_date: match birth {
                    Some(Age::BirthDate(d)) => Some(d),
                    _ => None,
                },
                age: crate::idcard::years(age),
                sex: m.sex,
            });
        }
        if let (Some(id), Some(relation), Some(age)) = (id, relation, age) {
            m.id.push_str(id);
            m.relation = relation;
            m.age = age;
            let kin = kin(relation_word, relation);
            if kin.links() || m.spouse_of.is_some() || !m.child_of.is_empty() {
                self.linking = true;
                if self.link_cols[0].is_empty() {
                    self.link_cols = link_cols(header);
                }
            }
            self.kins.push(kin);
            self.live += 1;
            self.member_lines.push(line);
        }
    }

    /// 赡养费来自 names obligors of the household (赡养人编号), whose monthly
    /// 实际赡养费 together must equal the row's 赡养费收入: the same support,
    /// counted once (docs/rules.md). The JSON reader checks the same.
    fn check_support_received(&self, errors: &mut Vec<RowError>) {
        let col = self.support_col.as_str();
        for (m, &l) in self.members.iter().zip(&self.member_lines) {
            let mut paid = Some(Money::ZERO);
            for id in &m.support_received_from {
                match self.obligors.iter().find(|o| o.id == *id) {
                    Some(o) => paid = paid.and_then(|p| p.checked_add(o.actual_payment)),
                    None => {
                        errors.push(err(
                            "unknown_member",
                            l,
                            col,
                            format!("“{col}”写的“{id}”不是本户任何赡养人的编号（赡养人编号）"),
                            format!("{col} names {id:?}, but no obligor of the household has that id (obligor_id)"),
                        ));
                        paid = None;
                    }
                }
            }
            if m.support_received_from.is_empty() {
                continue;
            }
            let received = m.support_received_monthly();
            if let (Some(received), Some(paid)) = (received, paid) {
                if received != paid {
                    errors.push(err(
                        "support_mismatch",
                        l,
                        col,
                        format!("本行赡养费收入每月 {received} 元，而“{col}”所列赡养人的实际赡养费每月合计 {paid} 元；同一笔赡养费须一致，才能只计一次"),
                        format!("the row's support received ({received} a month) differs from the actual payment of the obligors {col} names ({paid} a month); the same support must agree to be counted once"),
                    ));
                }
            }
        }
    }

    /// Finishes the household into `item`, reusing its allocations:
    /// household columns parsed, household-level checks.
    pub fn finish(&mut self, item: &mut Item) {
        // Slots past the household's members: kept aside for their allocations.
        for m in self.members.drain(self.live..) {
            if self.spare_members.len() < dibao::MAX_MEMBERS {
                self.spare_members.push(m);
            }
        }
        let line = self.first_line;
        let mut errors = std::mem::take(&mut self.errors);
        // Links name members: only a household read whole can be linked.
        if self.linking && self.members.len() == self.rows.min(dibao::MAX_MEMBERS) {
            self.link(&mut errors);
        }
        let text = |h: Hh| {
            let (s, l) = &self.hh[h as usize];
            (!s.is_empty()).then_some((s.as_str(), *l))
        };
        let name = |h: Hh| HH[h as usize].1;
        let m = |h: Hh, errors: &mut Vec<RowError>| {
            text(h).and_then(|(s, l)| money(l, name(h), s, errors))
        };
        // The case id moves to the item; the item's old string comes back
        // to hold the next one (`start` empties it).
        match (&mut item.case_id, self.case_id.is_empty()) {
            (_, true) => item.case_id = None,
            (Some(id), false) => std::mem::swap(id, &mut self.case_id),
            (slot, false) => *slot = Some(std::mem::take(&mut self.case_id)),
        }
        if item.case_id.is_none() {
            errors.push(err(
                "missing_field",
                line,
                "case_id",
                "缺少案件编号（case_id）".into(),
                "case_id is required".into(),
            ));
        }
        set_text(&mut item.household.region, text(Hh::Region).map(|(s, _)| s));
        item.household.area = text(Hh::Area).and_then(|(s, l)| {
            code(
                l,
                "area",
                s,
                dibao::Area::CODES,
                dibao::Area::from_code,
                AREA_ZH,
                &mut errors,
            )
        });
        let date = match text(Hh::Date) {
            Some((s, l)) => parse_date(l, "date", s, &mut errors),
            None => {
                errors.push(err(
                    "missing_field",
                    line,
                    "date",
                    "缺少核算日期（date）".into(),
                    "date is required".into(),
                ));
                None
            }
        };
        let mut policy = Policy {
            standard: m(Hh::Standard, &mut errors),
            ..Policy::default()
        };
        if let (Some(s), Some((_, l))) = (policy.standard, text(Hh::Standard)) {
            if let Err(e) = limits::standard(s, "standard") {
                errors.push(RowError::from_core(&e, l, true));
                policy.standard = None;
            }
        }
        if let Some((s, l)) = text(Hh::EdgeMultiple) {
            match s.parse::<rust_decimal::Decimal>() {
                Ok(d) => match limits::edge_multiple(d, s, "edge_multiple") {
                    Ok(d) => policy.edge_multiple = Some(d),
                    Err(e) => errors.push(RowError::from_core(&e, l, true)),
                },
                _ => errors.push(err(
                    "invalid_type",
                    l,
                    "edge_multiple",
                    format!("边缘倍数“{s}”应为 1 至 5 之间的小数"),
                    format!("edge_multiple {s:?} must be a decimal from 1 to 5"),
                )),
            }
        }
        if let Some((s, l)) = text(Hh::Rounding) {
            policy.rounding = code(
                l,
                "rounding",
                s,
                &["fen", "jiao", "yuan", "yuan_ceil"],
                Rounding::from_code,
                ROUNDING_ZH,
                &mut errors,
            );
        }
        if let Some((s, l)) = text(Hh::GradualExitMonths) {
            policy.gradual_exit_months = int(
                l,
                "gradual_exit_months",
                s,
                limits::GRADUAL_EXIT_MONTHS,
                &mut errors,
            )
            .map(|n| n as u32);
        }
        let recorded = m(Hh::RecordedAmount, &mut errors);
        let current_amount = m(Hh::CurrentAmount, &mut errors);
        let employment_since = text(Hh::EmploymentSince)
            .and_then(|(s, l)| parse_date(l, "employment_since", s, &mut errors));
        let above_standard_since = text(Hh::AboveStandardSince)
            .and_then(|(s, l)| parse_date(l, "above_standard_since", s, &mut errors));
        let dated = text(Hh::EmploymentSince).or(text(Hh::AboveStandardSince));
        let current = match (current_amount, dated) {
            (Some(monthly_amount), _) => Some(Current {
                monthly_amount,
                employment_since,
                above_standard_since,
            }),
            (None, Some((_, l))) if text(Hh::CurrentAmount).is_none() => {
                errors.push(err(
                    "missing_field",
                    l,
                    "current_amount",
                    "填写了就业日期（employment_since）或收入超标日期（above_standard_since）但未填写现享受金额（current_amount）".into(),
                    "employment_since or above_standard_since is given but current_amount is not".into(),
                ));
                None
            }
            _ => None,
        };
        // Dates in `current` on or before the assessment date; income above
        // the standard only after the employment (docs/errors.md).
        if let (Some(c), Some(d)) = (&current, date) {
            for (h, since) in [
                (Hh::EmploymentSince, c.employment_since),
                (Hh::AboveStandardSince, c.above_standard_since),
            ] {
                if let (Some(since), Some((_, l))) = (since, text(h)) {
                    if since > d {
                        errors.push(err(
                            "current_after_date",
                            l,
                            name(h),
                            format!("{}晚于核算日期", HH[h as usize].2[0]),
                            format!("{} is after the assessment date", name(h)),
                        ));
                    }
                }
            }
        }
        if let (Some(job), Some(above), Some((_, l))) = (
            employment_since,
            above_standard_since,
            text(Hh::AboveStandardSince),
        ) {
            if above < job {
                errors.push(err(
                    "above_standard_before_employment",
                    l,
                    "above_standard_since",
                    "收入超标日期早于就业日期".into(),
                    "above_standard_since is before employment_since".into(),
                ));
            }
        }
        let asset_cols = [
            Hh::Deposits,
            Hh::Securities,
            Hh::Insurance,
            Hh::Claims,
            Hh::OtherFinancial,
            Hh::Vehicles,
            Hh::Homes,
            Hh::Businesses,
            Hh::HomeArea,
            Hh::NonResidential,
            Hh::SeriousIllnessExemption,
        ];
        let assets = if asset_cols.iter().any(|&h| text(h).is_some()) {
            let mut a = Assets {
                deposits: m(Hh::Deposits, &mut errors).unwrap_or_default(),
                securities: m(Hh::Securities, &mut errors).unwrap_or_default(),
                insurance: m(Hh::Insurance, &mut errors).unwrap_or_default(),
                claims: m(Hh::Claims, &mut errors).unwrap_or_default(),
                other_financial: m(Hh::OtherFinancial, &mut errors).unwrap_or_default(),
                ..Assets::default()
            };
            if let Some((s, l)) = text(Hh::Homes) {
                a.homes = int_with(l, "homes", s, limits::ASSET_COUNT, &["套"], &mut errors)
                    .unwrap_or(0) as u32;
            }
            if let Some((s, l)) = text(Hh::Businesses) {
                a.businesses = int_with(
                    l,
                    "businesses",
                    s,
                    limits::ASSET_COUNT,
                    &["个", "家"],
                    &mut errors,
                )
                .unwrap_or(0) as u32;
            }
            if let Some((s, l)) = text(Hh::HomeArea) {
                a.home_area = floor_area(l, "home_area", s, &mut errors);
            }
            if let Some((s, l)) = text(Hh::NonResidential) {
                a.non_residential = int_with(
                    l,
                    "non_residential",
                    s,
                    limits::ASSET_COUNT,
                    &["套", "处", "间", "个"],
                    &mut errors,
                )
                .unwrap_or(0) as u32;
            }
            if let Some((s, l)) = text(Hh::SeriousIllnessExemption) {
                a.serious_illness_exemption =
                    boolean(l, "serious_illness_exemption", s, &mut errors);
            }
            if let Some((s, l)) = text(Hh::Vehicles) {
                // `car:50000;motorcycle:3000`, also as typed in Chinese
                // (`小汽车：50000；摩托车：3000`).
                let parts = s.split([';', '；']).map(str::trim);
                for part in parts.filter(|p| !p.is_empty()) {
                    let Some((k, v)) = part.split_once([':', '：']) else {
                        errors.push(err(
                            "invalid_value",
                            l,
                            "vehicles",
                            format!("车辆“{part}”应写作 种类:价值，如 car:50000 或 小汽车:50000"),
                            format!("vehicle {part:?} must be written kind:value, like car:50000"),
                        ));
                        continue;
                    };
                    let kind = code(
                        l,
                        "vehicles",
                        k.trim(),
                        VehicleKind::CODES,
                        VehicleKind::from_code,
                        VEHICLE_ZH,
                        &mut errors,
                    );
                    let value = money(l, "vehicles", v.trim(), &mut errors);
                    if let (Some(kind), Some(value)) = (kind, value) {
                        a.vehicles.push(Vehicle { value, kind });
                    }
                }
            }
            Some(a)
        } else {
            None
        };
        // Household-level checks on the members.
        let applicants = self
            .members
            .iter()
            .filter(|m| m.relation == Relation::SelfApplicant)
            .count();
        let all_read = self.members.len() == self.rows.min(dibao::MAX_MEMBERS);
        if applicants == 0 && all_read {
            errors.push(err(
                "no_applicant",
                line,
                "relation",
                "本户没有申请人（relation 为 self/本人 的行）".into(),
                "the household has no applicant (a row with relation self)".into(),
            ));
        } else if applicants > 1 {
            errors.push(err(
                "multiple_applicants",
                line,
                "relation",
                "本户有多名申请人（relation 为 self/本人 的行）".into(),
                "the household has more than one applicant (relation self)".into(),
            ));
        }
        if let Some(d) = date {
            for (m, &l) in self.members.iter().zip(&self.member_lines) {
                if matches!(m.age, Age::BirthDate(b) if b > d) {
                    errors.push(err(
                        "born_after_date",
                        l,
                        "birth_date",
                        "出生日期晚于核算日期".into(),
                        "the birth date is after the assessment date".into(),
                    ));
                }
            }
        }
        for o in &self.obligors {
            if o.supports_total
                .is_some_and(|n| (n as usize) < o.supports.len())
            {
                errors.push(err(
                    "out_of_range",
                    line,
                    "obligor_supports_total",
                    format!("赡养人“{}”的赡养对象数少于本户由其赡养的成员数（{}）", o.id, o.supports.len()),
                    format!("obligor {:?} supports fewer people in all than the {} members of this household it supports", o.id, o.supports.len()),
                ));
            }
        }
        self.check_support_received(&mut errors);
        for (m, &l) in self.members.iter().zip(&self.member_lines) {
            if m.status == Some(dibao::Status::Clergy) && m.clergy_years_apart.is_none() {
                errors.push(err(
                    "clergy_years_missing",
                    l,
                    "clergy_years_apart",
                    "宗教教职人员须填写离家年数（clergy_years_apart）".into(),
                    "a member with status clergy needs clergy_years_apart".into(),
                ));
            }
        }
        for row in &self.id_rows {
            crate::idcard::cross_check(row, date, &mut self.notes);
        }
        errors.sort_by_key(|e| e.line);
        // The case id travels beside the household (in the item), not
        // through the engine: the batch output takes it from there.
        let h = &mut item.household;
        h.case_id = None;
        if let Some(date) = date {
            h.date = date;
        }
        h.policy = policy;
        // The item's members (already assessed) come back to be reused.
        std::mem::swap(&mut h.members, &mut self.members);
        h.assets = assets;
        // `start` empties the item's old obligors.
        std::mem::swap(&mut h.obligors, &mut self.obligors);
        h.current = current;
        h.recorded_amount = recorded;
        item.line = line;
        item.recorded = recorded;
        item.errors = errors;
        item.notes.clear();
        item.notes.append(&mut self.notes);
        // Only inputs with carried columns pay for them.
        let any = |a: &[String]| a.iter().any(|s| !s.is_empty());
        let slots = [Hh::HeadName, Hh::Community, Hh::Street, Hh::County];
        let carrying = !self.applicant_name.is_empty()
            || slots.iter().any(|&h| !self.hh[h as usize].0.is_empty())
            || any(&item.carry);
        let carried = [
            match text(Hh::HeadName) {
                Some((s, _)) => s,
                None => self.applicant_name.as_str(),
            },
            text(Hh::Community).map_or("", |(s, _)| s),
            text(Hh::Street).map_or("", |(s, _)| s),
            text(Hh::County).map_or("", |(s, _)| s),
        ];
        if carrying {
            for (slot, v) in item.carry.iter_mut().zip(carried) {
                slot.clear();
                slot.push_str(v);
            }
        }
        if !self.group.is_empty() || !item.group.is_empty() {
            item.group.clear();
            item.group.push_str(&self.group);
        }
        self.rows = 0;
    }
}

/// The relation, 配偶编号 and 父母编号 columns as `header` names them.
#[cold]
fn link_cols(header: &Header) -> [String; 3] {
    let name = |want: Col, default: &str| {
        header
            .cols
            .iter()
            .position(|c| *c == want)
            .map_or(default, |i| header.names[i].as_str())
            .to_owned()
    };
    [
        name(Col::Relation, "relation"),
        name(Col::SpouseOf, "配偶编号"),
        name(Col::ChildOf, "父母编号"),
    ]
}

/// Whom a member is linked to by the reader (not by a column of its own).
enum Link {
    /// `spouse_of` this member.
    Spouse(usize),
    /// `child_of` this member.
    Child(usize),
    /// A parent of this member (the spouse): added to its `child_of`.
    ParentOf(usize),
}

/// Why an in-law or a grandchild could not be linked: no member the word can
/// mean, or several.
#[derive(Clone, Copy)]
enum Unlinked {
    /// No row with the relation at all.
    NoRow,
    /// Rows with the relation, none of the right sex.
    NoneFits,
    /// This many rows could be the one.
    Several(usize),
}

/// An in-law the reader cannot link: refused, with what to write instead.
#[cold]
fn in_law_unlinked(line: u64, field: &str, kin: Kin, why: Unlinked) -> RowError {
    // (word, its meaning, the relation of the member it links to) in Chinese, then English.
    let (word, through, row, en_word, en_row) = match kin {
        Kin::ChildInLaw(Sex::Male) => {
            ("儿媳", "儿子的配偶", "子女", "a son's wife (儿媳)", "child")
        }
        Kin::ChildInLaw(Sex::Female) => (
            "女婿",
            "女儿的配偶",
            "子女",
            "a daughter's husband (女婿)",
            "child",
        ),
        Kin::GrandchildInLaw(Sex::Male) => (
            "孙媳妇",
            "孙子或外孙的配偶",
            "孙子女",
            "a grandson's wife (孙媳妇)",
            "grandchild",
        ),
        Kin::GrandchildInLaw(Sex::Female) => (
            "孙女婿",
            "孙女或外孙女的配偶",
            "孙子女",
            "a granddaughter's husband (孙女婿)",
            "grandchild",
        ),
        Kin::ParentInLaw(Sex::Male) => (
            "公公、婆婆",
            "户主丈夫的父母",
            "配偶",
            "a husband's parent (公公/婆婆)",
            "spouse",
        ),
        _ => (
            "岳父、岳母",
            "户主妻子的父母",
            "配偶",
            "a wife's parent (岳父/岳母)",
            "spouse",
        ),
    };
    let (zh_why, en_why) = match why {
        Unlinked::NoRow => (
            format!("本户没有“{row}”行"),
            format!("the household has no {en_row} row"),
        ),
        Unlinked::NoneFits => (
            format!("本户的“{row}”行中没有性别相符的"),
            format!("no {en_row} row of the household has the right sex"),
        ),
        Unlinked::Several(n) => (
            format!("本户有 {n} 个可能的“{row}”行，无法确定是哪一个"),
            format!("the household has {n} {en_row} rows it could be, so which one is unclear"),
        ),
    };
    let (zh_fix, en_fix) = match kin {
        Kin::ParentInLaw(_) => (
            "请填上户主配偶的行（并可在配偶行的“父母编号”列填写本行的成员编号）",
            "add the spouse's row (its 父母编号 column may name this row's member id)",
        ),
        _ => (
            "请加“配偶编号”列，在本行填写其配偶的成员编号",
            "add a spouse_of (配偶编号) column with the spouse's member id on this row",
        ),
    };
    err(
        "in_law_unlinked",
        line,
        field,
        format!(
            "{word}（{through}）只经其所连的家庭成员计入，但{zh_why}。{zh_fix}；\
             或把关系改为“其他亲属”，并按实际填写“有法定赡养扶养抚养关系”"
        ),
        format!(
            "{en_word} is counted only through the member they are linked to, but {en_why}: \
             {en_fix}, or write other_relative (其他亲属) and fill support_obligation \
             (有法定赡养扶养抚养关系) as it is"
        ),
    )
}

/// A grandchild whose parent the reader cannot tell, read as the reference
/// person's grandchild: a warning, where the reading decides whether the
/// grandchild is counted.
#[cold]
fn grandchild_parent_unknown(line: u64, field: &str, why: Unlinked) -> RowError {
    let (zh_why, en_why) = match why {
        Unlinked::Several(n) => (
            format!("本户有 {n} 个子女行，无法确定是谁的子女"),
            format!("the household has {n} child rows, so whose child this is is unclear"),
        ),
        _ => (
            "本户的子女行性别与“孙”“外孙”不符（孙子女是儿子的子女，外孙子女是女儿的子女），未按其子女计".to_owned(),
            "no child row has the sex the word says (孙: a son's child, 外孙: a daughter's)".to_owned(),
        ),
    };
    err(
        "grandchild_parent_unknown",
        line,
        field,
        format!(
            "{zh_why}；按户主的孙子女核算，只有“有法定赡养扶养抚养关系”为是且共同居住时才计入。\
             请加“父母编号”列，填写其父亲或母亲的成员编号"
        ),
        format!(
            "{en_why}; read as the reference person's grandchild, counted only with \
             support_obligation (有法定赡养扶养抚养关系) and cohabiting. Add a child_of \
             (父母编号) column with the parent's member id"
        ),
    )
}

impl Builder {
    /// Links in-laws to the member they are married to and grandchildren
    /// to their parent (docs/batch.md, in-laws and grandchildren), where no
    /// 配偶编号 / 父母编号 value says it: the household's only member the
    /// relation's word can mean. In-laws owe no support of their own: one
    /// that cannot be linked is refused rather than counted through an
    /// invented marriage. Also checks the ids those columns name.
    fn link(&mut self, errors: &mut Vec<RowError>) {
        let [rel_col, spouse_col, child_col] = &self.link_cols;
        let members = &self.members;
        let kins = &self.kins;
        let lines = &self.member_lines;
        let find = |id: &str| members.iter().position(|m| m.id == id);
        for (i, m) in members.iter().enumerate() {
            let named = m.spouse_of.iter().map(|id| (id, spouse_col));
            for (id, col) in named.chain(m.child_of.iter().map(|id| (id, child_col))) {
                match find(id) {
                    Some(j) if j == i => errors.push(err(
                        "invalid_value",
                        lines[i],
                        col,
                        format!("“{col}”写的“{id}”是本行成员自己"),
                        format!("{col} names this row's own member ({id:?})"),
                    )),
                    Some(_) => {}
                    None => errors.push(err(
                        "unknown_member",
                        lines[i],
                        col,
                        format!("“{col}”写的“{id}”不是本户任何成员的编号"),
                        format!("{col} names {id:?}, but no member of the household has that id"),
                    )),
                }
            }
        }
        // A member's sex: its column, else its word (儿子, 孙女 …).
        let sex = |j: usize| {
            members[j].sex.or(match kins[j] {
                Kin::Child(s) => Some(s),
                Kin::Grandchild { own, .. } => own,
                _ => None,
            })
        };
        // The one member of relation `r` (and sex `want`, where known) the
        // word can mean.
        let only = |r: Relation, want: Option<Sex>| {
            let rows: Vec<usize> = (0..members.len())
                .filter(|&j| members[j].relation == r)
                .collect();
            let fits: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&j| match (want, sex(j)) {
                    (Some(w), Some(s)) => w == s,
                    _ => true,
                })
                .collect();
            match (rows.len(), fits.as_slice()) {
                (_, &[j]) => Ok(j),
                (0, _) => Err(Unlinked::NoRow),
                (_, []) => Err(Unlinked::NoneFits),
                (_, f) => Err(Unlinked::Several(f.len())),
            }
        };
        let mut links: Vec<(usize, Link)> = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let found = match kins[i] {
                Kin::ChildInLaw(s) if m.spouse_of.is_none() => {
                    only(Relation::Child, Some(s)).map(Link::Spouse)
                }
                Kin::GrandchildInLaw(s) if m.spouse_of.is_none() => {
                    only(Relation::Grandchild, Some(s)).map(Link::Spouse)
                }
                Kin::ParentInLaw(s) => only(Relation::Spouse, Some(s)).map(Link::ParentOf),
                Kin::Grandchild { parent, .. } if m.child_of.is_empty() => {
                    only(Relation::Child, parent).map(Link::Child)
                }
                _ => continue,
            };
            match (found, kins[i]) {
                (Ok(link), _) => links.push((i, link)),
                // No child in the household: the grandchild of the
                // reference person, as the word says; nothing to warn of.
                (Err(Unlinked::NoRow), Kin::Grandchild { .. }) => {}
                (Err(why), Kin::Grandchild { .. }) => {
                    // Counted either way when the duty is stated.
                    if !(m.support_obligation && m.cohabiting) {
                        self.notes
                            .push(grandchild_parent_unknown(lines[i], rel_col, why));
                    }
                }
                (Err(why), kin) => errors.push(in_law_unlinked(lines[i], rel_col, kin, why)),
            }
        }
        // A spouse's own 父母编号 says who its parents are: the reader adds
        // none to it.
        let stated: Vec<bool> = members.iter().map(|m| !m.child_of.is_empty()).collect();
        for (i, link) in links {
            match link {
                Link::Spouse(j) => self.members[i].spouse_of = Some(self.members[j].id.clone()),
                Link::Child(j) => {
                    let id = self.members[j].id.clone();
                    self.members[i].child_of.push(id);
                }
                Link::ParentOf(j) if !stated[j] => {
                    let id = self.members[i].id.clone();
                    self.members[j].child_of.push(id);
                }
                Link::ParentOf(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(text: &[u8]) -> Vec<Item> {
        let mut r = CsvReader::new(text, Encoding::Auto);
        let rec = r.next_record().ok().unwrap().unwrap();
        let header = Header::parse(&rec, false).ok().unwrap();
        let mut b = Builder::default();
        let mut out = Vec::new();
        loop {
            let rec = match r.next_record() {
                Ok(Some(rec)) => rec,
                Ok(None) => break,
                Err(_) => panic!(),
            };
            let id = header.case_id(&rec);
            if !b.is_empty() && !id.is_empty() && id != b.case_id() {
                let mut item = Item::default();
                b.finish(&mut item);
                out.push(item);
            }
            if b.is_empty() {
                b.start(id, rec.line);
            }
            b.add(&header, &rec);
        }
        if !b.is_empty() {
            let mut item = Item::default();
            b.finish(&mut item);
            out.push(item);
        }
        out
    }

    #[test]
    fn quoted_fields_and_households() {
        let out = read_all(
            "case_id,date,standard,member_id,relation,age,wage,wage_period\n\
             \"H,1\",2024-03-15,1000,A,self,40,\"1,20\",\n\
             \"H,1\",,,B,配偶,38,,\n\
             H2,2024/3/15,1000,A,本人,70,12000,year\r\n"
                .as_bytes(),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].case_id.as_deref(), Some("H,1"));
        let e = out[0].result().unwrap_err();
        assert_eq!(e[0].code, "invalid_amount");
        assert_eq!(e[0].line, 2);
        let h = out[1].result().unwrap();
        assert_eq!(h.members[0].incomes[0].period, Period::Year);
        assert_eq!(h.date.to_string(), "2024-03-15");
    }

    /// Every error names one column of the header, a required column that
    /// is missing, or the row (found by the csv_caseload fuzz target: the
    /// errors named `disability_grade/disability_kind` and `age/birth_date`).
    #[test]
    fn errors_name_one_column_or_the_row() {
        let out = read_all(
            "case_id,date,standard,member_id,relation,age,birth_date,disability_grade\n\
             H1,2024-03-15,1000,A,self,40,1984-01-01,\n\
             H2,2024-03-15,1000,A,self,40,,2\n"
                .as_bytes(),
        );
        let fields = |i: usize| -> Vec<(&str, String)> {
            let e = out[i].result().unwrap_err();
            e.iter().map(|e| (e.code, e.field.clone())).collect()
        };
        assert_eq!(fields(0), [("age_or_birth_date", String::new())]);
        assert_eq!(fields(1), [("missing_field", "disability_kind".to_owned())]);
        assert!(column("disability_kind").is_some());
    }

    #[test]
    fn current_dates_and_clergy_years_checked() {
        let out = read_all(
            "case_id,date,standard,current_amount,employment_since,above_standard_since,member_id,relation,age,status,clergy_years_apart,obligor_id,obligor_supports_total\n\
             H1,2024-03-15,1000,800,2024-03-16,2024-03-10,A,self,40,,,,\n\
             H1,,,,,,B,spouse,41,宗教教职人员,,,\n\
             H2,2024-03-15,1000,800,2024-01-10,2024-02-01,A,self,70,,,O,3\n\
             H4,2024-03-15,0,,,,A,self,40,,,,\n"
                .as_bytes(),
        );
        let e = out[0].result().unwrap_err();
        let got: Vec<(&str, u64, &str)> = e
            .iter()
            .map(|e| (e.code, e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("current_after_date", 2, "employment_since"),
                (
                    "above_standard_before_employment",
                    2,
                    "above_standard_since"
                ),
                ("clergy_years_missing", 3, "clergy_years_apart"),
            ]
        );
        let e = out[2].result().unwrap_err();
        assert_eq!(
            (e[0].code, e[0].field.as_str()),
            ("standard_not_positive", "standard")
        );
        let h = out[1].result().unwrap();
        let c = h.current.as_ref().unwrap();
        assert_eq!(c.above_standard_since.unwrap().to_string(), "2024-02-01");
        assert_eq!(h.obligors[0].supports_total, Some(3));
    }

    #[test]
    fn household_columns_are_listed_in_the_order_of_their_enum() {
        // `HH[h as usize]` names a column by its variant.
        assert_eq!(HH.len(), HH_COUNT);
        for (i, (h, _, _)) in HH.iter().enumerate() {
            assert_eq!(*h as usize, i, "{h:?}");
        }
    }

    #[test]
    fn property_and_support_columns() {
        let out = read_all(
            "户编号,核算日期,低保标准,住房套数,住房建筑面积,非住宅房产数,重病财产豁免,车辆,成员编号,与户主关系,年龄,赡养费收入,赡养费来自,赡养人编号,实际赡养费,赡养人赡养对象数,已婚,申请分户\n\
             H1,2024-03-15,1000,2,８５．５平方米,1处,是,小汽车：50000；残疾人代步车:8000元,A,本人,70,300,O,O,300,3,是,\n\
             H1,,,,85.50,,√,,B,子女,40,,,,,,,是\n\
             H2,2024-03-15,1000,,１e3,-1,也许,飞机:1;car50000,A,本人,70,200,P;Q,O,300,,,\n\
             H3,2024-03-15,1000,,100001,,,,A,本人,70,200,O,O,300,,,\n"
                .as_bytes(),
        );
        let h = out[0].result().unwrap();
        let a = h.assets.as_ref().unwrap();
        assert_eq!(a.homes, 2);
        // Read as the JSON input reads `"85.5"`; 85.50 on the next row agrees.
        assert_eq!(a.home_area, Some("85.5".parse().unwrap()));
        assert_eq!(a.non_residential, 1);
        assert_eq!(a.serious_illness_exemption, Some(true));
        let v: Vec<(VehicleKind, String)> = a
            .vehicles
            .iter()
            .map(|v| (v.kind, v.value.to_string()))
            .collect();
        assert_eq!(
            v,
            [
                (VehicleKind::Car, "50000.00".to_owned()),
                (VehicleKind::DisabilityMobility, "8000.00".to_owned())
            ]
        );
        assert_eq!(h.members[0].support_received_from, ["O"]);
        assert_eq!(h.members[0].married, Some(true));
        assert!(h.members[1].separate_household);
        assert_eq!(h.obligors[0].supports_total, Some(3));
        // Each bad value: its column and its row, in Chinese and English.
        let e = out[1].result().unwrap_err();
        let got: Vec<(&str, u64, &str)> = e
            .iter()
            .map(|e| (e.code, e.line, e.field.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("invalid_type", 4, "home_area"),
                ("out_of_range", 4, "non_residential"),
                ("invalid_value", 4, "serious_illness_exemption"),
                ("invalid_value", 4, "vehicles"),
                ("invalid_value", 4, "vehicles"),
                ("unknown_member", 4, "赡养费来自"),
                ("unknown_member", 4, "赡养费来自"),
            ]
        );
        assert!(
            e[0].zh.contains("平方米") && e[0].en.contains("square metres"),
            "{e:?}"
        );
        assert!(
            e[3].zh.contains("小汽车") && e[3].en.contains("car"),
            "{e:?}"
        );
        assert!(e[4].zh.contains("小汽车:50000"), "{e:?}");
        assert!(
            e[5].zh.contains("“P”") && e[5].en.contains("\"P\""),
            "{e:?}"
        );
        let e = out[2].result().unwrap_err();
        let got: Vec<(&str, &str)> = e.iter().map(|e| (e.code, e.field.as_str())).collect();
        assert_eq!(
            got,
            [
                ("out_of_range", "home_area"),
                ("support_mismatch", "赡养费来自")
            ]
        );
        assert!(
            e[1].zh.contains("200.00") && e[1].zh.contains("300.00") && e[1].en.contains("300.00"),
            "{e:?}"
        );
    }

    /// Every record as (line, fields), read through `r`.
    fn records(r: impl Buffered, enc: Encoding) -> Vec<(u64, Vec<String>)> {
        let mut r = CsvReader::new(r, enc);
        let mut out = Vec::new();
        while let Ok(Some(rec)) = r.next_record() {
            let fields = (0..rec.len()).map(|i| rec.get(i).to_owned()).collect();
            out.push((rec.line, fields));
        }
        out
    }

    #[test]
    fn in_place_split_matches_a_plain_split() {
        // Lines over a small alphabet (every one up to 6 bytes, then 20,000
        // pseudo-random ones up to 40 bytes, across several 8-byte words),
        // each with what follows it in the buffer: the split must agree with
        // the obvious one.
        let alphabet = [b'a', b',', b' ', b'\r', b'7'];
        let mut lines: Vec<Vec<u8>> = Vec::new();
        for len in 0..=6u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let mut line = Vec::new();
                for _ in 0..len {
                    line.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                lines.push(line);
            }
        }
        let mut seed: u64 = 1;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..20_000 {
            let len = next() % 41;
            lines.push(
                (0..len)
                    .map(|_| alphabet[next() % alphabet.len()])
                    .collect(),
            );
        }
        let mut fields = Fields::default();
        for line in &lines {
            let mut content = &line[..];
            while let [rest @ .., b'\r'] = content {
                content = rest;
            }
            let mut want = Vec::new();
            let mut start = 0;
            let mut count = 0;
            for (i, &b) in content.iter().chain([&b',']).enumerate() {
                if b == b',' {
                    let field = content[start..i].trim_ascii();
                    if !field.is_empty() {
                        let from = start + content[start..i].len()
                            - content[start..i].trim_ascii_start().len();
                        want.push((count, from, from + field.len()));
                    }
                    count += 1;
                    start = i + 1;
                }
            }
            for after in [&b"x,y\n"[..], b",,,,,,,,,,,,", b""] {
                let mut buf = line.clone();
                buf.push(b'\n');
                buf.extend_from_slice(after);
                fields.clear();
                let got = split_line_in_place(&buf, &mut fields).map(|s| (s.end, s.len));
                assert_eq!(got, Some((content.len(), line.len() + 1)), "{line:?}");
                let got: Vec<_> = fields
                    .list
                    .iter()
                    .map(|f| (f.col, f.start, f.end))
                    .collect();
                assert_eq!(got, want, "{:?}", String::from_utf8_lossy(line));
                assert_eq!(fields.count, count, "{line:?}");
            }
            // No line break in the buffer, or a quote in the line: the
            // general way. A non-ASCII byte: split, and said.
            assert_eq!(split_line_in_place(line, &mut fields), None);
            let mut buf = line.clone();
            buf.insert(buf.len() / 2, b'"');
            buf.push(b'\n');
            assert_eq!(split_line_in_place(&buf, &mut fields), None);
            let mut buf = line.clone();
            buf.insert(buf.len() / 2, 0xE4);
            buf.push(b'\n');
            let got = split_line_in_place(&buf, &mut fields).expect("split");
            assert!(!got.ascii, "{line:?}");
        }
    }

    /// A line of `len` bytes of letters and commas (no whitespace).
    fn plain_line(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| {
                if i % 3 == 2 {
                    b','
                } else {
                    b'a' + (i % 26) as u8
                }
            })
            .collect()
    }

    #[test]
    fn the_in_place_path_says_ascii_only_at_every_word_edge() {
        // What the `unsafe` in `next_record` rests on: the splitter says
        // `ascii` only for a line that is ASCII up to its line break. Lines
        // of every length 0..=64 (the line break in every lane of the first
        // nine 8-byte words), plain and then with one odd byte at every
        // position (a continuation byte, a lead byte of two and of three
        // bytes, 0xFF, a quote); after the line break, nothing, a plain
        // line, a non-ASCII one, a quoted one (in the same word or not).
        let odd_bytes = [0x80, 0xBF, 0xC3, 0xE4, 0xFF, b'"'];
        let afters: [&[u8]; 4] = [b"", b"x,y\n", "甲,乙\n".as_bytes(), b"\"q\"\n"];
        let mut fields = Fields::default();
        for len in 0..=64 {
            let plain = plain_line(len);
            let commas = plain.iter().filter(|&&b| b == b',').count();
            for after in afters {
                let mut buf = plain.clone();
                buf.push(b'\n');
                buf.extend_from_slice(after);
                fields.clear();
                let got = split_line_in_place(&buf, &mut fields);
                // An odd byte of the next line in the line break's word may
                // send this one the general way, or past a UTF-8 check, too,
                // which is never wrong.
                let plain_after = after.is_ascii() && !after.contains(&b'"');
                if plain_after {
                    assert!(got.is_some_and(|s| s.ascii), "{len} {after:?}");
                }
                if let Some(got) = got {
                    assert_eq!((got.end, got.len), (len, len + 1), "{len} {after:?}");
                    assert_eq!(fields.count, commas + 1);
                }
            }
            for pos in 0..len {
                for odd in odd_bytes {
                    let mut line = plain.clone();
                    line[pos] = odd;
                    for after in afters {
                        let mut buf = line.clone();
                        buf.push(b'\n');
                        buf.extend_from_slice(after);
                        fields.clear();
                        let got = split_line_in_place(&buf, &mut fields);
                        let at = format!("{odd:#x} at {pos} of {len}, then {after:?}");
                        if odd == b'"' {
                            assert_eq!(got, None, "{at}");
                            continue;
                        }
                        if !after.contains(&b'"') {
                            assert!(got.is_some(), "{at}");
                        }
                        if let Some(got) = got {
                            assert!(!got.ascii, "{at}");
                            assert_eq!((got.end, got.len), (len, len + 1), "{at}");
                            let commas = line.iter().filter(|&&b| b == b',').count();
                            assert_eq!(fields.count, commas + 1, "{at}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn text_at_every_word_edge_reads_alike_through_any_buffer() {
        // The in-place path and the general one together: lines of every
        // length 0..=64 with a Chinese character (three bytes) at every
        // position and without, through buffers of sizes around the 8-byte
        // word and the line lengths. Every record must be its line split at
        // its commas (in debug builds, the in-place path also asserts that
        // it hands out ASCII only).
        let mut text = String::new();
        let mut want = Vec::new();
        for len in 0..=64 {
            let plain = String::from_utf8(plain_line(len)).unwrap();
            for pos in (0..=len).map(Some).chain([None]) {
                let mut line = plain.clone();
                if let Some(pos) = pos {
                    line.insert(pos, '甲');
                }
                text.push_str(&line);
                text.push('\n');
                let fields: Vec<String> = line.split(',').map(str::to_owned).collect();
                want.push((want.len() as u64 + 1, fields));
            }
        }
        assert_eq!(records(text.as_bytes(), Encoding::Auto), want);
        for size in [1, 7, 8, 9, 16, 63, 64, 65, 4096] {
            let r = std::io::BufReader::with_capacity(size, text.as_bytes());
            assert_eq!(records(r, Encoding::Auto), want, "buffer of {size} bytes");
        }
    }

    #[test]
    fn records_read_alike_whatever_the_buffer_size() {
        // Lines of every length around the 8-byte word, empty fields,
        // CRLF, quotes (also spanning lines), non-ASCII, no final newline.
        let text = "\u{feff}a,b,c\n1,2,3\n,,\n12345678,x\r\n1234567,\n\
                    \"q,1\",\"multi\nline\",z\n甲,乙,\n,\n\
                    abcdefghijklmnop,,qrstuvw\r\r\n\n  spaced , x ,\nlast,no,newline";
        let whole = records(text.as_bytes(), Encoding::Auto);
        assert_eq!(whole.len(), 12);
        assert_eq!(whole[0].1, ["a", "b", "c"]);
        assert_eq!(whole[3], (4, vec!["12345678".to_owned(), "x".to_owned()]));
        assert_eq!(whole[5].1, ["q,1", "multi\nline", "z"]);
        // The quoted line break above is one row: row numbers count records.
        assert_eq!(whole[6], (7, vec!["甲".into(), "乙".into(), String::new()]));
        assert_eq!(whole[8].1, ["abcdefghijklmnop", "", "qrstuvw"]);
        assert_eq!(whole[9], (10, vec![String::new()]));
        assert_eq!(whole[10].1, ["spaced", "x", ""]);
        assert_eq!(
            whole[11],
            (12, vec!["last".into(), "no".into(), "newline".into()])
        );
        for size in 1..=40 {
            let r = std::io::BufReader::with_capacity(size, text.as_bytes());
            assert_eq!(records(r, Encoding::Auto), whole, "buffer of {size} bytes");
        }
    }

    #[test]
    fn what_relation_words_say() {
        use Relation::*;
        assert_eq!(kin("儿子", Child), Kin::Child(Sex::Male));
        assert_eq!(kin("次女", Child), Kin::Child(Sex::Female));
        assert_eq!(kin("子女", Child), Kin::Plain);
        let g = |parent, own| Kin::Grandchild { parent, own };
        assert_eq!(
            kin("孙女", Grandchild),
            g(Some(Sex::Male), Some(Sex::Female))
        );
        assert_eq!(
            kin("外孙", Grandchild),
            g(Some(Sex::Female), Some(Sex::Male))
        );
        assert_eq!(kin("外孙子女", Grandchild), g(Some(Sex::Female), None));
        assert_eq!(kin("grandchild", Grandchild), g(None, None));
        assert_eq!(kin("女婿", OtherRelative), Kin::ChildInLaw(Sex::Female));
        assert_eq!(kin("婆婆", OtherRelative), Kin::ParentInLaw(Sex::Male));
        assert_eq!(kin("其他亲属", OtherRelative), Kin::Plain);
        assert_eq!(kin("配偶", Spouse), Kin::Plain);
        // Every in-law word is an other_relative; 媳妇 is refused.
        for (w, _) in IN_LAWS {
            let mut e = Vec::new();
            assert_eq!(relation_slow(2, "r", w, &mut e), Some(OtherRelative), "{w}");
            assert!(e.is_empty());
        }
        let mut e = Vec::new();
        assert_eq!(relation_slow(2, "r", "媳妇", &mut e), None);
        assert_eq!(e[0].code, "invalid_value");
    }

    #[test]
    fn relation_words_are_in_one_table_only() {
        // `relation_slow` looks at RELATION_ZH first: a word also among the
        // in-laws or the ambiguous ones would change its answer.
        for (w, _) in RELATION_ZH {
            assert!(!AMBIGUOUS_RELATIONS.contains(w), "{w}");
            assert!(!IN_LAWS.iter().any(|(i, _)| i == w), "{w}");
        }
    }

    #[test]
    fn gb18030_lines() {
        let (bytes, _, _) = encoding_rs::GB18030.encode(
            "case_id,date,standard,member_id,relation,age\nH1,2024-03-15,1000,甲,本人,40\n",
        );
        let out = read_all(&bytes);
        let h = out[0].result().unwrap();
        assert_eq!(h.members[0].id, "甲");
    }

    #[test]
    fn spellings_on_the_slow_path() {
        let m = |s: &str| money_value(s).map(|m| m.to_string());
        assert_eq!(m("1200").as_deref(), Some("1200.00"));
        assert_eq!(m("１２００").as_deref(), Some("1200.00"));
        assert_eq!(m("1,200").as_deref(), Some("1200.00"));
        assert_eq!(m("12,345.50").as_deref(), Some("12345.50"));
        assert_eq!(m("800元").as_deref(), Some("800.00"));
        assert_eq!(m("￥800").as_deref(), Some("800.00"));
        assert_eq!(m("1,234,567元").as_deref(), Some("1234567.00"));
        for refused in [
            "1.200",
            "1,20",
            "12,00,000",
            ",100",
            "1,2000",
            "abc",
            "1.205",
        ] {
            assert_eq!(m(refused), None, "{refused}");
        }
        let d = |s: &str| loose_date(s).map(|d| d.to_string());
        for ok in [
            "2024/6/1",
            "2024.6.1",
            "2024-6-1",
            "2024年6月1日",
            "２０２４年６月１日",
            "20240601",
            "2024年06月01号",
        ] {
            assert_eq!(d(ok).as_deref(), Some("2024-06-01"), "{ok}");
        }
        for refused in [
            "6月1日",
            "24/6/1",
            "6/1/2024",
            "2024/13/1",
            "2024/2/30",
            "2024/6",
        ] {
            assert_eq!(d(refused), None, "{refused}");
        }
        let mut e = Vec::new();
        assert_eq!(
            int_with(2, "age", "７２岁", limits::AGE, &["周岁", "岁"], &mut e),
            Some(72)
        );
        assert_eq!(grade(2, "g", "二级", &mut e), Some(2));
        assert_eq!(grade(2, "g", "4", &mut e), Some(4));
        assert!(e.is_empty());
        assert_eq!(grade(2, "g", "五级", &mut e), None);
        assert_eq!(mask_id("370102195201011234"), "3701**********1234");
        assert!(is_scientific("3.70102E+17") && !is_scientific("370102195201011234"));
        assert!(id_number_shape("37010219520101123X"));
        assert!(same_meaning(Hh::Date, "2024/6/1", "2024-06-01"));
        assert!(same_meaning(Hh::RecordedAmount, "1028", "1028.00"));
        assert!(!same_meaning(Hh::RecordedAmount, "1028", "1029"));
        assert!(same_meaning(Hh::Rounding, "分", "fen"));
    }
}

//! The record reader with `csv-core` as its tokenizer (feature
//! `csv-core-tokenizer`): csv-core finds the records and fields and
//! unescapes the quotes; this code keeps the domain rules around it (row
//! numbers that count blank lines, both byte-order marks, the GB18030
//! fallback, the 64 KiB cap, the unclosed quote named where it opened).

use super::{Buffered, Encoding, Fields, ReadError, Record, MAX_RECORD_BYTES};

/// Reads records with csv-core, decodes and trims their fields.
pub struct CsvReader<R> {
    r: R,
    enc: Encoding,
    /// Boxed: its transition table is large, and the reader sits in an enum.
    tok: Box<csv_core::Reader>,
    /// The record's unescaped field bytes, end to end (csv-core's output).
    out: Vec<u8>,
    /// Where each field ends in `out`.
    ends: Vec<usize>,
    /// The record decoded from GB18030, when it is not UTF-8.
    decoded: String,
    fields: Fields,
    /// The raw bytes of a record that did not end in the first stretch of
    /// input it was given: what the unclosed-quote check looks at.
    raw: Vec<u8>,
    /// Bytes read ahead at the start (to strip a byte-order mark whatever
    /// the buffer's size), handed to csv-core before the reader's buffer.
    head: Vec<u8>,
    /// 1-based number of the next record: the spreadsheet's row number (a
    /// quoted cell with line breaks is one row; blank lines count).
    next_line: u64,
    /// Bytes consumed so far (for the progress bar).
    pub bytes: u64,
    first: bool,
}

impl<R: Buffered> CsvReader<R> {
    pub fn new(r: R, enc: Encoding) -> CsvReader<R> {
        CsvReader {
            r,
            enc,
            // A line ends at `\n` only (a `\r` before it is trimmed with
            // the field's whitespace); a `\r` alone is data, as before.
            tok: Box::new(
                csv_core::ReaderBuilder::new()
                    .terminator(csv_core::Terminator::Any(b'\n'))
                    .build(),
            ),
            out: vec![0; 1024],
            ends: vec![0; 64],
            decoded: String::new(),
            fields: Fields::default(),
            raw: Vec::new(),
            head: Vec::new(),
            next_line: 1,
            bytes: 0,
            first: true,
        }
    }

    /// Takes the first four bytes (or fewer, at the end) out of the reader
    /// into `head`, without a UTF-8 or GB18030 byte-order mark.
    fn read_head(&mut self) -> std::io::Result<()> {
        while self.head.len() < 4 {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                break;
            }
            let n = buf.len().min(4 - self.head.len());
            self.head.extend_from_slice(&buf[..n]);
            self.r.consume(n);
        }
        let bom = if self.head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else if self.head.starts_with(b"\x84\x31\x95\x33") {
            4
        } else {
            0
        };
        self.head.drain(..bom);
        self.bytes += bom as u64;
        Ok(())
    }

    /// The next record, `Ok(None)` at the end.
    pub fn next_record(&mut self) -> Result<Option<Record<'_>>, ReadError> {
        if self.first {
            self.first = false;
            self.read_head()?;
        }
        let line = self.next_line;
        // csv-core counts the line breaks it reads; the blank lines it
        // would skip are counted here.
        let first_physical = self.tok.line();
        self.raw.clear();
        let (mut nout, mut nend, mut taken) = (0, 0, 0);
        let at_end = loop {
            let from_head = !self.head.is_empty();
            let input: &[u8] = if from_head {
                &self.head
            } else {
                self.r.fill_buf()?
            };
            if taken == 0 {
                match input.first() {
                    None => return Ok(None),
                    // A blank line is a row (csv-core would skip it).
                    Some(b'\n') => {
                        if from_head {
                            self.head.remove(0);
                        } else {
                            self.r.consume(1);
                        }
                        self.bytes += 1;
                        self.next_line += 1;
                        self.tok.set_line(first_physical + 1);
                        self.fields.clear();
                        self.fields.count = 1;
                        return Ok(Some(Record {
                            line,
                            text: "",
                            fields: &self.fields.list,
                            count: 1,
                        }));
                    }
                    Some(_) => {}
                }
            }
            // Never past the cap: a quote left open stops there.
            let input = &input[..input.len().min(MAX_RECORD_BYTES + 1 - taken)];
            let (res, nin, o, e) =
                self.tok
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            nout += o;
            nend += e;
            let (done, input_empty) = (
                matches!(res, csv_core::ReadRecordResult::Record),
                input.is_empty(),
            );
            // A record that ends in its first stretch of input (nearly all)
            // is not copied: only one across stretches can end with a quote
            // open, at the end of the input.
            if !(done && taken == 0) {
                self.raw.extend_from_slice(&input[..nin]);
            }
            taken += nin;
            self.bytes += nin as u64;
            if from_head {
                self.head.drain(..nin);
            } else {
                self.r.consume(nin);
            }
            match res {
                csv_core::ReadRecordResult::Record => break input_empty,
                csv_core::ReadRecordResult::End => return Ok(None),
                csv_core::ReadRecordResult::OutputFull => {
                    let n = self.out.len() * 2;
                    self.out.resize(n, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                csv_core::ReadRecordResult::InputEmpty => {
                    if taken > MAX_RECORD_BYTES {
                        self.next_line += 1;
                        return Err(match open_quote(&self.raw) {
                            Some(at) => unclosed(line, first_physical, &self.raw[..at]),
                            None => ReadError::TooLong { line },
                        });
                    }
                }
            }
        };
        self.next_line += 1;
        if at_end {
            if let Some(at) = open_quote(&self.raw) {
                return Err(unclosed(line, first_physical, &self.raw[..at]));
            }
        }
        if taken > MAX_RECORD_BYTES {
            return Err(ReadError::TooLong { line });
        }
        let (out, ends) = (&self.out[..nout], &mut self.ends[..nend]);
        // Nearly always ASCII (so UTF-8, and every field end on a character
        // boundary); otherwise every field must be UTF-8 on its own.
        let ascii = out.is_ascii();
        let text: &str = match (self.enc, std::str::from_utf8(out)) {
            (_, Ok(s)) if ascii => s,
            (Encoding::Auto | Encoding::Utf8, Ok(s))
                if ends.iter().all(|&end| s.is_char_boundary(end)) =>
            {
                s
            }
            (Encoding::Utf8, _) => return Err(ReadError::Undecodable { line }),
            _ => {
                // Field by field: GB18030's multi-byte characters hold no
                // comma, quote or line break, so csv-core split them right.
                self.decoded.clear();
                let mut start = 0;
                for end in ends.iter_mut() {
                    let (cow, had_errors) =
                        encoding_rs::GB18030.decode_without_bom_handling(&out[start..*end]);
                    if had_errors {
                        return Err(ReadError::Undecodable { line });
                    }
                    start = *end;
                    self.decoded.push_str(&cow);
                    *end = self.decoded.len();
                }
                &self.decoded
            }
        };
        // Only the non-empty fields are kept (rows are mostly empty cells).
        self.fields.list.clear();
        self.fields.count = ends.len();
        let bytes = text.as_bytes();
        let mut start = 0;
        for (col, &end) in ends.iter().enumerate() {
            if end > start {
                let (from, to) = super::trim(bytes, start, end);
                if to > from {
                    self.fields.list.push(super::Field {
                        col,
                        start: from,
                        end: to,
                    });
                }
            }
            start = end;
        }
        Ok(Some(Record {
            line,
            text,
            fields: &self.fields.list,
            count: self.fields.count,
        }))
    }
}

/// The error for a quote opened at the end of `before` in the record of row
/// `row`, which starts on physical line `first_physical`.
fn unclosed(row: u64, first_physical: u64, before: &[u8]) -> ReadError {
    let breaks = before.iter().filter(|&&b| b == b'\n').count() as u64;
    ReadError::UnclosedQuote {
        row,
        line: first_physical + breaks,
    }
}

/// Where the quote still open at the end of a record's raw bytes opened, by
/// csv-core's reading: a quote opens a field only as its first byte, `""`
/// inside is one quote, and the next quote closes it.
fn open_quote(raw: &[u8]) -> Option<usize> {
    let mut open = None;
    let mut field_start = true;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if open.is_some() {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    open = None;
                }
            }
            field_start = false;
        } else if b == b'"' && field_start {
            open = Some(i);
            field_start = false;
        } else {
            field_start = matches!(b, b',' | b'\n');
        }
        i += 1;
    }
    open
}

//! Python's `shlex.split(line, comments=True)`, with which Ansible's INI reader splits a
//! host line into words (POSIX mode, `#` ends the line), keeping for every character of a
//! word the byte it came from, so that each `key=value` has its span.

use crate::source::{FileId, Span};

/// A word of a host line: its text after quote removal, and for each character of it the
/// byte offset it came from.
#[derive(Debug)]
pub(super) struct Word {
    pub(super) text: String,
    pub(super) offsets: Vec<usize>,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Word {
    pub(super) fn span_of(&self, file: FileId, from: usize, to: usize) -> Span {
        // `from..to` are char indices into `text`.
        let start = self.offsets.get(from).copied().unwrap_or(self.end);
        let end = if to == 0 || to > self.offsets.len() {
            if to == 0 { start } else { self.end }
        } else if to == self.offsets.len() {
            self.end
        } else {
            self.offsets.get(to).copied().unwrap_or(self.end)
        };
        Span::new(file, start, end.max(start))
    }
}

/// Python's `shlex.split(line, comments=True)` (POSIX mode): words split at space, tab,
/// `\r` and `\n`; `'…'` quotes everything, `"…"` all but `\"` and `\\`, `\` outside quotes
/// escapes the next character, and `#` outside quotes ends the line.
pub(super) fn shlex_split(text: &str, start: usize, end: usize) -> Result<Vec<Word>, String> {
    #[derive(PartialEq, Clone, Copy)]
    enum State {
        Between,
        Word,
        Quote(char),
        /// After a backslash; what it was in: a word (`None`) or double quotes.
        Escape(Option<char>),
    }
    fn push(words: &mut Vec<Word>, word: &mut Word, quoted: &mut bool) {
        if !word.text.is_empty() || *quoted {
            let at = word.end;
            words.push(std::mem::replace(
                word,
                Word {
                    text: String::new(),
                    offsets: Vec::new(),
                    start: at,
                    end: at,
                },
            ));
        }
        *quoted = false;
    }
    let mut words = Vec::new();
    let mut state = State::Between;
    let mut word = Word {
        text: String::new(),
        offsets: Vec::new(),
        start,
        end: start,
    };
    let mut quoted = false;
    let is_ws = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        let next = at + c.len_utf8();
        match state {
            State::Between | State::Word => {
                if is_ws(c) {
                    if state == State::Word {
                        push(&mut words, &mut word, &mut quoted);
                        state = State::Between;
                    }
                    continue;
                }
                if c == '#' {
                    break;
                }
                if state == State::Between {
                    word.start = at;
                }
                match c {
                    '\\' => state = State::Escape(None),
                    '\'' | '"' => {
                        quoted = true;
                        state = State::Quote(c);
                    }
                    _ => {
                        word.text.push(c);
                        word.offsets.push(at);
                        state = State::Word;
                    }
                }
                word.end = next;
            }
            State::Quote(q) => {
                if c == q {
                    state = State::Word;
                } else if q == '"' && c == '\\' {
                    state = State::Escape(Some(q));
                } else {
                    word.text.push(c);
                    word.offsets.push(at);
                }
                word.end = next;
            }
            State::Escape(inside) => {
                // Inside double quotes only `"` and `\` are escaped; the backslash stays
                // before anything else.
                if inside.is_some() && c != '"' && c != '\\' {
                    word.text.push('\\');
                    word.offsets.push(at.saturating_sub(1));
                }
                word.text.push(c);
                word.offsets.push(at);
                state = inside.map_or(State::Word, State::Quote);
                word.end = next;
            }
        }
    }
    match state {
        State::Quote(_) => Err("no closing quotation".to_string()),
        State::Escape(_) => Err("no escaped character".to_string()),
        _ => {
            push(&mut words, &mut word, &mut quoted);
            Ok(words)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shlex_offsets() {
        let line = "h a=\"x y\" b=c\\ d 'e'=f #g";
        let words = shlex_split(line, 0, line.len()).unwrap_or_default();
        let texts: Vec<(&str, &str)> = words
            .iter()
            .map(|w| (w.text.as_str(), &line[w.start..w.end]))
            .collect();
        assert_eq!(
            texts,
            [
                ("h", "h"),
                ("a=x y", "a=\"x y\""),
                ("b=c d", "b=c\\ d"),
                ("e=f", "'e'=f")
            ]
        );
    }
}

//! Text from the repository made inert for a terminal or a CI log: control characters
//! shown as escapes, line breaks kept or escaped, GitHub's legacy `##[` broken up. At
//! the base of the crate beside `source.rs`: output, diagnostics (`error.rs`) and the
//! informational commands all use it, and it uses nothing of theirs.

/// Is `c` a control character a terminal acts on (C0 but tab and newline, DEL, C1)?
pub(crate) fn is_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)
}

/// Text taken from linted files, made harmless for a terminal: control characters
/// (ESC sequences, CR, C1 controls) are shown as `\u{1b}` escapes instead of acting.
/// Also for the diagnostics into rule and config files (`crate::error`).
pub fn inert(text: &str) -> String {
    // The line and paragraph separators are escaped too: only `\n` breaks a line.
    escape(text, |c| {
        (is_control(c) && c != '\n') || matches!(c, '\u{2028}' | '\u{2029}')
    })
}

/// Text from input shown within one line of output (a message, a label, a path): as
/// `inert`, and its line breaks (LF, CR, U+2028, U+2029) shown as escapes too, so that
/// no input text starts a line of its own: a CI log runs `::error …` at the start of a
/// line.
pub fn inert_line(text: &str) -> String {
    escape(text, |c| {
        is_control(c) || matches!(c, '\n' | '\u{2028}' | '\u{2029}')
    })
}

/// `text` with the characters `hide` picks shown as `\u{…}` escapes, and GitHub's
/// legacy `##[command]` syntax, which a runner acts on anywhere in a line, broken up.
fn escape(text: &str, hide: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hide(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    if out.contains("##[") {
        out = out.replace("##[", "##\\u{5b}");
    }
    out
}

/// Source text for rendering, made harmless the same way but byte for byte the same
/// length, so that spans still fit: each control character becomes `?` (one byte, or
/// `¿` for the two-byte C1 controls). A CR before a newline stays.
pub fn same_length_inert(text: &str) -> String {
    same_length(text, '?')
}

/// Source text for excerpts: as [`same_length_inert`], but a lone CR, which ends a line
/// for [`SourceFile`] (and in a terminal), is a line feed, so that the lines miette
/// draws are the lines every format counts.
pub(crate) fn excerpt_text(text: &str) -> String {
    same_length(text, '\n')
}

fn same_length(text: &str, lone_cr: char) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if c == '\r' {
            out.push(lone_cr);
        } else if is_control(c) {
            out.push(if c.len_utf8() == 2 { '¿' } else { '?' });
        } else {
            out.push(c);
        }
    }
    // GitHub's legacy `##[command]`, acted on anywhere in a line: `#?[`, same length.
    if out.contains("##[") {
        out = out.replace("##[", "#?[");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let evil = "a\u{1b}[2J\u{1b}]0;title\u{7}b\rc\u{9b}31m";
        let shown = inert(evil);
        assert!(!shown.chars().any(is_control), "{shown:?}");
        assert!(shown.contains("\\u{1b}[2J"));
        let same = same_length_inert(evil);
        assert_eq!(same.len(), evil.len());
        assert!(!same.chars().any(is_control));
        assert_eq!(same_length_inert("x\r\ny"), "x\r\ny");
    }
}

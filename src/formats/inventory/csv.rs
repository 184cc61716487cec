//! CSV asset lists, an art32 format (Ansible does not read CSV): a header row, then one
//! host per row, a `host` node of group `ungrouped` with the other columns as its
//! variables, as strings.

use crate::model::{Document, FileKind, Node, ParseDiagnostic};
use crate::source::{FileId, Span, Spanned};

use super::text::{bom_len, is_vault_encrypted, py_is_space, root_node, vault_diagnostic};
use super::values::{Data, Item, var_node};

/// Parses a CSV asset list: a header row, then one host per row. The first column named
/// `name`, `host` or `hostname` (in any case) holds the host; the others are its variables,
/// as strings.
pub fn parse_csv(file: FileId, text: &str) -> Document {
    let mut root = root_node(file, text);
    let (nodes, diagnostics) = if is_vault_encrypted(text) {
        (Vec::new(), vec![vault_diagnostic(file, text)])
    } else {
        csv_nodes(file, text)
    };
    root.children = nodes;
    Document {
        kind: FileKind::InventoryCsv,
        file,
        root,
        diagnostics,
    }
}

/// The columns that name the host, in any case; the first of them in the header wins.
const HOST_COLUMNS: [&str; 3] = ["name", "host", "hostname"];

fn csv_nodes(file: FileId, text: &str) -> (Vec<Node>, Vec<ParseDiagnostic>) {
    let mut diagnostics = Vec::new();
    let mut nodes = Vec::new();
    let bom = bom_len(text);
    let body = &text[bom..];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let at = record.position().map_or(start, |p| p.byte() as usize);
                let cells = record
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect();
                rows.push((bom + at, cells));
            }
            Ok(false) => break,
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                let at = (bom + at).min(text.len());
                diagnostics.push(ParseDiagnostic::error(
                    Span::new(file, at, at),
                    format!("invalid CSV: {e}"),
                ));
                break;
            }
        }
    }
    let Some((header_at, header)) = rows.first() else {
        return (nodes, diagnostics);
    };
    let header_spans = csv_cell_spans(text, *header_at, header.len(), file);
    let header_span = row_span(text, *header_at, file);
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim_matches(py_is_space).to_string())
        .collect();
    let Some(host_col) = names
        .iter()
        .position(|n| HOST_COLUMNS.contains(&n.to_lowercase().as_str()))
    else {
        diagnostics.push(ParseDiagnostic::error(
            header_span,
            "the CSV header has no `name`, `host` or `hostname` column",
        ));
        return (nodes, diagnostics);
    };
    for (at, cells) in &rows[1..] {
        let spans = csv_cell_spans(text, *at, cells.len(), file);
        let span = row_span(text, *at, file);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let host = cells
            .get(host_col)
            .map(|h| h.trim_matches(py_is_space))
            .unwrap_or_default();
        if host.is_empty() {
            diagnostics.push(ParseDiagnostic::error(span, "row without a host name"));
            continue;
        }
        let host_span = spans.get(host_col).copied().unwrap_or(span);
        let mut node = Node::new("host", Spanned::new(host.to_string(), host_span), span);
        node.args = vec![Spanned::new(host.to_string(), host_span)];
        for (i, cell) in cells.iter().enumerate() {
            let Some(name) = names.get(i).filter(|n| !n.is_empty() && i != host_col) else {
                continue;
            };
            let cell_span = spans.get(i).copied().unwrap_or(span);
            let name_span = header_spans.get(i).copied().unwrap_or(header_span);
            let value = Item::new(Data::Str(cell.clone()), cell_span);
            node.children
                .push(var_node(name.clone(), name_span, &value, cell_span));
        }
        nodes.push(node);
    }
    (nodes, diagnostics)
}

/// The line of a record, without its line break.
fn row_span(text: &str, at: usize, file: FileId) -> Span {
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |e| at + e);
    Span::new(file, at, end)
}

/// The spans of the cells of the record at `at`, quotes included.
fn csv_cell_spans(text: &str, at: usize, count: usize, file: FileId) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::with_capacity(count);
    let mut i = at;
    for _ in 0..count {
        let start = i;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        spans.push(Span::new(file, start, i));
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use crate::formats::inventory::parse_csv;
    use crate::formats::inventory::test_support::{F, find, hosts_of, messages, s, value};

    #[test]
    fn csv_asset_lists() {
        let text = "Role,Hostname,Backup Media\ndata,db1.internal,\"nas, tape\"\n,,\nweb,,x\n";
        let doc = parse_csv(F, text);
        assert_eq!(hosts_of(&doc), ["db1.internal"]);
        assert_eq!(messages(&doc), ["row without a host name"]);
        assert_eq!(value(&doc, "Role"), s("data"));
        let media = find(&doc.root, "var", "Backup Media").and_then(|v| v.field("value"));
        assert_eq!(media.map(|m| m.value.clone()), Some(s("nas, tape")));
        assert_eq!(
            media.map(|m| &text[m.span.start..m.span.end]),
            Some("\"nas, tape\"")
        );
        let host = &doc.root.children[0];
        assert_eq!(
            &text[host.name.span.start..host.name.span.end],
            "db1.internal"
        );
        assert_eq!(
            messages(&parse_csv(F, "a,b\n1,2\n")),
            ["the CSV header has no `name`, `host` or `hostname` column"]
        );
    }
}

//! Which inventory files a linted one needs (`Format::context`): the files of its own
//! inventory. Linking (`link.rs`) makes one inventory of the sources of a directory
//! and the `group_vars/` and `host_vars/` in it, so a source needs the other sources
//! and the vars files of its directory, and a vars file the sources and vars files of
//! the directory holding its `group_vars`/`host_vars`.

use std::collections::BTreeSet;

use crate::formats::{ContextQuery, parent};

/// The directory whose inventory reads `path`: for a file below a `group_vars` or
/// `host_vars` directory the one holding the first of them (as linking groups vars
/// files), else its own.
fn inventory_dir(path: &str) -> &str {
    let mut at = 0;
    for component in path.split('/') {
        if component == "group_vars" || component == "host_vars" {
            return path[..at].strip_suffix('/').unwrap_or("");
        }
        at += component.len() + 1;
    }
    parent(path)
}

/// The files of the linted files' inventories.
pub fn pick(query: &ContextQuery) -> BTreeSet<usize> {
    let dirs: BTreeSet<&str> = query
        .linted
        .iter()
        .map(|i| inventory_dir(query.files[*i].0))
        .collect();
    (0..query.files.len())
        .filter(|i| dirs.contains(inventory_dir(query.files[*i].0)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_belongs_to_the_directory_that_holds_its_vars_directory() {
        assert_eq!(inventory_dir("inventory/hosts.yml"), "inventory");
        assert_eq!(inventory_dir("inventory/host_vars/web1.yml"), "inventory");
        assert_eq!(
            inventory_dir("inv/prod/group_vars/all/ports.yml"),
            "inv/prod"
        );
        assert_eq!(inventory_dir("group_vars/all.yml"), "");
        assert_eq!(inventory_dir("hosts.ini"), "");
        // Only the first vars directory counts, as linking groups them.
        assert_eq!(inventory_dir("a/host_vars/group_vars/x.yml"), "a");
    }
}

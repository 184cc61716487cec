//! Which nginx files a linted one needs (`Format::context`): every file whose
//! configuration may reach it, and the files those configurations are linked with.
//!
//! Where an include can lead (`link.rs`): its argument is resolved against a conf
//! prefix, the directory `D` of the nearest `nginx.conf` (for a fragment without one,
//! any directory above it). A relative path, a path under the configured prefix and a
//! path sharing a tail with `D` stay below `D`; any other absolute path is read below
//! the directory `D` mirrors `/` with (`<x>/etc/nginx` → `<x>`). So a file can reach
//! only files below its *region*: that mirror base (or `D`), or the whole repository
//! for a file with no `nginx.conf` above it. (An include that climbs out of its region
//! with `..` is not seen here: such a configuration is linked only when linting the
//! whole repository or its region.)
//!
//! Picked, until nothing is added: the linted files; every file whose region holds a
//! name of a picked file (it may include it, or be the entry point that does); and
//! every file with the same conf prefix as a picked one (linking shares `upstream`
//! blocks between the configurations of one prefix and decides from the prefix's
//! `nginx.conf` whether a file nobody includes is read at all). The files they include
//! that no kind claims are read by the linking rounds, as always.

use std::collections::{BTreeMap, BTreeSet};

use crate::formats::{ContextQuery, parent};

/// The directory of the nearest `nginx.conf` from `rel`'s own directory up, if any.
fn nginx_conf_dir<'p>(rel: &'p str, paths: &BTreeSet<String>) -> Option<&'p str> {
    let mut dir = parent(rel);
    loop {
        let conf = if dir.is_empty() {
            "nginx.conf".to_string()
        } else {
            format!("{dir}/nginx.conf")
        };
        if paths.contains(&conf) {
            return Some(dir);
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}

/// The directory below which the includes of a file with this conf prefix can lead
/// (module doc); `""` is the whole repository.
fn region<'d>(conf: Option<&'d str>, prefix: Option<&str>) -> &'d str {
    let Some(dir) = conf else { return "" };
    let Some(prefix) = prefix else { return dir };
    let mut base = dir;
    for part in prefix.rsplit('/').filter(|p| !p.is_empty()) {
        match base.rsplit_once('/') {
            Some((up, last)) if last == part => base = up,
            None if base == part => base = "",
            _ => return dir,
        }
    }
    base
}

/// The files the linted ones need (module doc).
pub fn pick(query: &ContextQuery) -> BTreeSet<usize> {
    let conf: Vec<Option<&str>> = query
        .files
        .iter()
        .map(|(rel, _)| nginx_conf_dir(rel, query.paths))
        .collect();
    // Files by region, and by conf prefix (a file's own directory when it has none).
    let mut by_region: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut by_conf: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (rel, _)) in query.files.iter().enumerate() {
        by_region
            .entry(region(conf[i], query.prefix))
            .or_default()
            .push(i);
        by_conf
            .entry(conf[i].unwrap_or_else(|| parent(rel)))
            .or_default()
            .push(i);
    }
    // Every name of a file (the links to it and below linked directories).
    let mut names: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, path) in query.names {
        names.entry(path.as_str()).or_default().push(name.as_str());
    }
    let mut picked: BTreeSet<usize> = query.linted.clone();
    let mut todo: Vec<usize> = picked.iter().copied().collect();
    // Each conf prefix and region is taken in once: a second time would add nothing,
    // and a directory of N files would cost N² (each file taking in all the others).
    let mut confs_taken: BTreeSet<&str> = BTreeSet::new();
    let mut regions_taken: BTreeSet<&str> = BTreeSet::new();
    while let Some(i) = todo.pop() {
        let rel = query.files[i].0;
        let mut add = |j: usize| {
            if picked.insert(j) {
                todo.push(j);
            }
        };
        let own_conf = conf[i].unwrap_or_else(|| parent(rel));
        if confs_taken.insert(own_conf) {
            for j in by_conf.get(own_conf).into_iter().flatten() {
                add(*j);
            }
        }
        let own = [rel];
        let all = names.get(rel).map_or(&own[..], Vec::as_slice);
        for name in all {
            // The regions holding the name: its directories, up to the root.
            let mut dir = parent(name);
            loop {
                if regions_taken.insert(dir) {
                    for j in by_region.get(dir).into_iter().flatten() {
                        add(*j);
                    }
                }
                if dir.is_empty() {
                    break;
                }
                dir = parent(dir);
            }
        }
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FileKind;

    fn pick_for(files: &[&str], links: &[(&str, &str)], linted: &str) -> Vec<String> {
        let claimed: Vec<(&str, FileKind)> = files.iter().map(|f| (*f, FileKind::Nginx)).collect();
        let mut names: BTreeMap<String, String> = files
            .iter()
            .map(|f| (f.to_string(), f.to_string()))
            .collect();
        names.extend(links.iter().map(|(n, p)| (n.to_string(), p.to_string())));
        let paths: BTreeSet<String> = names.keys().cloned().collect();
        let linted = BTreeSet::from([files.iter().position(|f| *f == linted).unwrap()]);
        let query = ContextQuery {
            files: &claimed,
            linted: &linted,
            names: &names,
            paths: &paths,
            prefix: Some("/etc/nginx"),
        };
        pick(&query)
            .into_iter()
            .map(|i| files[i].to_string())
            .collect()
    }

    #[test]
    fn regions_follow_the_prefix_mirror() {
        assert_eq!(
            region(Some("hosts/web1/etc/nginx"), Some("/etc/nginx")),
            "hosts/web1"
        );
        assert_eq!(region(Some("etc/nginx"), Some("/etc/nginx")), "");
        assert_eq!(region(Some("nginx"), Some("/etc/nginx")), "nginx");
        assert_eq!(region(Some("x/nginx"), Some("/etc/nginx")), "x/nginx");
        assert_eq!(region(Some("a"), None), "a");
        assert_eq!(region(None, Some("/etc/nginx")), "");
    }

    #[test]
    fn a_site_needs_its_own_configuration_not_another_hosts() {
        let files = [
            "hosts/a/etc/nginx/nginx.conf",
            "hosts/a/etc/nginx/sites-available/x",
            "hosts/a/etc/nginx/snippets/ssl.conf",
            "hosts/b/etc/nginx/nginx.conf",
            "hosts/b/etc/nginx/sites-available/y",
        ];
        let links = [(
            "hosts/a/etc/nginx/sites-enabled/x",
            "hosts/a/etc/nginx/sites-available/x",
        )];
        assert_eq!(
            pick_for(&files, &links, "hosts/a/etc/nginx/sites-available/x"),
            &files[..3]
        );
    }

    #[test]
    fn a_fragment_without_nginx_conf_may_include_anything() {
        let files = [
            "conf.d/all.conf",
            "hosts/a/etc/nginx/nginx.conf",
            "hosts/a/etc/nginx/sites-available/x",
            "hosts/b/etc/nginx/nginx.conf",
        ];
        // The fragment at the root may include the site; so may host a's nginx.conf.
        assert_eq!(
            pick_for(&files, &[], "hosts/a/etc/nginx/sites-available/x"),
            &files[..3]
        );
        // A fragment needs every fragment of its directory and what may include it.
        assert_eq!(pick_for(&files, &[], "conf.d/all.conf"), &files[..1]);
    }

    #[test]
    fn a_link_from_another_region_brings_that_region() {
        let files = [
            "hosts/a/etc/nginx/nginx.conf",
            "hosts/b/etc/nginx/nginx.conf",
            "shared/site",
        ];
        let links = [("hosts/b/etc/nginx/sites-enabled/site", "shared/site")];
        assert_eq!(
            pick_for(&files, &links, "shared/site"),
            ["hosts/b/etc/nginx/nginx.conf", "shared/site"]
        );
    }
}

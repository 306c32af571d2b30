//! JSON paths that are written out only when a finding is reported.
//!
//! Almost every value the rules visit is valid, so building `screens[3].layout.children[7].label`
//! eagerly for each of them was most of the validator's allocations. A [`Path`] is a chain of
//! segments on the stack; its `Display` writes the text when (and only when) a finding needs it.

use std::fmt;

#[derive(Clone, Copy)]
enum Seg<'p> {
    /// The start of the chain, written as is (`routing_model`, a component's location…).
    Root(&'p dyn fmt::Display),
    /// `.key`
    Key(&'p str),
    /// `[i]`
    Index(usize),
}

/// A JSON path built lazily from its parent and one more segment.
#[derive(Clone, Copy)]
pub(crate) struct Path<'p> {
    up: Option<&'p Path<'p>>,
    seg: Seg<'p>,
}

impl<'p> Path<'p> {
    /// A path that starts with the text of `root`.
    pub fn new(root: &'p dyn fmt::Display) -> Self {
        Self {
            up: None,
            seg: Seg::Root(root),
        }
    }

    /// `self.key`
    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path {
            up: Some(self),
            seg: Seg::Key(key),
        }
    }

    /// `self[i]`
    pub fn index(&'p self, i: usize) -> Path<'p> {
        Path {
            up: Some(self),
            seg: Seg::Index(i),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(up) = self.up {
            up.fmt(f)?;
        }
        match self.seg {
            Seg::Root(r) => r.fmt(f),
            Seg::Key(k) => write!(f, ".{k}"),
            Seg::Index(i) => write!(f, "[{i}]"),
        }
    }
}

impl From<&Path<'_>> for String {
    fn from(p: &Path<'_>) -> String {
        p.to_string()
    }
}

impl From<Path<'_>> for String {
    fn from(p: Path<'_>) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::Path;

    #[test]
    fn writes_segments_in_order() {
        let root = "screens[2]";
        let a = Path::new(&root);
        let b = a.key("layout");
        let c = b.key("children");
        let d = c.index(10);
        let e = d.key("on-click-action");
        assert_eq!(
            e.to_string(),
            "screens[2].layout.children[10].on-click-action"
        );
        assert_eq!(String::from(&a), "screens[2]");
    }
}

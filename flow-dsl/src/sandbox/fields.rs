//! The Graph `fields=` parameter: `id,name,preview.invalidate(true),metric.name(X).granularity(DAY)`.

use super::GraphError;

/// One requested field with its modifiers, e.g. `preview` with `[("invalidate", "true")]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    pub(crate) name: String,
    pub(crate) modifiers: Vec<(String, String)>,
}

impl Field {
    pub(crate) fn modifier(&self, key: &str) -> Option<&str> {
        self.modifiers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a `fields` value. Commas inside parentheses do not split fields.
pub(crate) fn parse_fields(raw: &str) -> Result<Vec<Field>, GraphError> {
    let bad = |why: &str| {
        GraphError::invalid_parameter(format!("Syntax error in fields '{raw}': {why}."))
    };
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut cur = String::new();
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.checked_sub(1).ok_or_else(|| bad("unbalanced ')'"))?,
            '{' | '}' => {
                return Err(bad(
                    "nested field selections are not supported by the sandbox",
                ));
            }
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if depth != 0 {
        return Err(bad("unbalanced '('"));
    }
    items.push(cur);
    let mut fields = Vec::new();
    for item in items {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        let (name, mut rest) = match item.find('.') {
            Some(i) => (&item[..i], &item[i..]),
            None => (item, ""),
        };
        if name.is_empty() || name.contains('(') {
            return Err(bad("a field name is missing"));
        }
        let mut modifiers = Vec::new();
        while let Some(r) = rest.strip_prefix('.') {
            let open = r.find('(').ok_or_else(|| bad("a modifier needs (value)"))?;
            let close = r[open..].find(')').ok_or_else(|| bad("unbalanced '('"))? + open;
            modifiers.push((
                r[..open].trim().to_owned(),
                r[open + 1..close].trim().to_owned(),
            ));
            rest = &r[close + 1..];
        }
        if !rest.trim().is_empty() {
            return Err(bad("unexpected text after a modifier"));
        }
        fields.push(Field {
            name: name.trim().to_owned(),
            modifiers,
        });
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_modifiers() {
        let f = parse_fields("id,preview.invalidate(true), metric.name(ENDPOINT_REQUEST_COUNT).granularity(DAY).since(2024-01-01)").unwrap();
        assert_eq!(f.len(), 3);
        assert_eq!(f[1].modifier("invalidate"), Some("true"));
        assert_eq!(f[2].name, "metric");
        assert_eq!(f[2].modifier("since"), Some("2024-01-01"));
    }

    #[test]
    fn rejects_garbage() {
        for bad in ["a(", "a)", "preview.invalidate", "x{y}", "(a)", "a.b(c)d"] {
            assert!(parse_fields(bad).is_err(), "{bad}");
        }
    }
}

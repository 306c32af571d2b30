//! Request parameters the way Graph reads them: from the query string and from a JSON,
//! `application/x-www-form-urlencoded` or `multipart/form-data` body, all into one list.

use serde_json::Value;

use super::GraphError;

/// One parameter value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ParamValue {
    /// From the query string, a urlencoded body or a multipart text part.
    Text(String),
    /// From a JSON body.
    Json(Value),
    /// A multipart part with a filename.
    File(FilePart),
}

/// A multipart file part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FilePart {
    pub(crate) filename: String,
    pub(crate) content_type: Option<String>,
    pub(crate) data: Vec<u8>,
}

/// How the body was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    None,
    Json,
    Form,
    Multipart,
}

/// All parameters of a request, body first, then query.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub(crate) kind: BodyKind,
    pub(crate) values: Vec<(String, ParamValue)>,
    /// The query string alone, decoded, in order.
    query: Vec<(String, String)>,
}

impl Params {
    /// Parses the query string and the body according to its content type.
    pub(crate) fn parse(
        query: Option<&str>,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<Self, GraphError> {
        let mut values = Vec::new();
        let ct = content_type.unwrap_or("").trim();
        let mime = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let kind = if body.iter().all(u8::is_ascii_whitespace) && mime != "multipart/form-data" {
            BodyKind::None
        } else {
            match mime.as_str() {
                "application/json" => {
                    let v: Value = serde_json::from_slice(body).map_err(|e| {
                        GraphError::invalid_parameter(format!(
                            "The request body is not valid JSON: {e}"
                        ))
                    })?;
                    let Value::Object(obj) = v else {
                        return Err(GraphError::invalid_parameter(
                            "The JSON request body must be an object.",
                        ));
                    };
                    values.extend(obj.into_iter().map(|(k, v)| (k, ParamValue::Json(v))));
                    BodyKind::Json
                }
                "application/x-www-form-urlencoded" => {
                    values.extend(
                        url::form_urlencoded::parse(body)
                            .map(|(k, v)| (k.into_owned(), ParamValue::Text(v.into_owned()))),
                    );
                    BodyKind::Form
                }
                "multipart/form-data" => {
                    let boundary = param(ct, "boundary").ok_or_else(|| {
                        GraphError::invalid_parameter("multipart/form-data without a boundary.")
                    })?;
                    values.extend(parse_multipart(body, &boundary).map_err(|e| {
                        GraphError::invalid_parameter(format!(
                            "Malformed multipart/form-data body: {e}"
                        ))
                    })?);
                    BodyKind::Multipart
                }
                other => {
                    return Err(GraphError::invalid_parameter(format!(
                        "Unsupported Content-Type '{other}': send JSON, form-urlencoded or multipart/form-data."
                    )));
                }
            }
        };
        let query: Vec<(String, String)> = query
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        values.extend(
            query
                .iter()
                .map(|(k, v)| (k.clone(), ParamValue::Text(v.clone()))),
        );
        Ok(Self {
            kind,
            values,
            query,
        })
    }

    /// The decoded query string pairs.
    pub(crate) fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    fn first(&self, name: &str) -> Option<&ParamValue> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// Whether the parameter is present at all.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.first(name).is_some()
    }

    /// A string parameter; JSON numbers and booleans are accepted as their text.
    pub(crate) fn text(&self, name: &str) -> Result<Option<String>, GraphError> {
        match self.first(name) {
            None | Some(ParamValue::Json(Value::Null)) => Ok(None),
            Some(ParamValue::Text(s)) => Ok(Some(s.clone())),
            Some(ParamValue::Json(Value::String(s))) => Ok(Some(s.clone())),
            Some(ParamValue::Json(v @ (Value::Number(_) | Value::Bool(_)))) => {
                Ok(Some(v.to_string()))
            }
            Some(ParamValue::Json(_)) => Err(GraphError::invalid_parameter(format!(
                "Param {name} must be a string."
            ))),
            Some(ParamValue::File(_)) => Err(GraphError::invalid_parameter(format!(
                "Param {name} must be a text field, not a file."
            ))),
        }
    }

    /// A boolean parameter (`true`/`false`, any case, or a JSON boolean).
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, GraphError> {
        if let Some(ParamValue::Json(Value::Bool(b))) = self.first(name) {
            return Ok(Some(*b));
        }
        match self.text(name)?.map(|s| s.to_ascii_lowercase()) {
            None => Ok(None),
            Some(s) if s == "true" || s == "1" => Ok(Some(true)),
            Some(s) if s == "false" || s == "0" => Ok(Some(false)),
            Some(s) => Err(GraphError::invalid_parameter(format!(
                "Param {name} must be a boolean, got '{s}'."
            ))),
        }
    }

    /// A list parameter: a JSON array, a string holding a JSON array, a comma-separated string,
    /// or repeated `name` / `name[]` fields.
    pub(crate) fn list(&self, name: &str) -> Result<Option<Vec<String>>, GraphError> {
        let bracketed = format!("{name}[]");
        let mut out: Option<Vec<String>> = None;
        for (k, v) in &self.values {
            if k != name && *k != bracketed {
                continue;
            }
            let items = match v {
                ParamValue::Json(Value::Array(items)) => items
                    .iter()
                    .map(|i| match i {
                        Value::String(s) => Ok(s.clone()),
                        _ => Err(GraphError::invalid_parameter(format!(
                            "Param {name} must be an array of strings."
                        ))),
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                ParamValue::Json(Value::String(s)) | ParamValue::Text(s) => split_list(s, name)?,
                ParamValue::Json(Value::Null) => continue,
                _ => {
                    return Err(GraphError::invalid_parameter(format!(
                        "Param {name} must be an array of strings."
                    )));
                }
            };
            out.get_or_insert_with(Vec::new).extend(items);
        }
        Ok(out)
    }

    /// A multipart file part.
    pub(crate) fn file(&self, name: &str) -> Option<&FilePart> {
        match self.first(name) {
            Some(ParamValue::File(f)) => Some(f),
            _ => None,
        }
    }
}

fn split_list(s: &str, name: &str) -> Result<Vec<String>, GraphError> {
    let t = s.trim();
    if t.starts_with('[') {
        return serde_json::from_str::<Vec<String>>(t).map_err(|_| {
            GraphError::invalid_parameter(format!("Param {name} must be an array of strings."))
        });
    }
    Ok(t.split(',')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect())
}

/// A `key=value` parameter of a header such as `multipart/form-data; boundary=x` or
/// `form-data; name="file"`, unquoted.
pub(crate) fn param(header: &str, key: &str) -> Option<String> {
    split_params(header)
        .into_iter()
        .find_map(|(k, v)| k.eq_ignore_ascii_case(key).then_some(v))
}

/// Splits `a; k1=v1; k2="v;2"` into its key/value pairs (the leading token is skipped).
fn split_params(header: &str) -> Vec<(String, String)> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in header.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
            cur.push(c);
        } else if c == ';' && !quoted {
            parts.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    parts.push(cur);
    parts
        .into_iter()
        .skip(1)
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v);
            Some((k.trim().to_owned(), v.to_owned()))
        })
        .collect()
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Parses a `multipart/form-data` body (RFC 7578). Parts with a filename become
/// [`ParamValue::File`], others [`ParamValue::Text`].
pub(crate) fn parse_multipart(
    body: &[u8],
    boundary: &str,
) -> Result<Vec<(String, ParamValue)>, String> {
    if boundary.is_empty() || boundary.len() > 200 {
        return Err("invalid boundary".into());
    }
    let delim = format!("--{boundary}").into_bytes();
    let next_delim = format!("\r\n--{boundary}").into_bytes();
    let mut pos = find(body, &delim, 0).ok_or("boundary not found")? + delim.len();
    let mut out = Vec::new();
    loop {
        let rest = &body[pos..];
        if rest.starts_with(b"--") {
            return Ok(out);
        }
        // Transport padding after the boundary is allowed.
        let line_end = find(body, b"\r\n", pos).ok_or("truncated part")?;
        if !body[pos..line_end]
            .iter()
            .all(|b| *b == b' ' || *b == b'\t')
        {
            return Err("garbage after boundary".into());
        }
        pos = line_end + 2;
        let (headers, data_start) = if body[pos..].starts_with(b"\r\n") {
            ("", pos + 2)
        } else {
            let end = find(body, b"\r\n\r\n", pos).ok_or("part headers not terminated")?;
            let h =
                std::str::from_utf8(&body[pos..end]).map_err(|_| "part headers are not UTF-8")?;
            (h, end + 4)
        };
        let data_end = find(body, &next_delim, data_start).ok_or("closing boundary not found")?;
        let data = &body[data_start..data_end];
        pos = data_end + next_delim.len();

        let mut disposition = None;
        let mut content_type = None;
        for line in headers.split("\r\n") {
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            if k.trim().eq_ignore_ascii_case("content-disposition") {
                disposition = Some(v.trim().to_owned());
            } else if k.trim().eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_owned());
            }
        }
        let disposition = disposition.ok_or("part without Content-Disposition")?;
        let name = param(&disposition, "name").ok_or("part without a name")?;
        let value = match param(&disposition, "filename") {
            Some(filename) => ParamValue::File(FilePart {
                filename,
                content_type,
                data: data.to_vec(),
            }),
            None => ParamValue::Text(
                String::from_utf8(data.to_vec())
                    .map_err(|_| format!("text part '{name}' is not UTF-8"))?,
            ),
        };
        out.push((name, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multipart_round_trip() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"flow.json\"\r\nContent-Type: application/json\r\n\r\n{\"a\":\"--Xy\"}\r\n--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nflow.json\r\n--XyZ--\r\n";
        let p = Params::parse(None, Some("multipart/form-data; boundary=\"XyZ\""), body).unwrap();
        assert_eq!(p.kind, BodyKind::Multipart);
        let f = p.file("file").unwrap();
        assert_eq!(f.filename, "flow.json");
        assert_eq!(f.content_type.as_deref(), Some("application/json"));
        assert_eq!(f.data, b"{\"a\":\"--Xy\"}");
        assert_eq!(p.text("name").unwrap().as_deref(), Some("flow.json"));
    }

    #[test]
    fn malformed_multipart_is_an_error_not_a_panic() {
        for body in [
            &b""[..],
            b"--b",
            b"--b\r\n",
            b"--b\r\nX: y\r\n\r\nno end",
            b"--b\r\n\r\nx\r\n--b--",
        ] {
            assert!(Params::parse(None, Some("multipart/form-data; boundary=b"), body).is_err());
        }
        assert!(Params::parse(None, Some("multipart/form-data"), b"x").is_err());
    }

    #[test]
    fn lists_and_booleans_in_every_encoding() {
        let p = Params::parse(
            Some("publish=TRUE"),
            Some("application/x-www-form-urlencoded"),
            b"categories=%5B%22OTHER%22%2C%22SURVEY%22%5D",
        )
        .unwrap();
        assert_eq!(p.list("categories").unwrap().unwrap(), ["OTHER", "SURVEY"]);
        assert_eq!(p.boolean("publish").unwrap(), Some(true));
        let p = Params::parse(
            None,
            Some("application/x-www-form-urlencoded"),
            b"categories[]=A&categories[]=B",
        )
        .unwrap();
        assert_eq!(p.list("categories").unwrap().unwrap(), ["A", "B"]);
        let p = Params::parse(
            None,
            Some("application/json"),
            br#"{"categories":["A"],"publish":false,"n":1}"#,
        )
        .unwrap();
        assert_eq!(p.list("categories").unwrap().unwrap(), ["A"]);
        assert_eq!(p.boolean("publish").unwrap(), Some(false));
        assert_eq!(p.text("n").unwrap().as_deref(), Some("1"));
        assert!(p.text("categories").is_err());
        assert!(Params::parse(None, Some("application/json"), b"[1]").is_err());
        assert!(Params::parse(None, Some("text/plain"), b"x").is_err());
    }
}

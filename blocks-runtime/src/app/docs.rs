//! A handler's doc comment as an endpoint's description: the text, with its `# Arguments`
//! section (rustdoc's convention) read into one description per parameter (for
//! `/gradio_api/info`, the API page and MCP tools).
//!
//! ```text
//! Greets someone.
//!
//! # Arguments
//!
//! * `name` - Who to greet.
//! * `times` - How many times.
//! ```

use std::collections::HashMap;

/// A doc comment split into the tool's description and its parameters' descriptions.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Docs {
    /// The text without the `# Arguments` section.
    pub(crate) description: String,
    /// Parameter name → its description.
    pub(crate) parameters: HashMap<String, String>,
}

/// Reads `doc`.
pub(crate) fn read(doc: &str) -> Docs {
    let mut description = Vec::new();
    let mut parameters = HashMap::new();
    let mut in_arguments = false;
    let mut current: Option<String> = None;
    for line in doc.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            in_arguments = matches!(
                heading.to_ascii_lowercase().as_str(),
                "arguments" | "parameters" | "args"
            );
            current = None;
            if in_arguments {
                continue;
            }
        }
        if !in_arguments {
            description.push(line);
            continue;
        }
        if let Some((name, text)) = argument_item(trimmed) {
            parameters.insert(name.clone(), text);
            current = Some(name);
        } else if trimmed.is_empty() {
            current = None;
        } else if let Some(text) = current.as_ref().and_then(|n| parameters.get_mut(n)) {
            // A continuation line of the item above.
            text.push(' ');
            text.push_str(trimmed);
        }
    }
    Docs {
        description: description.join("\n").trim().to_owned(),
        parameters,
    }
}

/// `* `name` - text`, `- name: text` and the like: the name and the text.
fn argument_item(line: &str) -> Option<(String, String)> {
    let rest = line
        .strip_prefix('*')
        .or_else(|| line.strip_prefix('-'))?
        .trim_start();
    let (name, text) = match rest.strip_prefix('`') {
        Some(quoted) => {
            let end = quoted.find('`')?;
            (&quoted[..end], &quoted[end + 1..])
        }
        None => {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
            (&rest[..end], &rest[end..])
        }
    };
    let text = text
        .trim_start()
        .trim_start_matches([':', '-', '—', '–'])
        .trim();
    (!name.is_empty()).then(|| (name.to_owned(), text.to_owned()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_arguments_section_becomes_parameter_descriptions() {
        let docs = read(
            "Greets someone.\n\n# Arguments\n\n* `name` - Who to greet,\n  by name.\n- times: How many times.\n\n# Examples\n\nSee below.",
        );
        assert_eq!(
            docs.description,
            "Greets someone.\n\n# Examples\n\nSee below."
        );
        assert_eq!(docs.parameters["name"], "Who to greet, by name.");
        assert_eq!(docs.parameters["times"], "How many times.");
    }

    #[test]
    fn a_doc_without_arguments_is_all_description() {
        let docs = read("Returns its input.");
        assert_eq!(docs.description, "Returns its input.");
        assert!(docs.parameters.is_empty());
        assert_eq!(read(""), Docs::default());
    }
}

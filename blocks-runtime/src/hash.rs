//! Change detection by hashing: a fast, well-mixed 64-bit hash (XXH3) of state values and of
//! component values in their JSON form.

use std::hash::{Hash, Hasher};

use xxhash_rust::xxh3::Xxh3;

/// The hash of a `Hash` value, used to detect changes of a `State<T>`.
///
/// ```
/// use blocks_runtime::session::hash_value;
/// assert_eq!(hash_value(&vec!["a"]), hash_value(&vec!["a"]));
/// assert_ne!(hash_value(&vec!["a"]), hash_value(&vec!["a", "b"]));
/// ```
pub fn hash_value<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = Xxh3::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// The hash of a component value in its JSON form, used to detect changes of page components.
/// Numbers that are equal as `f64` (`1` and `1.0`) hash alike.
///
/// ```
/// use blocks_runtime::session::hash_json;
/// use serde_json::json;
/// assert_eq!(hash_json(&json!({"a": 1, "b": [true]})), hash_json(&json!({"b": [true], "a": 1.0})));
/// assert_ne!(hash_json(&json!("1")), hash_json(&json!(1)));
/// ```
pub fn hash_json(value: &serde_json::Value) -> u64 {
    let mut hasher = Xxh3::new();
    feed(value, &mut hasher);
    hasher.finish()
}

fn feed(value: &serde_json::Value, hasher: &mut Xxh3) {
    use serde_json::Value;
    match value {
        Value::Null => hasher.write_u8(0),
        Value::Bool(b) => {
            hasher.write_u8(1);
            hasher.write_u8(u8::from(*b));
        }
        Value::Number(n) => {
            hasher.write_u8(2);
            match n.as_f64() {
                // 0.0 and -0.0 are equal and must hash alike.
                Some(0.0) => hasher.write_u64(0),
                Some(f) => hasher.write_u64(f.to_bits()),
                None => hasher.write(n.to_string().as_bytes()),
            }
        }
        Value::String(s) => {
            hasher.write_u8(3);
            hasher.write_usize(s.len());
            hasher.write(s.as_bytes());
        }
        Value::Array(items) => {
            hasher.write_u8(4);
            hasher.write_usize(items.len());
            for item in items {
                feed(item, hasher);
            }
        }
        Value::Object(map) => {
            // serde_json's map is ordered by key unless `preserve_order` is on; sort to be sure.
            hasher.write_u8(5);
            hasher.write_usize(map.len());
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (key, item) in entries {
                hasher.write_usize(key.len());
                hasher.write(key.as_bytes());
                feed(item, hasher);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn equal_values_hash_equal_and_different_values_differ() {
        assert_eq!(hash_value(&(1, "x")), hash_value(&(1, "x")));
        assert_ne!(hash_value(&(1, "x")), hash_value(&(2, "x")));
        assert_ne!(
            hash_value(&Vec::<String>::new()),
            hash_value(&vec![String::new()])
        );
    }

    #[test]
    fn json_hash_ignores_key_order_and_number_spelling() {
        assert_eq!(
            hash_json(&json!({"a": 1, "b": 2})),
            hash_json(&json!({"b": 2, "a": 1}))
        );
        assert_eq!(hash_json(&json!(2)), hash_json(&json!(2.0)));
        assert_eq!(hash_json(&json!(0.0)), hash_json(&json!(-0.0)));
    }

    #[test]
    fn json_hash_tells_types_and_structure_apart() {
        let distinct = [
            json!(null),
            json!(false),
            json!(0),
            json!(""),
            json!([]),
            json!({}),
            json!(["ab"]),
            json!(["a", "b"]),
            json!({"a": "b"}),
            json!({"ab": ""}),
        ];
        let hashes: std::collections::HashSet<u64> = distinct.iter().map(hash_json).collect();
        assert_eq!(hashes.len(), distinct.len());
    }
}

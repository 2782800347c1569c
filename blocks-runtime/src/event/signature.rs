//! What `#[blocks::handler]` records about a handler `fn` defined anywhere: its parameter names
//! and doc comment, found again by the handler's type when an event is wired, so API clients
//! see `text` rather than `param_0` and the doc comment describes the endpoint.

/// One handler's signature, registered at start-up by `#[blocks::handler]`.
///
/// ```
/// use blocks_runtime::event::HandlerSignature;
/// fn path() -> &'static str {
///     "my_app::echo"
/// }
/// let echo = HandlerSignature::new(path, &["text"], &[false], Some("Returns its input."));
/// assert_eq!(echo.parameters(), ["text"]);
/// ```
#[derive(Debug)]
pub struct HandlerSignature {
    path: fn() -> &'static str,
    parameters: &'static [&'static str],
    optional: &'static [bool],
    description: Option<&'static str>,
}

inventory::collect!(HandlerSignature);

impl HandlerSignature {
    /// A signature for the `fn` whose path `path` returns: the attribute passes a `fn` declared
    /// inside the handler's body that returns its own type name without its last segment, which
    /// is the handler's path as the handler's type name spells it (with the enclosing `fn`s and
    /// the `impl`'s type, where there are).
    pub const fn new(
        path: fn() -> &'static str,
        parameters: &'static [&'static str],
        optional: &'static [bool],
        description: Option<&'static str>,
    ) -> Self {
        HandlerSignature {
            path,
            parameters,
            optional,
            description,
        }
    }

    /// Whether each parameter's type is an `Option` (an optional API parameter).
    pub fn optional(&self) -> &'static [bool] {
        self.optional
    }

    /// The handler's parameter names, in order.
    pub fn parameters(&self) -> &'static [&'static str] {
        self.parameters
    }

    /// The handler's doc comment.
    pub fn description(&self) -> Option<&'static str> {
        self.description
    }

    /// The registered signature of the `fn` item whose type is `F`, if it has
    /// `#[blocks::handler]`: a `fn` item's type name is its path (`my_app::handlers::echo`,
    /// with `<…>` after it for a generic one).
    pub(crate) fn of<F>() -> Option<&'static HandlerSignature> {
        Self::find(std::any::type_name::<F>())
    }

    /// [`HandlerSignature::of`] for a value (what the macro calls). Not for use by hand.
    #[doc(hidden)]
    pub fn of_val<F>(_handler: &F) -> Option<&'static HandlerSignature> {
        Self::of::<F>()
    }

    fn find(type_name: &str) -> Option<&'static HandlerSignature> {
        let path = type_name.split('<').next().unwrap_or(type_name);
        inventory::iter::<HandlerSignature>
            .into_iter()
            .find(|s| (s.path)() == path)
    }
}

/// The path of the `fn` enclosing `probe`, a `fn` item declared in its body: what
/// `#[blocks::handler]` registers. Not for use by hand.
#[doc(hidden)]
pub fn enclosing_path<P>(_probe: &P) -> &'static str {
    let full = std::any::type_name::<P>();
    full.rsplit_once("::").map_or(full, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::{enclosing_path, HandlerSignature};

    fn greet(name: String) -> String {
        fn probe() -> &'static str {
            enclosing_path(&probe)
        }
        inventory::submit! { HandlerSignature::new(probe, &["name"], &[false], Some("Greets.")) }
        name
    }

    struct Greeter;

    impl Greeter {
        fn hello(who: String) -> String {
            fn probe() -> &'static str {
                enclosing_path(&probe)
            }
            inventory::submit! { HandlerSignature::new(probe, &["who"], &[true], None) }
            who
        }
    }

    fn of_val<F>(_: &F) -> Option<&'static HandlerSignature> {
        HandlerSignature::of::<F>()
    }

    #[test]
    fn a_registered_fn_is_found_by_its_type() {
        let found = of_val(&greet).expect("registered");
        assert_eq!(found.parameters(), ["name"]);
        assert_eq!(found.description(), Some("Greets."));
        assert_eq!(
            of_val(&Greeter::hello).expect("registered").parameters(),
            ["who"]
        );
    }

    #[test]
    fn closures_and_unregistered_fns_are_not() {
        assert!(of_val(&|x: u8| x).is_none());
        assert!(of_val(&str::len).is_none());
        assert!(
            HandlerSignature::find("blocks_runtime::event::signature::tests::a::greet").is_none()
        );
    }
}

//! The seed apps from Gradio's State guide, tested the way a person and an API client use them.

#![allow(clippy::unwrap_used)]

use std::sync::atomic::Ordering;
use std::time::Duration;

use blocks::component::{BrowserState, Button, CheckboxGroup, Handle, Number, State, Textbox};
use blocks::testing::TestApp;
use serde_json::{json, Value};

#[path = "../examples/browser_state.rs"]
#[allow(dead_code, unreachable_pub)]
mod browser_state;
#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/global_counter.rs"]
#[allow(dead_code, unreachable_pub)]
mod global_counter;
#[path = "../examples/per_session.rs"]
#[allow(dead_code, unreachable_pub)]
mod per_session;

/// The component of type `C` labelled `label`.
fn handle<C: blocks::component::Component>(app: &blocks::App, label: &str) -> Handle<C> {
    app.find::<C>(label)
        .unwrap_or_else(|| panic!("no {} labelled {label}", C::NAME))
}

/// The app's only state.
fn state_handle<T: Send + Sync + 'static>(app: &blocks::App) -> Handle<State<T>> {
    app.all::<State<T>>()[0]
}

mod visitor_counter {
    use super::*;

    /// One test: the count is a `static`, so no other test may open pages at the same time.
    #[test]
    fn every_page_and_api_client_raises_the_one_shared_count() {
        let test = TestApp::new(global_counter::app());
        let total: Handle<Textbox> = handle(test.app(), "Total Visitors");
        let first = test.open();
        let n: u64 = first.value(total).parse().unwrap();
        let second = test.open();
        assert_eq!(
            second.value(total),
            (n + 1).to_string(),
            "shared across sessions"
        );
        let third = test.open();
        assert_eq!(third.value(total), (n + 2).to_string());
        assert_eq!(
            first.value(total),
            n.to_string(),
            "a page shows what its load returned"
        );

        let client = test.session();
        let outcome = client.call("increment_counter", vec![]).unwrap();
        assert_eq!(outcome.outputs, vec![json!((n + 3).to_string())]);
    }
}

mod shopping_cart {
    use super::*;

    struct Cart {
        items: Handle<CheckboxGroup>,
        add: Handle<Button>,
        size: Handle<Number>,
        cart: Handle<State<Vec<String>>>,
    }

    fn parts(test: &TestApp) -> Cart {
        Cart {
            items: handle(test.app(), "Items"),
            add: handle(test.app(), "Add Items"),
            size: handle(test.app(), "Cart Size"),
            cart: state_handle(test.app()),
        }
    }

    #[test]
    fn adding_items_fills_the_cart_and_updates_its_size() {
        let test = TestApp::new(cart::app());
        let c = parts(&test);
        let tab = test.open();
        tab.set(c.items, vec!["Cereal".to_string(), "Milk".to_string()]);
        let fired = tab.click(c.add).unwrap();
        assert_eq!(fired.listeners().len(), 1, "the cart's change listener ran");
        assert_eq!(tab.state(c.cart).unwrap(), vec!["Cereal", "Milk"]);
        assert_eq!(tab.value(c.size), 2.0);

        tab.set(c.items, vec!["Water".to_string()]);
        tab.click(c.add).unwrap();
        assert_eq!(tab.state(c.cart).unwrap(), vec!["Cereal", "Milk", "Water"]);
        assert_eq!(tab.value(c.size), 3.0);
    }

    #[test]
    fn carts_are_isolated_per_session() {
        let test = TestApp::new(cart::app());
        let c = parts(&test);
        let alice = test.open();
        let bob = test.open();
        alice.set(c.items, vec!["Milk".to_string()]);
        alice.click(c.add).unwrap();
        alice.click(c.add).unwrap();
        bob.set(c.items, vec!["Water".to_string()]);
        bob.click(c.add).unwrap();
        assert_eq!(alice.state(c.cart).unwrap(), vec!["Milk", "Milk"]);
        assert_eq!(bob.state(c.cart).unwrap(), vec!["Water"]);
        assert_eq!(alice.value(c.size), 2.0);
        assert_eq!(bob.value(c.size), 1.0);
    }

    #[test]
    fn change_fires_on_a_real_change_and_not_on_an_equal_value() {
        let test = TestApp::new(cart::app());
        let c = parts(&test);
        let tab = test.open();
        let fired = tab.click(c.add).unwrap();
        assert!(
            fired.listeners().is_empty(),
            "adding nothing leaves the cart equal"
        );
        tab.set(c.items, vec!["Cereal".to_string()]);
        assert_eq!(tab.click(c.add).unwrap().listeners().len(), 1);
        tab.set(c.items, Vec::<String>::new());
        assert!(tab.click(c.add).unwrap().listeners().is_empty());
    }

    #[test]
    fn an_api_client_keeps_its_cart_across_calls_and_gets_the_size_in_updates() {
        let test = TestApp::new(cart::app());
        let c = parts(&test);
        let client = test.session();
        let first = client
            .call("add_items", vec![json!(["Milk"]), Value::Null])
            .unwrap();
        assert_eq!(
            first.outputs,
            vec![Value::Null],
            "state outputs are null on the wire"
        );
        assert_eq!(first.changed_state_ids, vec![c.cart.id()]);
        assert_eq!(first.updates.get(&c.size.id()), Some(&json!(1)));
        let second = client
            .call(
                "add_items",
                vec![json!(["Water", "Cereal"]), json!("ignored")],
            )
            .unwrap();
        assert_eq!(second.updates.get(&c.size.id()), Some(&json!(3)));
        assert_eq!(
            client.state(c.cart).unwrap(),
            vec!["Milk", "Water", "Cereal"]
        );

        let other = test.session();
        let fresh = other
            .call("add_items", vec![json!(["Milk"]), Value::Null])
            .unwrap();
        assert_eq!(fresh.updates.get(&c.size.id()), Some(&json!(1)));
    }

    #[test]
    fn a_wrong_type_is_refused_and_the_cart_is_kept() {
        let test = TestApp::new(cart::app());
        let c = parts(&test);
        let client = test.session();
        client
            .call("add_items", vec![json!(["Milk"]), Value::Null])
            .unwrap();
        let err = client
            .call("add_items", vec![json!("Milk"), Value::Null])
            .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("Checkboxgroup"), "{message}");
        assert!(message.contains("\"Items\""), "{message}");
        assert!(message.contains("a list of strings"), "{message}");
        assert_eq!(client.state(c.cart).unwrap(), vec!["Milk"]);
    }
}

mod per_session_object {
    use super::*;

    #[test]
    fn counters_are_per_session_and_freed_when_the_session_expires() {
        let test = TestApp::new(per_session::app());
        let increment: Handle<Button> = handle(test.app(), "Increment Counter");
        let value: Handle<Number> = handle(test.app(), "Counter Value");
        let status: Handle<Textbox> = handle(test.app(), "Status");
        let live_before = per_session::LIVE_COUNTERS.load(Ordering::SeqCst);

        let a = test.open();
        let b = test.open();
        assert_eq!(a.value(status), format!("Session {} initialized", a.id()));
        a.click(increment).unwrap();
        a.click(increment).unwrap();
        b.click(increment).unwrap();
        assert_eq!(a.value(value), 2.0);
        assert_eq!(b.value(value), 1.0);
        assert_eq!(
            per_session::LIVE_COUNTERS.load(Ordering::SeqCst) - live_before,
            2,
            "one object per session, made by the factory"
        );

        // Closing runs unload; the session (and its object) is kept for 60 minutes.
        let unloaded = a.close();
        assert_eq!(unloaded.len(), 1);
        assert!(unloaded[0].is_ok());
        assert!(test.advance(Duration::from_secs(59 * 60)).is_empty());
        assert!(a.is_held());
        let expired = test.advance(Duration::from_secs(60));
        assert_eq!(expired, vec![a.id().clone()]);
        assert!(!a.is_held());
        assert!(b.is_held(), "an open page never expires");
        assert_eq!(
            per_session::LIVE_COUNTERS.load(Ordering::SeqCst) - live_before,
            1,
            "the expired session's object was dropped"
        );

        // API callers get their own counter too, without a page load. (One test: the live
        // count is a static, so no other test may make counters at the same time.)
        let one = test.session();
        let two = test.session();
        assert_eq!(
            one.call("increment", vec![Value::Null]).unwrap().outputs,
            vec![json!(1.0)]
        );
        assert_eq!(
            one.call("increment", vec![Value::Null]).unwrap().outputs,
            vec![json!(2.0)]
        );
        assert_eq!(
            two.call("increment", vec![Value::Null]).unwrap().outputs,
            vec![json!(1.0)]
        );
    }
}

mod saved_in_browser {
    use super::*;

    struct Login {
        username: Handle<Textbox>,
        password: Handle<Textbox>,
        generate: Handle<Button>,
        saved: Handle<BrowserState<(String, String)>>,
    }

    fn parts(test: &TestApp) -> Login {
        Login {
            username: handle(test.app(), "Username"),
            password: handle(test.app(), "Password"),
            generate: handle(test.app(), "Generate Randomly"),
            saved: test.app().all()[0],
        }
    }

    #[test]
    fn typed_values_are_saved_and_come_back_after_a_reload() {
        let test = TestApp::new(browser_state::app());
        let l = parts(&test);
        let tab = test.open();
        assert_eq!(tab.value(l.username), "");
        tab.edit(l.username, "ada");
        tab.edit(l.password, "secret");
        assert_eq!(
            tab.value(l.saved),
            ("ada".to_string(), "secret".to_string())
        );

        let reloaded = tab.reload();
        assert_ne!(reloaded.id(), tab.id(), "a reload is a new session");
        assert_eq!(reloaded.value(l.username), "ada");
        assert_eq!(reloaded.value(l.password), "secret");
    }

    #[test]
    fn generated_values_are_saved_by_the_change_listener() {
        let test = TestApp::new(browser_state::app());
        let l = parts(&test);
        let tab = test.open();
        let fired = tab.click(l.generate).unwrap();
        assert_eq!(fired.listeners().len(), 1, "one save for both changes");
        let user = tab.value(l.username);
        let pass = tab.value(l.password);
        assert_eq!(user.len(), 10);
        assert_ne!(user, pass);
        assert_eq!(tab.value(l.saved), (user.clone(), pass.clone()));
        let reloaded = tab.reload();
        assert_eq!(reloaded.value(l.username), user);
    }

    #[test]
    fn the_page_holds_only_a_sealed_token() {
        let test = TestApp::new(browser_state::app());
        let l = parts(&test);
        let tab = test.open();
        tab.edit(l.username, "ada");
        tab.edit(l.password, "secret-password");
        let token = tab.raw_value(l.saved.id());
        let token = token.as_str().expect("a token string");
        assert!(
            !token.contains("secret-password") && !token.contains('"'),
            "{token}"
        );
    }

    #[test]
    fn a_tampered_token_falls_back_to_the_default() {
        let test = TestApp::new(browser_state::app());
        let l = parts(&test);
        let tab = test.open();
        tab.edit(l.username, "ada");
        let token = tab.raw_value(l.saved.id());
        let mut forged = token.as_str().expect("token").to_owned();
        forged.insert(5, 'x');
        let reopened = test.open_with(|page| page.set(l.saved, ("mallory".into(), "x".into())));
        assert_eq!(
            reopened.value(l.username),
            "",
            "a plain value is not a token"
        );
        let reopened = test.open_with(|page| {
            page.set_raw(l.saved.id(), serde_json::Value::String(forged.clone()))
        });
        assert_eq!(reopened.value(l.username), "", "a forged token is refused");
    }

    #[test]
    fn values_survive_a_restart_with_the_same_secret_only() {
        // As `BLOCKS_SECRET` would, without touching the environment other tests read.
        let build = |secret: &str| TestApp::new(browser_state::app().with_secret(secret));
        let before = build("one secret");
        let l = parts(&before);
        let tab = before.open();
        tab.edit(l.username, "ada");
        let token = tab.raw_value(l.saved.id());

        let after = build("one secret");
        let restored = after.open_with(|page| page.set_raw(l.saved.id(), token.clone()));
        assert_eq!(restored.value(l.username), "ada");

        let other = build("another secret");
        let refused = other.open_with(|page| page.set_raw(l.saved.id(), token.clone()));
        assert_eq!(refused.value(l.username), "");
    }

    #[test]
    fn empty_values_are_stored_like_any_other() {
        let test = TestApp::new(browser_state::app());
        let l = parts(&test);
        let tab = test.open();
        tab.edit(l.username, "x");
        tab.edit(l.username, "");
        assert_eq!(tab.value(l.saved), (String::new(), String::new()));
        let reloaded = tab.reload();
        assert_eq!(reloaded.value(l.username), "");
    }
}

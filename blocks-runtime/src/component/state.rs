//! `State<T>`: a per-session value kept on the server, and `StateMut<T>` to change it in place.

use std::any::Any;
use std::fmt;
use std::hash::Hash;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use parking_lot::{ArcMutexGuard, Mutex, RawMutex};

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::{Component, ComponentSpec, IntoOutput, Props, ReadContext, ReadValue, Role};
use crate::hash::hash_value;

/// A value each session gets its own copy of, kept on the server and never sent to the page.
///
/// Make it from a default that is cloned for each session ([`State::new`]) or from a factory
/// called once per session ([`State::with`]) for values that cannot be cloned (a `Mutex`, a
/// connection, a model handle).
///
/// A handler receives a state's value by value (a clone; needs `T: Clone`) or as a
/// [`StateMut<T>`] that changes the session's value in place. Returning a value to a state
/// output replaces it. `.change` listeners on a state need `T: Hash`.
///
/// ```
/// use blocks_runtime::component::State;
/// let cart = State::new(Vec::<String>::new());
/// let counter = State::with(|| std::sync::Mutex::new(0_u64));
/// # let _ = (cart, counter);
/// ```
pub struct State<T> {
    make: Arc<dyn Fn() -> T + Send + Sync>,
    codec: Option<StateCodec>,
}

impl<T: Send + Sync + 'static> State<T> {
    /// A state whose sessions each start from a clone of `default`.
    pub fn new(default: T) -> Self
    where
        T: Clone,
    {
        State {
            make: Arc::new(move || default.clone()),
            codec: None,
        }
    }

    /// A state whose sessions each start from a fresh `make()`. Its values stay in this
    /// process, even when the app has a session store.
    pub fn with(make: impl Fn() -> T + Send + Sync + 'static) -> Self {
        State {
            make: Arc::new(make),
            codec: None,
        }
    }

    /// Like [`State::new`], and its values can also be kept in the app's
    /// [`SessionStore`](crate::session::SessionStore) (as JSON), so replicas that share the
    /// store serve the same sessions. Without a store it is the same as `State::new`.
    ///
    /// ```
    /// use blocks_runtime::component::State;
    /// let cart = State::stored(Vec::<String>::new());
    /// # let _ = cart;
    /// ```
    pub fn stored(default: T) -> Self
    where
        T: Clone + serde::Serialize + serde::de::DeserializeOwned,
    {
        State {
            codec: Some(StateCodec::of::<T>()),
            ..State::new(default)
        }
    }
}

/// Turns a state's slot into JSON and back, for a session store.
#[derive(Clone)]
pub(crate) struct StateCodec {
    pub(crate) encode: Arc<EncodeFn>,
    pub(crate) decode: Arc<DecodeFn>,
}

/// Reads a slot's value as JSON.
pub(crate) type EncodeFn = dyn Fn(&AnySlot) -> Option<serde_json::Value> + Send + Sync;
/// Writes JSON into a slot, or says why it does not decode.
pub(crate) type DecodeFn = dyn Fn(&AnySlot, serde_json::Value) -> Result<(), String> + Send + Sync;

impl StateCodec {
    fn of<T>() -> Self
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    {
        StateCodec {
            encode: Arc::new(|slot| {
                let slot = slot.clone().downcast::<Mutex<T>>().ok()?;
                let guard = slot.lock();
                serde_json::to_value(&*guard).ok()
            }),
            decode: Arc::new(|slot, json| {
                let slot = slot
                    .clone()
                    .downcast::<Mutex<T>>()
                    .map_err(|_| "the slot holds another type".to_owned())?;
                let value: T = serde_json::from_value(json).map_err(|e| e.to_string())?;
                *slot.lock() = value;
                Ok(())
            }),
        }
    }
}

impl<T> fmt::Debug for State<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("State")
    }
}

/// The session's slot for one state: the value behind a lock.
pub(crate) type Slot<T> = Arc<Mutex<T>>;
/// A slot whose value type is erased.
pub(crate) type AnySlot = Arc<dyn Any + Send + Sync>;

/// Hashes a state's value in a slot, for change detection (`None`: not this state's type).
pub(crate) type StateHasher = Arc<dyn Fn(&AnySlot) -> Option<u64> + Send + Sync>;

/// Writes a value (boxed `T`) into a slot; `false` if the types don't match.
pub(crate) type StoreFn = Arc<dyn Fn(&AnySlot, Box<dyn Any + Send>) -> bool + Send + Sync>;

/// Typed operations on one state's slots, erased so the app can keep them in a list.
#[derive(Clone)]
#[doc(hidden)]
pub struct StateSlotFactory {
    pub(crate) make: Arc<dyn Fn() -> AnySlot + Send + Sync>,
    pub(crate) store: StoreFn,
    /// Set for states a session store can keep ([`State::stored`]).
    pub(crate) codec: Option<StateCodec>,
}

impl StateSlotFactory {
    fn new<T: Send + Sync + 'static>(
        make: Arc<dyn Fn() -> T + Send + Sync>,
        codec: Option<StateCodec>,
    ) -> Self {
        StateSlotFactory {
            codec,
            make: Arc::new(move || -> AnySlot { Arc::new(Mutex::new(make())) }),
            store: Arc::new(|slot, value| {
                match (slot.clone().downcast::<Mutex<T>>(), value.downcast::<T>()) {
                    (Ok(slot), Ok(value)) => {
                        *slot.lock() = *value;
                        true
                    }
                    _ => false,
                }
            }),
        }
    }

    /// Adds change detection; only possible when the value is `Hash`.
    pub(crate) fn hashed<T: Hash + Send + Sync + 'static>() -> StateHasher {
        Arc::new(|slot| {
            let slot = slot.clone().downcast::<Mutex<T>>().ok()?;
            let guard = slot.lock();
            Some(hash_value(&*guard))
        })
    }
}

impl<T: Send + Sync + 'static> Component for State<T> {
    type Value = T;
    const NAME: &'static str = "State";
    const KIND: &'static str = "state";

    fn into_spec(self) -> ComponentSpec {
        let mut props = Props::default();
        props.set("name", "state");
        props.set("time_to_live", serde_json::Value::Null);
        ComponentSpec {
            kind: "state",
            name: "State",
            props,
            api: None,
            role: Role::State(StateSlotFactory::new(self.make, self.codec)),
            initial: None,
            validate: None,
            module: None,
            html: None,
            page: crate::component::kind::PageHooks::PLAIN,
        }
    }
}

fn slot_of<T: Send + Sync + 'static>(
    input: ComponentInput,
    cx: &ReadContext<'_>,
) -> Result<Slot<T>, InputError> {
    match input {
        ComponentInput::State(slot) => slot.downcast::<Mutex<T>>().map_err(|_| {
            InputError::Internal(format!("state #{} holds a value of another type", cx.id))
        }),
        other => Err(InputError::Internal(format!(
            "state #{} received {} instead of its session slot",
            cx.id,
            other.kind()
        ))),
    }
}

impl<T: Clone + Send + Sync + 'static> ReadValue for State<T> {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<T, InputError> {
        let slot = slot_of::<T>(input, cx)?;
        let value = slot.lock().clone();
        Ok(value)
    }
}

impl<T: Send + Sync + 'static> IntoOutput<State<T>> for T {
    fn into_write(self) -> OutputWrite {
        OutputWrite::State(Box::new(self))
    }
}

/// A session's state value, borrowed for the length of one handler call so the handler can
/// change it in place. Dereferences to `T`.
///
/// The event holds the state for its whole run, so no other event of the same session sees
/// it half-changed. A change made through `StateMut` is kept even if the handler then fails;
/// only changes made by returning a value are undone by an error.
///
/// ```
/// use blocks_runtime::component::StateMut;
/// fn add(mut cart: StateMut<Vec<String>>, item: String) -> f64 {
///     cart.push(item);
///     cart.len() as f64
/// }
/// # let _ = add;
/// ```
pub struct StateMut<T> {
    guard: ArcMutexGuard<RawMutex, T>,
}

impl<T> Deref for StateMut<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for StateMut<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T: fmt::Debug> fmt::Debug for StateMut<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: Send + Sync + 'static> StateMut<T> {
    /// Borrows the session's value for one handler call.
    pub(crate) fn borrow(input: ComponentInput, cx: &ReadContext<'_>) -> Result<Self, InputError> {
        let slot = slot_of::<T>(input, cx)?;
        // The engine serialises the events that touch this state, so the lock is free
        // unless the value was leaked out of a previous handler.
        match slot.try_lock_arc_for(std::time::Duration::from_secs(5)) {
            Some(guard) => Ok(StateMut { guard }),
            None => Err(InputError::Internal(format!(
                "state #{} is still borrowed by an earlier handler",
                cx.id
            ))),
        }
    }
}

/// A state has `change` when its value can be hashed: changes are found by comparing hashes
/// after each event.
impl<T: Hash + Send + Sync + 'static> crate::component::events::HasChange for State<T> {
    fn change_trigger(id: crate::component::ComponentId) -> crate::component::events::Trigger {
        crate::component::events::Trigger::component(
            id,
            crate::component::events::EventName::Change,
        )
        .with_state_hasher(StateSlotFactory::hashed::<T>())
    }
}

/// A copy of an input's value without taking it: a state's session value, or a JSON value
/// from the page read as `T`. `None` when it is neither.
pub(crate) fn peek_value<T>(input: &ComponentInput) -> Option<T>
where
    T: Clone + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    match input {
        ComponentInput::State(slot) => Arc::clone(slot)
            .downcast::<Mutex<T>>()
            .ok()
            .map(|slot| slot.lock().clone()),
        ComponentInput::Json(json) => serde_json::from_value(json.clone()).ok(),
    }
}

//! Layout blocks: Row, Column, Group, Tabs/Tab, Accordion. They hold components and have no
//! value: never inputs, but outputs of their own prop updates (`Row::update().visible(false)`,
//! `Accordion::update().open(true)`, `Tabs::update().selected("b")`), as in Gradio.

use serde::Serialize;

use crate::component::codec::OutputWrite;
use crate::component::{ComponentSpec, IntoOutput, Props, Role, Update};

/// A layout block that [`crate::Blocks::open`] can nest components in.
pub trait Layout: 'static {
    /// The block's kind and props.
    #[doc(hidden)]
    fn into_spec(self) -> ComponentSpec;
}

fn spec(kind: &'static str, name: &'static str, props: Props) -> ComponentSpec {
    ComponentSpec {
        kind,
        name,
        props,
        api: None,
        role: Role::Layout,
        initial: None,
        validate: None,
        module: None,
        html: None,
        page: crate::component::kind::PageHooks::PLAIN,
    }
}

macro_rules! layout {
    ($(#[$doc:meta])* $ty:ident, $kind:literal, $name:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            props: Props,
        }

        impl Default for $ty {
            fn default() -> Self {
                $ty { props: Props::with_defaults($kind) }
            }
        }

        impl $ty {
            /// Whether the block and its contents are shown.
            pub fn visible(mut self, visible: bool) -> Self {
                self.props.set("visible", visible);
                self
            }
            /// An HTML id for custom CSS.
            pub fn elem_id(mut self, id: impl Into<String>) -> Self {
                self.props.set("elem_id", id.into());
                self
            }
        }

        impl Layout for $ty {
            fn into_spec(self) -> ComponentSpec {
                spec($kind, $name, self.props)
            }
        }

        impl $ty {
            /// A prop update for this block, returned by a handler for it as an output (a
            /// layout block takes nothing else).
            pub fn update() -> Update<Self> {
                Update::new()
            }
        }

        impl IntoOutput<$ty> for Update<$ty> {
            fn into_write(self) -> OutputWrite {
                OutputWrite::Update(self.into_props())
            }
        }
    };
}

layout!(
    /// Places its children side by side.
    Row, "row", "Row"
);
layout!(
    /// Stacks its children vertically.
    Column, "column", "Column"
);
layout!(
    /// Groups children without gaps.
    Group, "group", "Group"
);
layout!(
    /// Holds [`Tab`]s, one shown at a time.
    Tabs, "tabs", "Tabs"
);
layout!(
    /// One tab of a [`Tabs`]; build with [`Tab::new`].
    Tab, "tabitem", "Tab"
);
layout!(
    /// A collapsible section; build with [`Accordion::new`].
    Accordion, "accordion", "Accordion"
);

impl Row {
    /// Makes all children the same height.
    pub fn equal_height(mut self, equal: bool) -> Self {
        self.props.set("equal_height", equal);
        self
    }
}

impl Column {
    /// Relative width in a row.
    pub fn scale(mut self, scale: u32) -> Self {
        self.props.set("scale", scale);
        self
    }
}

impl Tab {
    /// A tab titled `label`.
    pub fn new(label: impl Into<String>) -> Self {
        let mut tab = Tab::default();
        tab.props.set("label", label.into());
        tab
    }
    /// The tab's identifier, which [`Update<Tabs>::selected`] names (Gradio's `id`).
    pub fn id(mut self, id: impl Into<TabId>) -> Self {
        self.props.set("id", id.into());
        self
    }
}

/// Names a [`Tab`] (`Tab::new("B").id("b")`), for selecting it with
/// [`Update<Tabs>::selected`]: a string or a number, as Gradio's tab `id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TabId {
    /// A numeric id.
    Number(i64),
    /// A text id.
    Text(String),
}

impl From<i64> for TabId {
    fn from(id: i64) -> Self {
        TabId::Number(id)
    }
}

impl From<i32> for TabId {
    fn from(id: i32) -> Self {
        TabId::Number(id.into())
    }
}

impl From<&str> for TabId {
    fn from(id: &str) -> Self {
        TabId::Text(id.to_owned())
    }
}

impl From<String> for TabId {
    fn from(id: String) -> Self {
        TabId::Text(id)
    }
}

impl Update<Tabs> {
    /// Shows the tab with this [`Tab::id`].
    pub fn selected(self, id: impl Into<TabId>) -> Self {
        self.prop("selected", id.into())
    }
}

impl Update<Accordion> {
    /// Opens or closes the section.
    pub fn open(self, open: bool) -> Self {
        self.prop("open", open)
    }
}

impl Tabs {
    /// The tab shown first, by its [`Tab::id`] (default: the first tab).
    pub fn selected(mut self, id: impl Into<TabId>) -> Self {
        self.props.set("selected", id.into());
        self
    }
}

impl Accordion {
    /// A section titled `label`, open at first.
    pub fn new(label: impl Into<String>) -> Self {
        let mut acc = Accordion::default();
        acc.props.set("label", label.into());
        acc.props.set("open", true);
        acc
    }
    /// Whether it starts open.
    pub fn open(mut self, open: bool) -> Self {
        self.props.set("open", open);
        self
    }
}

crate::component::events::events!(Tab: Selectable);

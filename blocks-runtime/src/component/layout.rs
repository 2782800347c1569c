//! Layout blocks: Row, Column, Group, Tabs/Tab, Accordion. They hold components; they have no
//! value and are never inputs or outputs.

use crate::component::{ComponentSpec, Props, Role};

/// A layout block that [`crate::Blocks::open`] can nest components in.
pub trait Layout {
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

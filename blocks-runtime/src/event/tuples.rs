//! The one list of tuple arities (0 to 12) every arity-generic impl is made from (axum's
//! `all_the_tuples!`): handlers, input lists and output tuples.

/// Calls `$m!` once per arity with `(TypeParam OtherParam index)` triples.
macro_rules! all_the_tuples {
    ($m:ident) => {
        $m!();
        $m!((T0 U0 0));
        $m!((T0 U0 0), (T1 U1 1));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6), (T7 U7 7));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6), (T7 U7 7), (T8 U8 8));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6), (T7 U7 7), (T8 U8 8), (T9 U9 9));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6), (T7 U7 7), (T8 U8 8), (T9 U9 9), (T10 U10 10));
        $m!((T0 U0 0), (T1 U1 1), (T2 U2 2), (T3 U3 3), (T4 U4 4), (T5 U5 5), (T6 U6 6), (T7 U7 7), (T8 U8 8), (T9 U9 9), (T10 U10 10), (T11 U11 11));
    };
}
pub(crate) use all_the_tuples;

//! The one list of tuple arities (0 to 12) every arity-generic impl is made from (axum's
//! `all_the_tuples!`): handlers, input lists and output tuples.

/// Calls `$m!` once per arity with `(TypeParam OtherParam ThirdParam index)` quadruples.
macro_rules! all_the_tuples {
    ($m:ident) => {
        $m!();
        $m!((T0 U0 V0 0));
        $m!((T0 U0 V0 0), (T1 U1 V1 1));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6), (T7 U7 V7 7));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6), (T7 U7 V7 7), (T8 U8 V8 8));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6), (T7 U7 V7 7), (T8 U8 V8 8), (T9 U9 V9 9));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6), (T7 U7 V7 7), (T8 U8 V8 8), (T9 U9 V9 9), (T10 U10 V10 10));
        $m!((T0 U0 V0 0), (T1 U1 V1 1), (T2 U2 V2 2), (T3 U3 V3 3), (T4 U4 V4 4), (T5 U5 V5 5), (T6 U6 V6 6), (T7 U7 V7 7), (T8 U8 V8 8), (T9 U9 V9 9), (T10 U10 V10 10), (T11 U11 V11 11));
    };
}
pub(crate) use all_the_tuples;

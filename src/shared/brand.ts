/**
 * Branded primitives: a FiscalCode is a string that has been checked, and the
 * compiler keeps unchecked strings out. Values are branded only by the parse
 * functions at the edge (HTTP schemas, CLI, seed), never by a bare cast elsewhere.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

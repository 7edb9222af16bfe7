// The demo accounts' password (../shared/CONTRACT.md, "Demo data"), in a module of its own that imports
// nothing, so the seed, the tests and the bench scripts share it without loading any app module that
// reads the environment or opens the database.
export const DEMO_PASSWORD = "sidak-demo-2026";

import path from "node:path";

// Where test runs keep their files (git-ignored).
export const TMP_DIR = path.resolve("tests/.tmp");
export const BASE_DB = path.join(TMP_DIR, "base.db");
export const E2E_BUILD_DIR = path.join(TMP_DIR, "build");
